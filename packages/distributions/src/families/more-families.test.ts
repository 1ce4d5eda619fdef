// Families without fixture cases (or with structure the fixtures do not
// cover): densities integrate to one and give the stated moments, samplers
// match them, straight-through samples and LKJ factors behave.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { corrCholesky } from '../constraints/index.js';
import { Empirical, MixtureSameFamily } from '../distribution/index.js';
import type { Distribution } from '../distribution/internal.js';
import * as F from './index.js';

beforeAll(useCpuForTests);

/** ∫ exp(logProb) and ∫ x exp(logProb) over [lo, hi] by the trapezoid rule (float64 sums of float32 densities). */
function integrate(d: Distribution, lo: number, hi: number, n = 20001): { mass: number; mean: number } {
  const xs = Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  const p = tf.tidy(() => tf.exp(d.logProb(tf.tensor(xs))).dataSync());
  const h = (hi - lo) / (n - 1);
  let mass = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const w = i === 0 || i === n - 1 ? 0.5 : 1;
    mass += w * (p[i] as number) * h;
    mean += w * (p[i] as number) * (xs[i] as number) * h;
  }
  return { mass, mean };
}

describe('densities without fixtures integrate to one and match their means', () => {
  const cases: Array<[string, () => Distribution, number, number, number | null]> = [
    // [name, distribution, lo, hi, mean (null: check mass only)]
    ['AsymmetricLaplace', () => new F.AsymmetricLaplace(0.5, 1.5, 2), -80, 60, null],
    ['SoftAsymmetricLaplace', () => new F.SoftAsymmetricLaplace(0.5, 1.5, 2, 0.7), -80, 60, null],
    ['SoftLaplace', () => new F.SoftLaplace(1, 0.5), -40, 40, 1],
    ['Gumbel', () => new F.Gumbel(1, 2), -15, 60, 1 + 2 * F.EULER_GAMMA],
    ['Weibull', () => new F.Weibull(2, 1.5), 1e-6, 40, null],
    ['InverseGamma', () => new F.InverseGamma(4, 3), 1e-4, 200, 1],
    ['Chi2', () => new F.Chi2(5), 1e-6, 80, 5],
    ['Logistic', () => new F.Logistic(0.5, 2), -80, 80, 0.5],
    ['VonMises', () => new F.VonMises(0.5, 3), -Math.PI, Math.PI, null],
  ];
  it.each(cases)('%s', (_name, make, lo, hi, mean) =>
    expectNoLeaks(() => {
      const d = make();
      const r = integrate(d, lo, hi);
      expect(Math.abs(r.mass - 1)).toBeLessThan(2e-3);
      let expected = mean;
      if (expected === null) {
        try {
          expected = tf.tidy(() => d.mean.dataSync()[0] as number);
        } catch {
          expected = null;
        }
      }
      if (expected !== null && !(d instanceof F.VonMises)) expect(Math.abs(r.mean - expected)).toBeLessThan(5e-3 * Math.max(1, Math.abs(expected)));
    }),
  );
});

describe('VonMises', () => {
  it('samples lie in [-π, π) with E[cos(x − loc)] = I1(κ)/I0(κ) and circular mean loc', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(41);
        const d = new F.VonMises([0.5, -2.5, 3], [0.2, 2, 20]);
        const n = 20000;
        const x = d.sample([n]);
        expect(tf.min(x).dataSync()[0]).toBeGreaterThanOrEqual(-Math.PI);
        expect(tf.max(x).dataSync()[0]).toBeLessThan(Math.PI);
        const c = tf.mean(tf.cos(tf.sub(x, tf.tensor([0.5, -2.5, 3]))), 0);
        // 1 − variance = I1/I0; sd of cos ≤ 1: 5 standard errors.
        expectClose(c, tf.sub(1, d.variance), { atol: 5 / Math.sqrt(n) });
        const s = tf.mean(tf.sin(tf.sub(x, tf.tensor([0.5, -2.5, 3]))), 0);
        expectClose(s, [0, 0, 0], { atol: 5 / Math.sqrt(n) });
      }),
    ));
});

describe('LKJCholesky', () => {
  it('samples are Cholesky factors of correlation matrices with Var(r_ij) = 1 / (2η + d − 1)', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(43);
        const d = new F.LKJCholesky(4, [0.5, 3]);
        const n = 4000;
        const l = d.sample([n]);
        expect(l.shape).toEqual([n, 2, 4, 4]);
        expect(tf.all(corrCholesky.check(l)).dataSync()[0]).toBe(1);
        const corr = tf.matMul(l, l, false, true);
        // Every off-diagonal correlation has Var(r) = 1/(2η + 3): 1/4 and 1/9 (exchangeability);
        // the sd of r² is below 0.3: 5 standard errors.
        for (const [i, j] of [[1, 0], [2, 0], [2, 1], [3, 0], [3, 1], [3, 2]] as const) {
          const r = tf.reshape(tf.slice(corr, [0, 0, i, j], [n, 2, 1, 1]), [n, 2]);
          expectClose(tf.mean(tf.square(r), 0), [1 / 4, 1 / 9], { atol: (5 * 0.3) / Math.sqrt(n) }, `Var(C[${i},${j}])`);
          expectClose(tf.mean(r, 0), [0, 0], { atol: (5 * 0.5) / Math.sqrt(n) }, `E(C[${i},${j}])`);
        }
        expect(d.logProb(l).shape).toEqual([n, 2]);
      }),
    ));

  it('for dim 2 the density of the correlation integrates to one', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        for (const eta of [0.7, 1, 4]) {
          const d = new F.LKJCholesky(2, eta);
          const m = 4001;
          const rs = Array.from({ length: m }, (_, i) => -1 + (2 * (i + 0.5)) / m);
          const ls = tf.tensor(rs.flatMap((r) => [1, 0, r, Math.sqrt(1 - r * r)]), [m, 2, 2]);
          const p = tf.exp(d.logProb(ls)).dataSync();
          let mass = 0;
          for (let i = 0; i < m; i++) mass += (p[i] as number) * (2 / m);
          expect(Math.abs(mass - 1)).toBeLessThan(eta < 1 ? 2e-2 : 1e-3);
        }
      }),
    ));
});

describe('straight-through relaxed distributions', () => {
  it('RelaxedBernoulliStraightThrough: hard values, the relaxed gradient, logProb of the relaxed value, no leaks', () => {
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(47);
        const logits = tf.tensor([-1, 0, 2]);
        const d = new F.RelaxedBernoulliStraightThrough({ temperature: 0.5, logits });
        const x = d.rsample([5]);
        const vals = Array.from(x.dataSync());
        expect(vals.every((v) => v === 0 || v === 1)).toBe(true);
        const soft = new F.RelaxedBernoulli({ temperature: 0.5, logits });
        // logProb of the hard value is the relaxed density of the value it came from (finite, unlike at 0 / 1).
        expect(tf.all(tf.isFinite(d.logProb(x))).dataSync()[0]).toBe(1);
        // Same seed: the straight-through gradient equals the relaxed sample's gradient.
        setRngSeed(5);
        const g1 = tf.grad((l: Tensor) => tf.sum(new F.RelaxedBernoulliStraightThrough({ temperature: 0.5, logits: l }).rsample([4])))(logits);
        setRngSeed(5);
        const g2 = tf.grad((l: Tensor) => tf.sum(new F.RelaxedBernoulli({ temperature: 0.5, logits: l }).rsample([4])))(logits);
        expectClose(g1, g2, { rtol: 1e-5, atol: 1e-6 });
        expect(soft.support.toString()).toBe('Interval(lower_bound=0.0, upper_bound=1.0)');
      }),
    );
    // Outside any tidy: disposing the hard sample releases the relaxed one too.
    expectNoLeaks(() => {
      const x = new F.RelaxedOneHotCategoricalStraightThrough({ temperature: 0.3, probs: [0.2, 0.3, 0.5] }).rsample([2]);
      expect(tf.tidy(() => Array.from(tf.sum(x, -1).dataSync()))).toEqual([1, 1]);
      x.dispose();
    });
  });
});

describe('ContinuousBernoulli', () => {
  it('samples have the stated mean and variance, including probs near 0.5', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(53);
        const d = new F.ContinuousBernoulli([0.2, 0.5, 0.9]);
        const n = 20000;
        const x = d.rsample([n]);
        expectClose(tf.mean(x, 0), d.mean, { atol: 5 * 0.3 / Math.sqrt(n) });
        expectClose(tf.mean(tf.square(tf.sub(x, d.mean)), 0), d.variance, { atol: 5 * 0.1 / Math.sqrt(n) });
      }),
    ));
});

describe('Empirical', () => {
  it('weights samples by softmax(logWeights): mean, variance, logProb, sample frequencies', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(59);
        const samples = tf.tensor([[1, 10], [2, 20], [3, 30]]); // 3 samples of event shape [2]
        const w = [0.2, 0.3, 0.5];
        const d = new Empirical(samples, tf.log(tf.tensor(w)));
        expect([d.batchShape, d.eventShape]).toEqual([[], [2]]);
        expectClose(d.mean, [2.3, 23], { rtol: 1e-6 });
        expectClose(d.variance, [0.61, 61], { rtol: 1e-5 });
        expectClose(d.logProb([2, 20]), Math.log(0.3), { rtol: 1e-6 });
        expectClose(d.logProb([2, 30]), -Infinity);
        const x = d.sample([20000]);
        expect(x.shape).toEqual([20000, 2]);
        const freq = tf.mean(tf.cast(tf.equal(tf.slice(x, [0, 0], [20000, 1]), tf.tensor([1, 2, 3])), 'float32'), 0);
        expectClose(freq, w, { atol: 5 * 0.5 / Math.sqrt(20000) });
        expect(d.enumerateSupport().shape).toEqual([3, 2]);
      }),
    ));
});

describe('MixtureSameFamily', () => {
  it('samples have the mixture mean and variance; expand broadcasts both parts', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(61);
        const d = new MixtureSameFamily(new F.Categorical([0.2, 0.5, 0.3]), new F.Normal([-2, 0, 3], [0.5, 1, 2]));
        const n = 20000;
        const x = d.sample([n]);
        expect(x.shape).toEqual([n]);
        expectClose(tf.mean(x), d.mean, { atol: 5 * Math.sqrt(5) / Math.sqrt(n) });
        expectClose(tf.mean(tf.square(tf.sub(x, d.mean))), d.variance, { rtol: 0.05 });
        const e = d.expand([4, 2]);
        expect(e.batchShape).toEqual([4, 2]);
        expect(e.sample([3]).shape).toEqual([3, 4, 2]);
        expect(e.logProb(tf.zeros([4, 2])).shape).toEqual([4, 2]);
        // A multivariate mixture: components MVN with event shape [2].
        const mv = new MixtureSameFamily(new F.Categorical([0.5, 0.5]), new F.Normal([[0, 0], [5, 5]], 1).toEvent(1));
        expect([mv.batchShape, mv.eventShape]).toEqual([[], [2]]);
        expect(mv.sample([7]).shape).toEqual([7, 2]);
        expectClose(mv.mean, [2.5, 2.5], { rtol: 1e-6 });
      }),
    ));
});
