// BetaBinomial and DirichletMultinomial against exact float64 products of
// rising factorials, normalization over the support, moments, sampling,
// enumeration and validation.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { NotImplementedError } from '../errors.js';
import { ValueError } from '../distribution/errors.js';
import { BetaBinomial } from './beta-binomial.js';
import { DirichletMultinomial } from './dirichlet-multinomial.js';

beforeAll(useCpuForTests);

const F32 = { rtol: 2e-5, atol: 2e-5 };

/** x (x + 1) ... (x + k − 1) in float64. */
function rising(x: number, k: number): number {
  let p = 1;
  for (let i = 0; i < k; i++) p *= x + i;
  return p;
}

function factorial(n: number): number {
  return rising(1, n);
}

/** P(k) = C(n, k) B(k + α, n − k + β) / B(α, β) = C(n, k) α^(k) β^(n−k) / (α + β)^(n) (rising factorials). */
function betaBinomialPmf(k: number, n: number, a: number, b: number): number {
  return ((factorial(n) / (factorial(k) * factorial(n - k))) * rising(a, k) * rising(b, n - k)) / rising(a + b, n);
}

/** P(x) = n! / Π x_i! · Π α_i^(x_i) / A^(n). */
function dirichletMultinomialPmf(x: number[], alpha: number[]): number {
  const n = x.reduce((s, v) => s + v, 0);
  const total = alpha.reduce((s, v) => s + v, 0);
  let p = factorial(n) / rising(total, n);
  x.forEach((xi, i) => (p *= rising(alpha[i]!, xi) / factorial(xi)));
  return p;
}

/** All vectors of K nonnegative integers summing to n. */
function compositions(n: number, k: number): number[][] {
  if (k === 1) return [[n]];
  const out: number[][] = [];
  for (let i = 0; i <= n; i++) for (const rest of compositions(n - i, k - 1)) out.push([i, ...rest]);
  return out;
}

describe('BetaBinomial', () => {
  const a = [0.5, 2, 7];
  const b = [1.5, 3, 0.8];
  const n = 12;

  it('accepts positional and keyword arguments and checks them', () =>
    expectNoLeaks(() => {
      for (const d of [new BetaBinomial(a, b, n), new BetaBinomial({ concentration1: a, concentration0: b, totalCount: n }), new BetaBinomial(a, b, { totalCount: n })]) {
        expect([d.batchShape, d.eventShape, d.hasEnumerateSupport, d.hasRsample, d.className]).toEqual([[3], [], true, false, 'BetaBinomial']);
      }
      expect(new BetaBinomial(1, 1).support.toString()).toBe('IntegerInterval(lower_bound=0, upper_bound=1.0)');
      expect(new BetaBinomial(1, [1, 2], [[3], [4]]).batchShape).toEqual([2, 2]);
      expect(() => new BetaBinomial(1, 1, 2.5)).toThrow(/Expected parameter totalCount .* IntegerGreaterThan\(lower_bound=0\)/);
      expect(() => new BetaBinomial(0, 1)).toThrow(/Expected parameter concentration1/);
      expect(() => tf.tidy(() => new BetaBinomial(1, 1, 3).logProb(4))).toThrow(ValueError);
    }));

  it('logProb matches the exact pmf, which sums to 1; mean and variance are its moments', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const d = new BetaBinomial(a, b, n);
        const ks = Array.from({ length: n + 1 }, (_, k) => k);
        const pmf = ks.map((k) => a.map((ai, i) => betaBinomialPmf(k, n, ai, b[i]!)));
        expectClose(d.logProb(d.enumerateSupport()), pmf.map((row) => row.map(Math.log)), F32, 'logProb');
        const mean = a.map((_, i) => ks.reduce((s, k) => s + k * pmf[k]![i]!, 0));
        const m2 = a.map((_, i) => ks.reduce((s, k) => s + k * k * pmf[k]![i]!, 0));
        expectClose(a.map((_, i) => ks.reduce((s, k) => s + pmf[k]![i]!, 0)), [1, 1, 1], { rtol: 1e-12, atol: 0 }, 'reference sums to 1');
        expectClose(d.mean, mean, F32, 'mean');
        expectClose(d.variance, m2.map((v, i) => v - mean[i]! ** 2), F32, 'variance');
      }),
    ));

  it('approxLogProbTol switches to the shifted Stirling approximation within its bound', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const d = new BetaBinomial(a, b, n);
        const exact = d.logProb([3, 5, 11]);
        d.approxLogProbTol = 0.1;
        const approx = d.logProb([3, 5, 11]);
        expect(tf.max(tf.abs(tf.sub(approx, exact))).dataSync()[0]).toBeLessThan(0.3); // three log-Beta terms of error < 0.1 each
        expect(tf.max(tf.abs(tf.sub(approx, exact))).dataSync()[0]).toBeGreaterThan(1e-6); // it is another computation
        expect(new BetaBinomial(1, 1).approxLogProbTol).toBe(0);
      }),
    ));

  it('enumerates a homogeneous support and refuses an inhomogeneous one', () =>
    expectNoLeaks(() => {
      tf.tidy(() => {
        const d = new BetaBinomial([1, 2], 1, 3);
        expectClose(d.enumerateSupport(), [[0, 0], [1, 1], [2, 2], [3, 3]], { rtol: 0, atol: 0 });
        expect(d.enumerateSupport(false).shape).toEqual([4, 1]);
      });
      expect(() => new BetaBinomial(1, 1, [2, 3]).enumerateSupport()).toThrow(NotImplementedError);
    }));

  it('samples follow the pmf (frequencies within 5 standard errors) and expand keeps the family', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(11);
        const N = 20000;
        const d = new BetaBinomial(2, 3, 6);
        const x = d.sample([N]);
        expect(x.shape).toEqual([N]);
        const freq = tf.mean(tf.cast(tf.equal(tf.expandDims(x, -1), tf.range(0, 7)), 'float32'), 0).dataSync();
        for (let k = 0; k <= 6; k++) {
          const p = betaBinomialPmf(k, 6, 2, 3);
          expect(Math.abs(freq[k]! - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
        }
        const e = d.expand([2, 3]);
        expect([e.className, e.sample([4]).shape, e.logProb(e.sample()).shape]).toEqual(['BetaBinomial', [4, 2, 3], [2, 3]]);
      }),
    ));
});

describe('DirichletMultinomial', () => {
  const alpha = [0.5, 2, 1.3];

  it('accepts positional and keyword arguments and checks them', () =>
    expectNoLeaks(() => {
      for (const d of [new DirichletMultinomial(alpha, 5), new DirichletMultinomial({ concentration: alpha, totalCount: 5 }), new DirichletMultinomial(alpha, { totalCount: 5, isSparse: true })]) {
        expect([d.batchShape, d.eventShape, d.hasEnumerateSupport, d.className]).toEqual([[], [3], false, 'DirichletMultinomial']);
      }
      expect(new DirichletMultinomial(alpha, { isSparse: true }).isSparse).toBe(true);
      expect(new DirichletMultinomial([alpha, alpha], [[2], [3], [4]]).batchShape).toEqual([3, 2]);
      expect(new DirichletMultinomial(alpha, 4).support.toString()).toBe('Multinomial()');
      expect(() => new DirichletMultinomial(1)).toThrow(ValueError);
      expect(() => new DirichletMultinomial([1, -1])).toThrow(/Expected parameter concentration/);
      expect(() => tf.tidy(() => new DirichletMultinomial(alpha, 2).logProb([1, 1, 1]))).toThrow(ValueError);
    }));

  it('logProb matches the exact pmf, sums to 1 over the compositions, and reduces to BetaBinomial for K = 2', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const n = 5;
        const xs = compositions(n, 3);
        const d = new DirichletMultinomial(alpha, n);
        const ref = xs.map((x) => dirichletMultinomialPmf(x, alpha));
        expectClose(d.logProb(xs), ref.map(Math.log), F32, 'logProb');
        expectClose(tf.sum(tf.exp(d.logProb(xs))), 1, { rtol: 1e-5, atol: 0 }, 'sum');
        const two = new DirichletMultinomial([[2, 3]], 6);
        const ks = [0, 1, 4, 6];
        expectClose(two.logProb(ks.map((k) => [[k, 6 - k]])), new BetaBinomial(2, 3, 6).logProb(ks.map((k) => [k])), F32, 'K = 2');
        // isSparse is a speed hint in Pyro: the same values
        expectClose(new DirichletMultinomial(alpha, { totalCount: n, isSparse: true }).logProb(xs), ref.map(Math.log), F32, 'isSparse');
        const mean = [0, 1, 2].map((j) => xs.reduce((s, x, i) => s + x[j]! * ref[i]!, 0));
        const m2 = [0, 1, 2].map((j) => xs.reduce((s, x, i) => s + x[j]! ** 2 * ref[i]!, 0));
        expectClose(d.mean, mean, F32, 'mean');
        expectClose(d.variance, m2.map((v, j) => v - mean[j]! ** 2), F32, 'variance');
      }),
    ));

  it('samples are counts summing to the total with the pmf’s frequencies; inhomogeneous counts are refused', () =>
    expectNoLeaks(() => {
      tf.tidy(() => {
        setRngSeed(12);
        const N = 20000;
        const d = new DirichletMultinomial(alpha, 2);
        const x = d.sample([N]);
        expect(x.shape).toEqual([N, 3]);
        expectClose(tf.sum(x, -1), tf.fill([N], 2), { rtol: 0, atol: 0 }, 'totals');
        const xs = compositions(2, 3);
        const data = x.arraySync() as number[][];
        for (const c of xs) {
          const p = dirichletMultinomialPmf(c, alpha);
          const f = data.filter((r) => r[0] === c[0] && r[1] === c[1]).length / N;
          expect(Math.abs(f - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
        }
        const e = d.expand([4]);
        expect([e.className, e.batchShape, e.sample([2]).shape]).toEqual(['DirichletMultinomial', [4], [2, 4, 3]]);
      });
      expect(() => new DirichletMultinomial(alpha, [1, 2]).sample()).toThrow(NotImplementedError);
    }));
});
