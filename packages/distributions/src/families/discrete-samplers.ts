// Poisson and binomial counts, drawn in float64 on the host from the
// library's seeded generator (`randomNumber`), then uploaded: the
// parameters are read back once per call (like torch's CPU samplers, which
// loop per element). Exact algorithms:
// - small means (< 10): inversion, walking the pmf from 0;
// - larger means: Hörmann's transformed rejection with squeeze, PTRS for
//   the Poisson and BTRS for the binomial (W. Hörmann, "The transformed
//   rejection method for generating Poisson random variables", Insurance:
//   Mathematics and Economics 12 (1993) 39–45, and "The generation of
//   binomial random variates", J. Statist. Comput. Simul. 46 (1993)
//   101–110; the constants are the papers').
import { tf, randomNumber } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';

const SMALL_MEAN = 10;

/** log k! for nonnegative integers: exact below 16, Stirling's series (terms to 1/k^5) above. */
function logFactorial(k: number): number {
  if (k < LOG_FACTORIALS.length) return LOG_FACTORIALS[k] as number;
  const x = k + 1;
  const x2 = x * x;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + (1 / 12 - (1 / 360 - 1 / (1260 * x2)) / x2) / x;
}

const LOG_FACTORIALS: number[] = (() => {
  const out = [0];
  for (let i = 1; i < 16; i++) out.push((out[i - 1] as number) + Math.log(i));
  return out;
})();

function poissonOne(lam: number): number {
  if (!(lam > 0)) return lam === 0 ? 0 : NaN;
  if (lam < SMALL_MEAN) {
    const u = randomNumber();
    let k = 0;
    let p = Math.exp(-lam);
    let s = p;
    while (u > s && k < 1000) {
      k++;
      p *= lam / k;
      s += p;
    }
    return k;
  }
  const slam = Math.sqrt(lam);
  const logLam = Math.log(lam);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = randomNumber() - 0.5;
    const V = randomNumber();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + lam + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log(V) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lam + k * logLam - logFactorial(k)) return k;
  }
}

function binomialOne(n: number, p: number): number {
  if (!(n >= 0) || !(p >= 0 && p <= 1)) return NaN;
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  const flip = p > 0.5;
  const pp = flip ? 1 - p : p;
  const q = 1 - pp;
  let k: number;
  if (n * pp < SMALL_MEAN) {
    const u = randomNumber();
    const ratio = pp / q;
    let f = Math.exp(n * Math.log1p(-pp));
    let s = f;
    k = 0;
    while (u > s && k < n) {
      f *= ((n - k) / (k + 1)) * ratio;
      k++;
      s += f;
    }
  } else {
    const spq = Math.sqrt(n * pp * q);
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * pp;
    const c = n * pp + 0.5;
    const vr = 0.92 - 4.2 / b;
    const alpha = (2.83 + 5.1 / b) * spq;
    const lpq = Math.log(pp / q);
    const m = Math.floor((n + 1) * pp);
    const h = logFactorial(m) + logFactorial(n - m);
    for (;;) {
      const U = randomNumber() - 0.5;
      const V = randomNumber();
      const us = 0.5 - Math.abs(U);
      const kk = Math.floor(((2 * a) / us + b) * U + c);
      if (kk < 0 || kk > n) continue;
      if (us >= 0.07 && V <= vr) {
        k = kk;
        break;
      }
      const lhs = Math.log((V * alpha) / (a / (us * us) + b));
      if (lhs <= h - logFactorial(kk) - logFactorial(n - kk) + (kk - m) * lpq) {
        k = kk;
        break;
      }
    }
  }
  return flip ? n - k : k;
}

/** Poisson(rate) counts of rate's shape (float32; reads `rate` back). */
export function samplePoisson(rate: Tensor): Tensor {
  const r = rate.dataSync();
  const out = new Float32Array(r.length);
  for (let i = 0; i < r.length; i++) out[i] = poissonOne(r[i] as number);
  return tf.tensor(out, rate.shape, 'float32');
}

/** Binomial(totalCount, probs) counts, both of the output shape (float32; reads both back). */
export function sampleBinomial(totalCount: Tensor, probs: Tensor): Tensor {
  const n = totalCount.dataSync();
  const p = probs.dataSync();
  const out = new Float32Array(n.length);
  for (let i = 0; i < n.length; i++) out[i] = binomialOne(Math.round(n[i] as number), p[i] as number);
  return tf.tensor(out, totalCount.shape, 'float32');
}
