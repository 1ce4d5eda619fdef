// Gamma sampling and its implicit reparameterization gradient, against
// float64 references computed here from the incomplete gamma function.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { sampleStandardGamma, standardGamma, standardGammaGrad } from './standard-gamma.js';
import { Beta, Dirichlet, Gamma } from './index.js';

beforeAll(useCpuForTests);

// ---- float64 references ------------------------------------------------

/** log Γ(z), Lanczos (g = 7, n = 9; the coefficients published by Godfrey), z > 0. */
function lgamma64(z: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - lgamma64(1 - z);
  const zz = z - 1;
  let x = c[0]!;
  for (let i = 1; i < 9; i++) x += c[i]! / (zz + i);
  const t = zz + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (zz + 0.5) * Math.log(t) - t + Math.log(x);
}

/** The regularized lower incomplete gamma P(a, x): series below a + 1, Lentz's continued fraction above, to convergence. */
function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) {
    let s = 1;
    let r = 1;
    for (let n = 1; n < 100000; n++) {
      r *= x / (a + n);
      s += r;
      if (r < 1e-17 * s) break;
    }
    return Math.exp(a * Math.log(x) - x - lgamma64(a + 1)) * s;
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return 1 - Math.exp(a * Math.log(x) - x - lgamma64(a)) * h;
}

/** dx/da at fixed P(a, x): −(∂P/∂a) / density, with ∂P/∂a by central differences in float64. */
function implicitGrad64(a: number, x: number): number {
  const h = 1e-5 * Math.max(1, a);
  const dP = (gammaP(a + h, x) - gammaP(a - h, x)) / (2 * h);
  const density = Math.exp((a - 1) * Math.log(x) - x - lgamma64(a));
  return -dP / density;
}

/** The u-quantile of Gamma(a, 1) by bisection. */
function quantile(a: number, u: number): number {
  let lo = 0;
  let hi = a + 60 * Math.sqrt(a) + 60;
  for (let i = 0; i < 200; i++) {
    const m = (lo + hi) / 2;
    if (gammaP(a, m) < u) lo = m;
    else hi = m;
  }
  return (lo + hi) / 2;
}

// ---- tests ---------------------------------------------------------------

describe('standard gamma', () => {
  it('implicit gradient matches −∂P/∂α / p(x) (float64 finite differences) across shapes and quantiles', () =>
    expectNoLeaks(() => {
      const alphas = [0.01, 0.1, 0.5, 1, 2.5, 7, 20, 60, 119, 121, 300, 2000];
      const us = [0.001, 0.05, 0.3, 0.5, 0.7, 0.95, 0.999];
      const a: number[] = [];
      const x: number[] = [];
      const ref: number[] = [];
      for (const al of alphas) {
        for (const u of us) {
          const q = quantile(al, u);
          if (q < 1e-30) continue; // below float32's range
          a.push(al);
          x.push(q);
          ref.push(implicitGrad64(al, q));
        }
      }
      tf.tidy(() => {
        const got = standardGammaGrad(tf.tensor(a), tf.tensor(x)).dataSync();
        for (let i = 0; i < a.length; i++) {
          // Measured on this grid: < 1e-4 relative for alpha < 120 (float32 series / fraction), < 2e-4 for
          // Wilson–Hilferty (alpha >= 120); the bound leaves room for other backends' rounding.
          const rel = Math.abs((got[i]! - ref[i]!) / ref[i]!);
          expect({ a: a[i], x: x[i], ok: rel < 5e-4 }).toEqual({ a: a[i], x: x[i], ok: true });
        }
      });
    }));

  it('draws have mean and variance alpha, for alpha below and above 1', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(4);
        const alpha = tf.tensor([0.1, 0.5, 1, 2.5, 10, 200]);
        const n = 20000;
        const x = sampleStandardGamma(tf.broadcastTo(alpha, [n, 6]));
        expect(tf.min(x).dataSync()[0]).toBeGreaterThan(0);
        const m = tf.mean(x, 0);
        const v = tf.mean(tf.square(tf.sub(x, m)), 0);
        const av = alpha.dataSync();
        // 5 standard errors: sqrt(alpha/n) for the mean; variance's SE is alpha·sqrt((2 + 6/alpha)/n).
        const mv = m.dataSync();
        const vv = v.dataSync();
        for (let i = 0; i < 6; i++) {
          const al = av[i]!;
          expect(Math.abs(mv[i]! - al)).toBeLessThan(5 * Math.sqrt(al / n));
          expect(Math.abs(vv[i]! - al)).toBeLessThan(5 * al * Math.sqrt((2 + 6 / al) / n));
        }
      }),
    ));

  it('tf.grad through standardGamma is the implicit gradient of each draw', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(8);
        const alpha = tf.tensor([0.3, 1.5, 4, 150]);
        let drawn: Tensor | undefined;
        const g = tf.grad((al: Tensor) => {
          drawn = tf.keep(standardGamma(al));
          return tf.sum(drawn);
        })(alpha);
        expectClose(g, standardGammaGrad(alpha, drawn!), { rtol: 1e-6 });
        drawn!.dispose();
      }),
    ));
});

describe('reparameterized gradients through Gamma draws', () => {
  const N = 10000;

  it('Gamma: d E[x] / d concentration = 1 / rate and d E[x] / d rate = −concentration / rate²', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(21);
        const [gc, gr] = tf.grads((c: Tensor, r: Tensor) => tf.div(tf.sum(new Gamma(c, r).rsample([N]), 0), N))([tf.tensor([0.4, 3]), tf.tensor([2, 0.5])]);
        // Per-draw sd of dx/dc is ~sqrt(c)/r·O(1): 5 standard errors.
        expectClose(gc!, [0.5, 2], { atol: 0.1 });
        expectClose(gr!, [-0.1, -12], { rtol: 0.05, atol: 0.01 });
      }),
    ));

  it('Beta: d E[x] / d concentration1 = c0 / (c1 + c0)², via Gamma draws', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(22);
        const c1 = tf.tensor([0.5, 2, 5]);
        const c0 = tf.tensor([1.5, 3, 0.7]);
        const [g1, g0] = tf.grads((a: Tensor, b: Tensor) => tf.div(tf.sum(new Beta(a, b).rsample([N]), 0), N))([c1, c0]);
        const t = [2, 5, 5.7];
        expectClose(g1!, [1.5 / t[0]! ** 2, 3 / t[1]! ** 2, 0.7 / t[2]! ** 2], { atol: 0.02 });
        expectClose(g0!, [-0.5 / t[0]! ** 2, -2 / t[1]! ** 2, -5 / t[2]! ** 2], { atol: 0.02 });
      }),
    ));

  it('Dirichlet: d E[x_0] / d c_0 = (c0 total − c_0) / total²', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(23);
        const g = tf.grad((c: Tensor) => tf.div(tf.sum(tf.slice(new Dirichlet(c).rsample([N]), [0, 0], [N, 1])), N))(tf.tensor([1, 2, 3]));
        expectClose(g, [5 / 36, -1 / 36, -1 / 36], { atol: 0.012 });
      }),
    ));
});
