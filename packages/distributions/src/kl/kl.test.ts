// klDivergence against distributions.json's `kind: "kl"` cases, Pyro's
// wrapper rules, dispatch and registration.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, loadConformance, useCpuForTests, type Nested } from '@pyro-ts/tensor/testing';
import { NotImplementedError } from '../errors.js';
import type { Distribution } from '../distribution/index.js';
import { Delta } from '../distribution/index.js';
import * as F from '../families/index.js';
import { klDivergence, registerKL } from './index.js';

beforeAll(useCpuForTests);

interface KLCase {
  id: string;
  kind: 'kl';
  p: string;
  q: string;
  kl: Nested;
  kl_shape: number[];
}

/** The fixture's constructor texts, written with our API. */
const PAIRS: Record<string, () => [Distribution, Distribution]> = {
  'KL/Independent_Normal': () => [new F.Normal({ loc: [0, 1, 2], scale: [1, 0.5, 2] }).toEvent(1), new F.Normal({ loc: 0, scale: 1 }).expand([3]).toEvent(1)],
  'KL/LogNormal_LogNormal': () => [new F.LogNormal(0, 1), new F.LogNormal(1, 0.5)],
  'KL/Delta_Normal': () => [new Delta(0.7), new F.Normal(0, 1)],
  'KL/MVN_MVN': () => [
    new F.MultivariateNormal([0, 1], { scaleTril: [[1, 0], [0.5, 2]] }),
    new F.MultivariateNormal([1, 0], { covarianceMatrix: [[2, 0.3], [0.3, 1]] }),
  ],
  'KL/Independent_MVN_Delta': () => [new Delta([0.5, -0.5]).toEvent(1), new F.MultivariateNormal([0, 0], { covarianceMatrix: [[1, 0.5], [0.5, 2]] })],
};

/** Cases not run yet, with the reason. */
const NOT_YET: Record<string, string> = {
  'KL/Beta_Beta': 'Beta not implemented yet',
  'KL/Bernoulli_Bernoulli': 'Bernoulli not implemented yet',
  'KL/Poisson_Poisson': 'Poisson not implemented yet',
};

const cases = loadConformance<{ kind: string }>('distributions.json').filter((c): c is KLCase => c.kind === 'kl');

describe('distributions.json kl', () => {
  it('accounts for every case', () => {
    expect(cases.map((c) => c.id).sort()).toEqual([...Object.keys(PAIRS), ...Object.keys(NOT_YET)].sort());
  });
  it.each(cases.filter((c) => c.id in PAIRS).map((c) => [c.id, c] as const))('%s', (id, c) =>
    expectNoLeaks(() => {
      const [p, q] = PAIRS[id]!();
      const kl = klDivergence(p, q);
      try {
        expect(kl.shape).toEqual(c.kl_shape);
        expectClose(kl, c.kl, { rtol: 2e-5, atol: 2e-6 }, id);
      } finally {
        kl.dispose();
      }
    }),
  );
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
