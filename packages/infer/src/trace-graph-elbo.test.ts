// TraceGraphELBO's baselines: exact surrogate gradients with a baseline
// value and with a decaying average, a neural baseline trained by SVI, and
// the variance reduction they bring on a discrete-latent model.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Bernoulli, Normal } from '@pyro-ts/distributions';
import { Adam } from '@pyro-ts/optim';
import { getParamStore, module, param, plate, resetRuntime, sample } from '@pyro-ts/primitives';
import { SVI, TraceGraphELBO, baselineAvgName, type BaselineOptions } from './index.js';

const LOG2PI = Math.log(2 * Math.PI);
const logNormal = (x: number, m: number, s: number): number => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * LOG2PI;
const sigmoid = (l: number): number => 1 / (1 + Math.exp(-l));

// z ~ Bernoulli(0.4); x_j ~ N(3z, 1) for 8 observations: the cost of z is large and mostly constant
const X = [2.1, 3.5, 2.7, 3.9, 1.8, 3.2, 2.4, 3.0];
const model = (x: tf.Tensor): void => {
  const z = sample('z', new Bernoulli({ probs: 0.4 }));
  plate('data', X.length, () => sample('x', new Normal(tf.mul(z, 3), 1), { obs: x }));
};
let drawn = 0;
function makeGuide(baseline: () => BaselineOptions | undefined): () => void {
  return () => {
    const b = baseline();
    const z = sample('z', new Bernoulli({ logits: param('l', 0.2) }), b === undefined ? {} : { infer: { baseline: b } });
    drawn = z.dataSync()[0] as number;
  };
}
/** The downstream cost of z: log p(z) − log q(z) + Σ log p(x_j | z). */
function cost(z: number, l: number): number {
  const q = sigmoid(l);
  return Math.log(z ? 0.4 : 0.6) - Math.log(z ? q : 1 - q) + X.reduce((a, x) => a + logNormal(x, 3 * z, 1), 0);
}

describe('TraceGraphELBO baselines', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('baselineValue: the score term uses cost − baseline, and the baseline is trained by (cost − baseline)²', () => {
    const x = tf.tensor1d(X);
    const guide = makeGuide(() => ({ baselineValue: param('b', 5) }));
    const elbo = new TraceGraphELBO();
    elbo.loss(model, guide, x);
    setRngSeed(4);
    expectNoLeaks(() => {
      for (let t = 0; t < 4; t++) {
        const r = elbo.lossAndGrads(model, guide, x);
        const c = cost(drawn, 0.2);
        // float32 costs of O(30): rtol 1e-5
        expectClose(r.grads.get('l') as tf.Tensor, [-(drawn - sigmoid(0.2)) * (c - 5)], { rtol: 1e-5, atol: 1e-5 }, 'grad l');
        expectClose(r.grads.get('b') as tf.Tensor, [-2 * (c - 5)], { rtol: 1e-5, atol: 1e-5 }, 'grad b');
        tf.dispose([...r.grads.values()]);
      }
    });
    x.dispose();
  });

  it('useDecayingAvgBaseline: the average is kept in the param store and lags one step', () => {
    const x = tf.tensor1d(X);
    const guide = makeGuide(() => ({ useDecayingAvgBaseline: true, baselineBeta: 0.8 }));
    const elbo = new TraceGraphELBO();
    setRngSeed(6);
    let avg = 0;
    elbo.lossAndGrads(model, guide, x).grads.forEach((g) => g.dispose());
    avg = 0.2 * cost(drawn, 0.2);
    const name = baselineAvgName('z');
    expectClose(getParamStore().get(name), avg, { rtol: 1e-5 }, 'average after one step');
    expectNoLeaks(() => {
      for (let t = 0; t < 4; t++) {
        const r = elbo.lossAndGrads(model, guide, x);
        const c = cost(drawn, 0.2);
        expectClose(r.grads.get('l') as tf.Tensor, [-(drawn - sigmoid(0.2)) * (c - avg)], { rtol: 1e-5, atol: 1e-5 }, 'grad l');
        expect(r.grads.has(name)).toBe(false);
        avg = 0.2 * c + 0.8 * avg;
        expectClose(getParamStore().get(name), avg, { rtol: 1e-5 }, 'average');
        tf.dispose([...r.grads.values()]);
      }
      // the loss does not update the average
      elbo.loss(model, guide, x);
      expectClose(getParamStore().get(name), avg, { rtol: 1e-5 }, 'average after loss()');
    });
    x.dispose();
  });

  it('an nnBaseline registered with module() is trained by SVI towards the mean cost', () => {
    const x = tf.tensor1d(X);
    const net = { w: tf.variable(tf.tensor2d([[0.1]])), b: tf.variable(tf.tensor1d([0])) };
    const input = tf.tensor2d([[1]]);
    const guide = (): void => {
      const m = module('baseline', net);
      const nnBaseline = (inp: tf.Tensor): tf.Tensor => tf.reshape(tf.add(tf.matMul(inp, m.w), m.b), []);
      sample('z', new Bernoulli({ logits: param('l', -1) }), { infer: { baseline: { nnBaseline, nnBaselineInput: input } } });
    };
    // the guide's logit learns slowly, the baseline quickly (as AIR sets it up)
    const optim = new Adam((name: string) => ({ lr: name.startsWith('baseline') ? 0.1 : 1e-4 }));
    const svi = new SVI(model, guide, optim, new TraceGraphELBO());
    setRngSeed(9);
    svi.step(x);
    expectNoLeaks(() => {
      for (let i = 1; i < 400; i++) svi.step(x);
    });
    const store = getParamStore();
    const out = tf.tidy(() => tf.add(tf.matMul(input, store.get('baseline$$$w')), store.get('baseline$$$b')).dataSync()[0] as number);
    const l = store.get('l').dataSync()[0] as number;
    const q = sigmoid(l);
    const mean = q * cost(1, l) + (1 - q) * cost(0, l);
    // tolerance: the baseline tracks E[cost] (cost sd ≈ 15) within 3
    expect(Math.abs(out - mean)).toBeLessThan(3);
    input.dispose();
    x.dispose();
  });

  it('baselines lower the variance of the gradient (ratio reported)', () => {
    const x = tf.tensor1d(X);
    const variance = (baseline: BaselineOptions | undefined): number => {
      resetRuntime();
      setRngSeed(12);
      const guide = makeGuide(() => baseline);
      const elbo = new TraceGraphELBO();
      const grads: number[] = [];
      for (let t = 0; t < 300; t++) {
        const r = elbo.lossAndGrads(model, guide, x);
        if (t >= 50) grads.push((r.grads.get('l') as tf.Tensor).dataSync()[0] as number);
        tf.dispose([...r.grads.values()]);
      }
      const m = grads.reduce((a, b) => a + b, 0) / grads.length;
      return grads.reduce((a, g) => a + (g - m) ** 2, 0) / (grads.length - 1);
    };
    const none = variance(undefined);
    const decaying = variance({ useDecayingAvgBaseline: true });
    const ratio = decaying / none;
    // exact variances of the score-function gradient g = −(z − q)(c(z) − b), z ~ Bernoulli(q)
    const q = sigmoid(0.2);
    const exactVar = (b: number): number => {
      const g1 = -(1 - q) * (cost(1, 0.2) - b);
      const g0 = q * (cost(0, 0.2) - b);
      const m = q * g1 + (1 - q) * g0;
      return q * g1 * g1 + (1 - q) * g0 * g0 - m * m;
    };
    const meanCost = q * cost(1, 0.2) + (1 - q) * cost(0, 0.2);
    console.log(
      `TraceGraphELBO gradient variance (250 draws): no baseline ${none.toFixed(3)} (exact ${exactVar(0).toFixed(3)}), ` +
        `decaying-average baseline ${decaying.toFixed(3)} (exact with b = E[cost]: ${exactVar(meanCost).toFixed(3)}), ratio ${ratio.toFixed(4)}`,
    );
    // 250 draws: the sample variance is within 25% of the exact one
    expect(Math.abs(none / exactVar(0) - 1)).toBeLessThan(0.25);
    expect(ratio).toBeLessThan(0.2);
    x.dispose();
  });
});
