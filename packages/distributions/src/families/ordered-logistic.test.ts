// OrderedLogistic: category probabilities against float64 sigmoid
// differences, shapes of predictor/cutpoints broadcasting, validation,
// enumeration and sampling frequencies.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { ValueError } from '../distribution/errors.js';
import { klDivergence } from '../kl/index.js';
import { Categorical } from './categorical.js';
import { OrderedLogistic } from './ordered-logistic.js';

beforeAll(useCpuForTests);

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** [σ(c₀ − η), σ(c₁ − η) − σ(c₀ − η), ..., 1 − σ(c_last − η)] in float64. */
function probs(eta: number, cuts: number[]): number[] {
  const q = cuts.map((c) => sigmoid(c - eta));
  return [q[0]!, ...q.slice(1).map((v, i) => v - q[i]!), 1 - q[q.length - 1]!];
}

describe('OrderedLogistic', () => {
  const predictor = [-1, 0.5, 2];
  const cutpoints = [-0.5, 0.3, 1.5];

  it('is a Categorical over K = len(cutpoints) + 1 ordered categories, built positionally or by keyword', () =>
    expectNoLeaks(() => {
      for (const d of [new OrderedLogistic(predictor, cutpoints), new OrderedLogistic({ predictor, cutpoints }), new OrderedLogistic(predictor, { cutpoints })]) {
        expect(d).toBeInstanceOf(Categorical);
        expect([d.batchShape, d.eventShape, d.numEvents, d.hasEnumerateSupport, d.className]).toEqual([[3], [], 4, true, 'OrderedLogistic']);
        expect(d.support.toString()).toBe('IntegerInterval(lower_bound=0, upper_bound=3)');
      }
      expect(new OrderedLogistic(predictor, cutpoints).toString()).toBe('OrderedLogistic(predictor: (3,), cutpoints: (3, 3))');
      expect(() => new OrderedLogistic({ predictor } as never)).toThrow("missing required argument 'cutpoints'");
    }));

  it('has the probabilities of the cumulative logits; logProb and entropy follow', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const d = new OrderedLogistic(predictor, cutpoints);
        const ref = predictor.map((eta) => probs(eta, cutpoints));
        expectClose(d.probs, ref, { rtol: 1e-5, atol: 1e-6 }, 'probs');
        expectClose(d.logProb([[0, 1, 3], [3, 2, 0]]), [[0, 1, 3], [3, 2, 0]].map((row) => row.map((k, i) => Math.log(ref[i]![k]!))), { rtol: 2e-5, atol: 2e-5 }, 'logProb');
        expectClose(d.entropy(), ref.map((p) => -p.reduce((s, v) => s + v * Math.log(v), 0)), { rtol: 2e-5, atol: 2e-5 }, 'entropy');
        expectClose(d.predictor, predictor, { rtol: 1e-7, atol: 0 });
        expectClose(d.cutpoints, [cutpoints, cutpoints, cutpoints], { rtol: 1e-7, atol: 0 });
        // KL dispatches to Categorical ‖ Categorical, as in torch.
        const q = new OrderedLogistic(0, cutpoints);
        const refQ = probs(0, cutpoints);
        expectClose(klDivergence(d, q), ref.map((p) => p.reduce((s, v, k) => s + v * Math.log(v / refQ[k]!), 0)), { rtol: 1e-4, atol: 1e-5 }, 'KL');
      }),
    ));

  it('broadcasts batched cutpoints with the predictor', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const cuts = [[-1, 1], [0, 2]];
        const d = new OrderedLogistic([[0.5], [-0.5], [1]], cuts); // [3, 1] with [2, 2] → batch [3, 2]
        expect([d.batchShape, d.numEvents]).toEqual([[3, 2], 3]);
        const ref = [0.5, -0.5, 1].map((eta) => cuts.map((c) => probs(eta, c)));
        expectClose(d.probs, ref, { rtol: 1e-5, atol: 1e-6 });
        const e = d.expand([4, 3, 2]);
        expect([e.className, e.batchShape, e.sample().shape]).toEqual(['OrderedLogistic', [4, 3, 2], [4, 3, 2]]);
        expect((e as OrderedLogistic).cutpoints.shape).toEqual([4, 3, 2, 2]);
      }),
    ));

  it('validates the predictor and the order of the cutpoints (not the derived probabilities)', () =>
    expectNoLeaks(() => {
      expect(() => new OrderedLogistic(0, [1, 0])).toThrow(/Expected parameter cutpoints .* of distribution OrderedLogistic/);
      expect(() => new OrderedLogistic(NaN, [0, 1])).toThrow(/Expected parameter predictor/);
      expect(() => new OrderedLogistic(0, [1, 0], { validateArgs: false })).not.toThrow();
      expect(() => new OrderedLogistic(0, 1)).toThrow(ValueError);
      expect(() => tf.tidy(() => new OrderedLogistic(0, [0, 1]).logProb(3))).toThrow(ValueError);
    }));

  it('enumerates the categories and samples them with their probabilities', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const d = new OrderedLogistic(0.5, cutpoints);
        const s = d.enumerateSupport();
        expect([s.dtype, Array.from(s.dataSync())]).toEqual(['int32', [0, 1, 2, 3]]);
        setRngSeed(21);
        const N = 20000;
        const x = d.sample([N]);
        expect([x.shape, x.dtype]).toEqual([[N], 'int32']);
        const freq = tf.mean(tf.cast(tf.equal(tf.expandDims(x, -1), tf.range(0, 4, 1, 'int32')), 'float32'), 0).dataSync();
        probs(0.5, cutpoints).forEach((p, k) => expect(Math.abs(freq[k]! - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N)));
      }),
    ));
});
