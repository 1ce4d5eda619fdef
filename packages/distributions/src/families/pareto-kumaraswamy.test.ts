// Pareto and Kumaraswamy against float64 closed forms and quadrature,
// validation, shapes, reparameterized gradients and Pareto's KL rules.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, expectGradClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { ValueError } from '../distribution/errors.js';
import { klDivergence } from '../kl/index.js';
import type { Distribution } from '../distribution/internal.js';
import * as F from './index.js';

beforeAll(useCpuForTests);

const F32 = { rtol: 2e-5, atol: 2e-5 };

/** Composite Simpson rule of f on [a, b] with n (even) intervals, float64. */
function simpson(f: (x: number) => number, a: number, b: number, n = 20000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

describe('Pareto', () => {
  const scale = [1, 2, 0.5];
  const alpha = [3, 1.5, 5];
  const xs = [1.2, 7, 0.9];
  const logPdf = (x: number, s: number, a: number): number => Math.log(a) + a * Math.log(s) - (a + 1) * Math.log(x);

  it('accepts positional, keyword and mixed arguments and broadcasts them', () =>
    expectNoLeaks(() => {
      for (const d of [new F.Pareto(scale, alpha), new F.Pareto({ scale, alpha }), new F.Pareto(scale, { alpha })]) {
        expect([d.batchShape, d.eventShape, d.className]).toEqual([[3], [], 'Pareto']);
      }
      expect(new F.Pareto(1, [[1, 2]]).batchShape).toEqual([1, 2]);
      expect(() => new F.Pareto({ scale: 1, alpha: 2, rate: 3 } as never)).toThrow(TypeError);
      expect(() => new F.Pareto({ scale: 1 } as never)).toThrow("missing required argument 'alpha'");
      expect(new F.Pareto(1, 2).toString()).toBe('Pareto(alpha: 2.0, scale: 1.0)');
    }));

  it('logProb, cdf, icdf, mean, variance, mode and entropy match the closed forms', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const d = new F.Pareto(scale, alpha);
        expectClose(d.logProb(xs), xs.map((x, i) => logPdf(x, scale[i]!, alpha[i]!)), F32, 'logProb');
        const cdf = xs.map((x, i) => 1 - (scale[i]! / x) ** alpha[i]!);
        expectClose(d.cdf(xs), cdf, { rtol: 2e-5, atol: 1e-6 }, 'cdf');
        expectClose(d.icdf(cdf), xs, { rtol: 5e-5, atol: 5e-5 }, 'icdf');
        expectClose(d.mean, scale.map((s, i) => (alpha[i]! * s) / (alpha[i]! - 1)), F32, 'mean');
        expectClose(d.variance, [9 / 12, Infinity, (0.25 * 5) / (16 * 3)], F32, 'variance');
        expectClose(d.mode, scale, F32, 'mode');
        expectClose(d.entropy(), scale.map((s, i) => Math.log(s / alpha[i]!) + 1 + 1 / alpha[i]!), F32, 'entropy');
        expectClose(new F.Pareto(1, [0.5, 1]).mean, [Infinity, Infinity], F32, 'mean for alpha <= 1');
        // entropy against quadrature of -p log p (u = log(x/s) maps [s, ∞) to [0, ∞)).
        const h = simpson((u) => {
          const x = 2 * Math.exp(u);
          const lp = logPdf(x, 2, 1.5);
          return -Math.exp(lp) * lp * x;
        }, 0, 60, 60000);
        expectClose(new F.Pareto(2, 1.5).entropy(), h, { rtol: 1e-5, atol: 1e-5 }, 'entropy by quadrature');
      }),
    ));

  it('has support greaterThanEq(scale) and validates parameters and values', () =>
    expectNoLeaks(() => {
      const d = new F.Pareto([1, 2], 3);
      expect(d.support.toString()).toBe('GreaterThanEq(lower_bound=tensor([1., 2.]))');
      expect(d.hasRsample).toBe(true);
      expect(() => tf.tidy(() => d.logProb([1.5, 1.5]))).toThrow(ValueError);
      // As in torch, the base Exponential(alpha) is built (and checked) first.
      expect(() => new F.Pareto(1, -1)).toThrow(/Expected parameter rate .* of distribution Exponential/);
      expect(() => new F.Pareto(-1, 1)).toThrow(/Expected parameter scale .* of distribution Pareto/);
      expect(() => new F.Pareto(-1, 1, { validateArgs: false })).not.toThrow();
    }));

  it('samples lie above the scale, expand keeps the family, rsample is differentiable', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(0);
        const d = new F.Pareto(scale, alpha);
        const x = d.sample([1000]);
        expect(x.shape).toEqual([1000, 3]);
        expect(tf.all(tf.greaterEqual(x, tf.tensor(scale))).dataSync()[0]).toBe(1);
        const e = d.expand([2, 3]);
        expect([e.className, e.batchShape]).toEqual(['Pareto', [2, 3]]);
        expect(e.logProb(e.sample()).shape).toEqual([2, 3]);
        // x = s exp(E / α) at fixed noise: dx/ds = x/s and dx/dα = −x log(x/s)/α.
        const s = tf.tensor(scale);
        const a = tf.tensor(alpha);
        setRngSeed(5);
        const [gs, ga] = tf.grads((sv: Tensor, av: Tensor) => tf.sum(new F.Pareto(sv, av).rsample()))([s, a]);
        setRngSeed(5);
        const y = new F.Pareto(scale, alpha).rsample();
        expectClose(gs!, tf.div(y, s), { rtol: 1e-5, atol: 1e-6 }, 'd/dscale');
        expectClose(ga!, tf.neg(tf.div(tf.mul(y, tf.log(tf.div(y, s))), a)), { rtol: 1e-4, atol: 1e-6 }, 'd/dalpha');
      }),
    ));
});

describe('Kumaraswamy', () => {
  const pdf = (x: number, a: number, b: number): number => a * b * x ** (a - 1) * (1 - x ** a) ** (b - 1);
  const params: Array<[number, number]> = [
    [2, 3],
    [0.7, 1.5],
    [5, 0.8],
  ];
  const a = params.map((p) => p[0]);
  const b = params.map((p) => p[1]);

  it('accepts positional, keyword and mixed arguments', () =>
    expectNoLeaks(() => {
      for (const d of [new F.Kumaraswamy(a, b), new F.Kumaraswamy({ concentration1: a, concentration0: b }), new F.Kumaraswamy(a, { concentration0: b })]) {
        expect([d.batchShape, d.eventShape, d.className, d.support.toString(), d.hasRsample]).toEqual([[3], [], 'Kumaraswamy', 'Interval(lower_bound=0.0, upper_bound=1.0)', true]);
      }
      expect(() => new F.Kumaraswamy(1, -2)).toThrow(/Expected parameter concentration0 .* of distribution Kumaraswamy/);
      expect(() => tf.tidy(() => new F.Kumaraswamy(1, 2).logProb(1.5))).toThrow(ValueError);
    }));

  it('logProb and cdf match the closed forms, icdf inverts cdf', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const d = new F.Kumaraswamy(a, b);
        const xs = [[0.1, 0.3, 0.9], [0.5, 0.02, 0.99]];
        const lp = xs.map((row) => row.map((x, i) => Math.log(pdf(x, a[i]!, b[i]!))));
        expectClose(d.logProb(xs), lp, F32, 'logProb');
        const cdf = xs.map((row) => row.map((x, i) => 1 - (1 - x ** a[i]!) ** b[i]!));
        expectClose(d.cdf(xs), cdf, { rtol: 2e-5, atol: 1e-6 }, 'cdf');
        expectClose(d.icdf(cdf), xs, { rtol: 2e-4, atol: 5e-5 }, 'icdf');
      }),
    ));

  it('mean, variance and entropy agree with quadrature of the density', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const d = new F.Kumaraswamy(a, b);
        // u = x^a removes the endpoint singularities: x = u^(1/a), dx = x/(a u) du.
        const moment = (fn: (x: number) => number, ai: number, bi: number): number =>
          simpson((u) => {
            if (u <= 0 || u >= 1) return 0;
            const x = u ** (1 / ai);
            return fn(x) * bi * (1 - u) ** (bi - 1);
          }, 0, 1, 200000);
        const mean = params.map(([ai, bi]) => moment((x) => x, ai, bi));
        const m2 = params.map(([ai, bi]) => moment((x) => x * x, ai, bi));
        const ent = params.map(([ai, bi]) => moment((x) => -Math.log(pdf(x, ai, bi)), ai, bi));
        expectClose(d.mean, mean, { rtol: 1e-4, atol: 1e-5 }, 'mean');
        expectClose(d.variance, m2.map((v, i) => v - mean[i]! ** 2), { rtol: 1e-3, atol: 1e-5 }, 'variance');
        expectClose(d.entropy(), ent, { rtol: 1e-4, atol: 2e-4 }, 'entropy');
      }),
    ));

  it('mode is ((a − 1)/(ab − 1))^(1/a), NaN below 1 (deliberately not torch 1.13’s formula)', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const d = new F.Kumaraswamy([3, 1, 3, 0.5, 2, 1], [5, 3, 1, 2, 0.5, 1]);
        expectClose(d.mode, [(2 / 14) ** (1 / 3), 0, 1, NaN, NaN, NaN], F32, 'mode');
        // the mode maximizes the density
        const grid = Array.from({ length: 9999 }, (_, i) => (i + 1) / 10000);
        const best = grid.reduce((m, x) => (pdf(x, 3, 5) > pdf(m, 3, 5) ? x : m), 0.5);
        expectClose(new F.Kumaraswamy(3, 5).mode, best, { rtol: 0, atol: 2e-4 }, 'argmax');
      }),
    ));

  it('rsample lies in [0, 1], follows the cdf and is differentiable at fixed noise', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(2);
        const d = new F.Kumaraswamy(a, b);
        const n = 20000;
        const x = d.rsample([n]);
        expect(tf.all(tf.logicalAnd(tf.greaterEqual(x, 0), tf.lessEqual(x, 1))).dataSync()[0]).toBe(1);
        // empirical cdf at the median within 5 standard errors (0.5 · 5 / √n)
        const med = d.icdf(tf.fill([3], 0.5));
        expectClose(tf.mean(tf.cast(tf.less(x, med), 'float32'), 0), [0.5, 0.5, 0.5], { rtol: 0, atol: 2.5 / Math.sqrt(n) }, 'median');
        const e = d.expand([4, 3]);
        expect([e.className, e.sample().shape]).toEqual(['Kumaraswamy', [4, 3]]);
        const draw = (seed: number) => (c1: Tensor): Tensor => {
          setRngSeed(seed);
          return new F.Kumaraswamy(c1, tf.tensor(b)).rsample([4]);
        };
        expectGradClose(draw(9), tf.tensor(a), { rtol: 2e-2, atol: 2e-3 }, 1e-3, 'd/dconcentration1');
        const draw0 = (c0: Tensor): Tensor => {
          setRngSeed(9);
          return new F.Kumaraswamy(tf.tensor(a), c0).rsample([4]);
        };
        expectGradClose(draw0, tf.tensor(b), { rtol: 2e-2, atol: 2e-3 }, 1e-3, 'd/dconcentration0');
      }),
    ));
});

describe('KL rules with Pareto', () => {
  it.each([
    ['Pareto ‖ Pareto', () => [new F.Pareto([1, 2], [3, 2]), new F.Pareto([0.5, 1], [2, 4])]],
    ['Pareto ‖ Exponential', () => [new F.Pareto([1, 2], [3, 2.5]), new F.Exponential([0.5, 1])]],
    ['Pareto ‖ Gamma', () => [new F.Pareto([1, 2], [3, 2.5]), new F.Gamma([2, 0.7], [0.5, 1])]],
    ['Pareto ‖ Normal', () => [new F.Pareto([1, 2], [5, 8]), new F.Normal([1, 2], [2, 1])]],
    ['Uniform ‖ Pareto', () => [new F.Uniform([1, 2], [3, 2.5]), new F.Pareto([0.5, 1], [2, 4])]],
  ] as Array<[string, () => [Distribution, Distribution]]>)('%s agrees with a Monte Carlo estimate', (_name, make) =>
    expectNoLeaks(() => {
      setRngSeed(17);
      tf.tidy(() => {
        const [p, q] = make();
        const n = 40000;
        const x = p.sample([n]);
        const r = tf.sub(p.logProb(x), q.logProb(x));
        const mc = tf.mean(r, 0);
        const se = tf.div(tf.sqrt(tf.mean(tf.square(tf.sub(r, mc)), 0)), Math.sqrt(n));
        const kl = klDivergence(p, q);
        expect(kl.shape).toEqual([2]);
        const err = tf.sub(tf.abs(tf.sub(kl, mc)), tf.add(tf.mul(se, 5), 1e-4));
        expect(tf.max(err).dataSync()[0]).toBeLessThanOrEqual(0);
      });
    }),
  );

  it('is infinite where the supports or moments make it so', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        expectClose(klDivergence(new F.Pareto([1, 0.5], 3), new F.Pareto(1, 3)), [0, Infinity], { rtol: 0, atol: 1e-6 });
        expectClose(klDivergence(new F.Pareto(1, [1, 2]), new F.Exponential(1)), [Infinity, Math.log(2) - 0.5 + 2 - 1], { rtol: 1e-5, atol: 1e-6 });
        expectClose(klDivergence(new F.Pareto(1, [2, 3]), new F.Normal(0, 1)), [Infinity, klDivergence(new F.Pareto(1, 3), new F.Normal(0, 1)).dataSync()[0]!], { rtol: 0, atol: 0 });
        for (const [p, q] of [
          [new F.Pareto([1, 2], 3), new F.Beta(2, 2)],
          [new F.Pareto([1, 2], 3), new F.Uniform(0, 1)],
          [new F.Pareto([1, 2], 3), new F.ContinuousBernoulli(0.3)],
          [new F.Normal([0, 1], 1), new F.Pareto(1, 2)],
          [new F.Gamma([1, 2], 1), new F.Pareto(1, 2)],
          [new F.Exponential([1, 2]), new F.Pareto(1, 2)],
          [new F.Beta([1, 2], 1), new F.Pareto(1, 2)],
          [new F.Gumbel([1, 2], 1), new F.Pareto(1, 2)],
          [new F.Laplace([1, 2], 1), new F.Pareto(1, 2)],
          [new F.ContinuousBernoulli([0.2, 0.4]), new F.Pareto(1, 2)],
        ] as Array<[Distribution, Distribution]>) {
          expectClose(klDivergence(p, q), [Infinity, Infinity], { rtol: 0, atol: 0 }, `${p.className} ‖ ${q.className}`);
        }
        expectClose(klDivergence(new F.Uniform([0.2, 1], 3), new F.Pareto(0.5, 2)).dataSync()[0]!, Infinity, { rtol: 0, atol: 0 });
      }),
    ));
});
