// TransformedDistribution against transforms.json's transformed_distribution
// cases, plus cdf / icdf through monotone transforms and expand.
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, fixtureTensor, loadConformance, useCpuForTests, type Nested } from '@pyro-ts/tensor/testing';
import { AffineTransform, ExpTransform, StickBreakingTransform } from '../transforms/index.js';
import { Normal } from '../families/index.js';
import { TransformedDistribution } from './index.js';
import type { Distribution } from './internal.js';

beforeAll(useCpuForTests);

interface Case {
  id: string;
  kind: string;
  batch_shape: number[];
  event_shape: number[];
  values: Nested;
  values_shape: number[];
  log_prob: Nested;
  log_prob_shape: number[];
}

const BUILD: Record<string, () => Distribution> = {
  'TransformedDistribution/lognormal': () => new TransformedDistribution(new Normal(0.5, 2.0), [new ExpTransform()]),
  'TransformedDistribution/stickbreaking': () => new TransformedDistribution(new Normal(0, 1).expand([3]).toEvent(1), new StickBreakingTransform()),
  'TransformedDistribution/affine_event_dim1': () =>
    new TransformedDistribution(new Normal([0, 0, 0], 1).toEvent(1), [new AffineTransform([1, 2, 3], [2, 0.5, 1], 1)]),
};

const cases = loadConformance<Case>('transforms.json').filter((c) => c.kind === 'transformed_distribution');

describe('transforms.json transformed_distribution', () => {
  it('covers every case', () => expect(cases.map((c) => c.id).sort()).toEqual(Object.keys(BUILD).sort()));
  it.each(cases.map((c) => [c.id, c] as const))('%s', (id, c) =>
    expectNoLeaks(() => {
      const d = BUILD[id]!();
      expect([d.batchShape, d.eventShape]).toEqual([c.batch_shape, c.event_shape]);
      tf.tidy(() => {
        const lp = d.logProb(fixtureTensor(c.values, c.values_shape));
        expect(lp.shape).toEqual(c.log_prob_shape);
        expectClose(lp, c.log_prob, { rtol: 2e-5, atol: 2e-5 });
        const x = d.sample([4]);
        expect(x.shape).toEqual(d.shape([4]));
        expect(d.logProb(x).shape).toEqual([4, ...d.batchShape]);
      });
    }),
  );
});

describe('TransformedDistribution', () => {
  it('cdf and icdf go through monotone transforms, flipped where decreasing', () =>
    expectNoLeaks(() => {
      tf.tidy(() => {
        // Y = -2 X + 1 with X ~ Normal(0, 1): P(Y <= y) = 1 - Phi((1 - y) / 2).
        const d = new TransformedDistribution(new Normal(0, 1), [new AffineTransform(1, -2)]);
        const y = tf.tensor([-1, 0, 1, 3]);
        const expected = [-1, 0, 1, 3].map((v) => 1 - 0.5 * (1 + erf((1 - v) / 2 / Math.SQRT2)));
        expectClose(d.cdf(y), expected, { atol: 2e-6 });
        expect(d.support.toString()).toBe('Real()');
      });
    }));

  it('expand keeps the transforms and expands the base', () =>
    expectNoLeaks(() => {
      const d = new TransformedDistribution(new Normal([0, 1], 1), [new ExpTransform()]).expand([3, 2]);
      expect(d).toBeInstanceOf(TransformedDistribution);
      expect([d.batchShape, (d as TransformedDistribution).baseDist.batchShape]).toEqual([[3, 2], [3, 2]]);
      tf.tidy(() => expect(d.rsample([5]).shape).toEqual([5, 3, 2]));
    }));

  it('rsample is differentiable through the transforms', () =>
    expectNoLeaks(() => {
      tf.tidy(() => {
        // d/dloc E[exp(X)] with X = loc + eps: each draw contributes exp(x).
        const g = tf.grad((loc: tf.Tensor) => {
          const x = new TransformedDistribution(new Normal(loc, 0.1), [new ExpTransform()]).rsample([1000]);
          return tf.mean(x);
        })(tf.scalar(0));
        expectClose(g, Math.exp(0.005), { rtol: 0.02 });
      });
    }));
});

/** erf by its Maclaurin series (|x| < 3 here), for reference values. */
function erf(x: number): number {
  let sum = 0;
  let term = x;
  for (let n = 0; n < 100; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
