// Zero-inflated distributions: moments consistent with logProb, sampling.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { ZeroInflatedNegativeBinomial, ZeroInflatedPoisson } from './index.js';

beforeAll(useCpuForTests);

describe('ZeroInflatedPoisson', () => {
  it('gate and gateLogits parameterizations agree in logProb, mean and variance (sigmoid gate)', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const rate = [0.5, 2, 7];
        const logits = [-1, 0, 2];
        const gate = logits.map((l) => 1 / (1 + Math.exp(-l)));
        const a = new ZeroInflatedPoisson({ rate, gate });
        const b = new ZeroInflatedPoisson({ rate, gateLogits: logits });
        const x = tf.tensor([[0, 0, 0], [1, 3, 8]]);
        expectClose(b.logProb(x), a.logProb(x), { rtol: 1e-5, atol: 1e-6 });
        expectClose(b.mean, rate.map((r, i) => (1 - gate[i]!) * r), { rtol: 1e-6 });
        expectClose(b.variance, a.variance, { rtol: 1e-5 });
        // The pmf sums to one.
        const ks = tf.reshape(tf.range(0, 60), [60, 1]);
        expectClose(tf.sum(tf.exp(b.logProb(ks)), 0), [1, 1, 1], { rtol: 1e-5 });
      }),
    ));

  it('samples have the mixture mean and variance', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(31);
        const d = new ZeroInflatedNegativeBinomial({ totalCount: [3, 10], logits: [0.5, -1], gateLogits: [0, -2] });
        const n = 20000;
        const x = d.sample([n]);
        const m = tf.mean(x, 0);
        const v = tf.mean(tf.square(tf.sub(x, m)), 0);
        const sd = tf.sqrt(d.variance);
        expectClose(m, d.mean, { atol: tf.max(sd).dataSync()[0]! * 5 / Math.sqrt(n) });
        expectClose(v, d.variance, { rtol: 0.08 });
      }),
    ));
});
