// klDivergence against distributions.json's `kind: "kl"` cases, Pyro's
// wrapper rules, dispatch and registration.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { KL_NOT_RUN, KL_PAIRS, klCases, runKLCase } from '../testing/index.js';
import { NotImplementedError } from '../errors.js';
import type { Distribution } from '../distribution/index.js';
import * as F from '../families/index.js';
import { klDivergence, registerKL } from './index.js';

beforeAll(useCpuForTests);

const cases = klCases();

describe('distributions.json kl', () => {
  it('accounts for every case', () => {
    expect(cases.map((c) => c.id).sort()).toEqual([...Object.keys(KL_PAIRS), ...Object.keys(KL_NOT_RUN)].sort());
  });
  it.each(cases.filter((c) => c.id in KL_PAIRS).map((c) => [c.id, c] as const))('%s', (_id, c) => expectNoLeaks(() => runKLCase(c)));
});

describe('klDivergence', () => {
  it('Normal ‖ Normal agrees with a Monte Carlo estimate', () =>
    expectNoLeaks(() => {
      setRngSeed(0);
      tf.tidy(() => {
        const p = new F.Normal([0, 1], [1, 0.5]);
        const q = new F.Normal([0.5, -1], [2, 1]);
        const x = p.sample([50000]);
        const mc = tf.mean(tf.sub(p.logProb(x), q.logProb(x)), 0);
        expectClose(klDivergence(p, q), mc, { atol: 0.02 });
      });
    }));

  it.each([
    ['Gamma', () => [new F.Gamma([0.5, 3], [1, 2]), new F.Gamma([1, 2], [0.5, 3])]],
    ['Beta', () => [new F.Beta([0.5, 3], [2, 1]), new F.Beta([1, 2], [1.5, 0.7])]],
    ['Dirichlet', () => [new F.Dirichlet([[1, 2, 3], [0.5, 0.5, 4]]), new F.Dirichlet([2, 2, 2])]],
    ['Uniform', () => [new F.Uniform([0, 1], [1, 2]), new F.Uniform([-1, 0.5], [2, 3])]],
    ['Gumbel', () => [new F.Gumbel([0, 1], [1, 2]), new F.Gumbel([0.5, 0], [1.5, 1])]],
    ['Exponential', () => [new F.Exponential([1, 3]), new F.Exponential([2, 0.5])]],
    ['Laplace', () => [new F.Laplace([0, 1], [1, 2]), new F.Laplace([0.5, -1], [2, 1])]],
    ['HalfNormal', () => [new F.HalfNormal([1, 2]), new F.HalfNormal([2, 0.7])]],
    ['LogNormal', () => [new F.LogNormal([0, 1], [1, 0.5]), new F.LogNormal([0.3, 0], [0.8, 1])]],
    ['Bernoulli', () => [new F.Bernoulli({ logits: [-1, 2] }), new F.Bernoulli({ logits: [0.5, 0] })]],
    ['Categorical', () => [new F.Categorical([[0.2, 0.3, 0.5], [0.6, 0.2, 0.2]]), new F.Categorical({ logits: [0, 1, -1] })]],
    ['OneHotCategorical', () => [new F.OneHotCategorical([0.2, 0.3, 0.5]), new F.OneHotCategorical([0.4, 0.4, 0.2])]],
    ['Poisson', () => [new F.Poisson([1, 12]), new F.Poisson([2, 9])]],
    ['Geometric', () => [new F.Geometric([0.3, 0.6]), new F.Geometric([0.5, 0.2])]],
    ['Binomial', () => [new F.Binomial(10, [0.3, 0.8]), new F.Binomial(10, [0.5, 0.6])]],
    ['MultivariateNormal', () => [new F.MultivariateNormal([0, 1], { scaleTril: [[1, 0], [0.5, 2]] }), new F.MultivariateNormal([1, 0], { covarianceMatrix: [[2, 0.3], [0.3, 1]] })]],
    ['LowRankMultivariateNormal ‖ MultivariateNormal', () => [new F.LowRankMultivariateNormal([0, 1], [[1], [0.5]], [0.5, 1]), new F.MultivariateNormal([1, 0], { covarianceMatrix: [[2, 0.3], [0.3, 1]] })]],
    ['MultivariateNormal ‖ LowRankMultivariateNormal', () => [new F.MultivariateNormal([1, 0], { covarianceMatrix: [[2, 0.3], [0.3, 1]] }), new F.LowRankMultivariateNormal([0, 1], [[1], [0.5]], [0.5, 1])]],
    ['LowRankMultivariateNormal ‖ LowRankMultivariateNormal', () => [new F.LowRankMultivariateNormal([[0, 1], [1, 1]], [[1, 0], [0.5, 1]], [0.5, 1]), new F.LowRankMultivariateNormal([0, 0], [[0.3], [-0.5]], [1, 2])]],
    ['Independent(Normal) ‖ MultivariateNormal', () => [new F.Normal([0, 1], [1, 0.5]).toEvent(1), new F.MultivariateNormal([1, 0], { covarianceMatrix: [[2, 0.3], [0.3, 1]] })]],
  ] as Array<[string, () => [Distribution, Distribution]]>)('%s agrees with a Monte Carlo estimate', (_name, make) =>
    expectNoLeaks(() => {
      setRngSeed(17);
      tf.tidy(() => {
        const [p, q] = make();
        const n = 20000;
        const x = p.sample([n]);
        const r = tf.sub(p.logProb(x), q.logProb(x));
        const mc = tf.mean(r, 0);
        const se = tf.div(tf.sqrt(tf.mean(tf.square(tf.sub(r, mc)), 0)), Math.sqrt(n));
        const kl = klDivergence(p, q);
        const err = tf.sub(tf.abs(tf.sub(kl, mc)), tf.add(tf.mul(se, 5), 1e-4));
        expect(tf.max(err).dataSync()[0]).toBeLessThanOrEqual(0);
      });
    }),
  );

  it('Independent ‖ Independent sums the shared reinterpreted dims', () =>
    expectNoLeaks(() => {
      tf.tidy(() => {
        const base = (s: number): F.Normal => new F.Normal(tf.zeros([2, 3]), s);
        const elementwise = klDivergence(base(1), base(2));
        const p = base(1).toEvent(2);
        const q = base(2).toEvent(1);
        // p has 2 reinterpreted dims, q 1: KL(Independent(base,1) ‖ base) summed over the last dim.
        expect(() => klDivergence(p, q)).toThrow(NotImplementedError);
        const same = klDivergence(base(1).toEvent(1), base(2).toEvent(1));
        expect(same.shape).toEqual([2]);
        expectClose(same, tf.sum(elementwise, -1));
      });
    }));

  it('Masked ‖ Masked masks the KL of the bases', () =>
    expectNoLeaks(() => {
      tf.tidy(() => {
        const p = new F.Normal([0, 0, 0], 1);
        const q = new F.Normal([1, 1, 1], 1);
        const both = klDivergence(p.mask(tf.tensor([true, true, false])), q.mask(tf.tensor([true, false, true])));
        expectClose(both, [0.5, 0, 0]);
        expectClose(klDivergence(p.mask(false), q.mask(true)), 0);
        expectClose(klDivergence(p.mask(true), q.mask(true)), [0.5, 0.5, 0.5]);
        expectClose(klDivergence(p.mask(true), q.mask([false, true, true])), [0, 0.5, 0.5]);
      });
    }));

  it('throws NotImplementedError without a rule and dispatches to registered rules by class distance', () =>
    expectNoLeaks(() => {
      expect(() => klDivergence(new F.Normal(0, 1), new F.Cauchy(0, 1))).toThrow('No KL(p || q) is implemented for p = Normal and q = Cauchy');
      class Wide extends F.Normal {}
      registerKL(Wide, F.Normal, () => tf.scalar(42));
      tf.tidy(() => {
        expectClose(klDivergence(new Wide(0, 1), new F.Normal(0, 1)), 42);
        // The exact match (Normal, Normal) still wins for plain Normals.
        expectClose(klDivergence(new F.Normal(0, 1), new F.Normal(0, 1)), 0);
        // A subclass falls back to its parent's rule.
        expectClose(klDivergence(new F.Normal(0, 1), new Wide(1, 1)), 0.5);
      });
    }));
});
