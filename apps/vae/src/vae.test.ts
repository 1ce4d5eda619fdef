import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { replay, trace } from '@pyro-ts/poutine';
import { getParamStore, resetRuntime } from '@pyro-ts/primitives';
import { VAE } from './vae.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const EPS = 1.1920928955078125e-7; // float32 machine epsilon: torch clamps Bernoulli probs to [eps, 1 - eps]

function rows(t: Tensor): number[][] {
  return t.arraySync() as number[][];
}

/** A dense layer by hand: act(x·W + b) with the store's values. */
function denseByHand(x: number[][], name: string, act: (v: number) => number): number[][] {
  const w = rows(getParamStore().get(`${name}.kernel`));
  const b = getParamStore().get(`${name}.bias`).arraySync() as number[];
  return x.map((row) => b.map((bj, j) => act(row.reduce((s, v, i) => s + v * (w[i] as number[])[j]!, bj))));
}
const softplus = (v: number) => Math.log1p(Math.exp(v));
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

describe('the VAE model and guide', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('has Pyro\'s sites and shapes, and parameters named after the layers', () => {
    setRngSeed(0);
    const vae = new VAE();
    const x = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([5, 784], 0, 1, 'float32', 1), 0.7), 'float32'));
    // tensors the model and guide make themselves (z_loc, the decoded image) belong to the caller: a tidy, as in SVI
    expectNoLeaks(() => tf.tidy(() => {
      const g = trace(vae.guide).getTrace(x);
      const m = trace(replay(vae.model, g)).getTrace(x);
      m.computeLogProb();
      g.computeLogProb();
      expect(g.paramNodes).toEqual(['encoder$$$fc1.kernel', 'encoder$$$fc1.bias', 'encoder$$$fc21.kernel', 'encoder$$$fc21.bias', 'encoder$$$fc22.kernel', 'encoder$$$fc22.bias']);
      expect(m.paramNodes).toEqual(['decoder$$$fc1.kernel', 'decoder$$$fc1.bias', 'decoder$$$fc21.kernel', 'decoder$$$fc21.bias']);
      const lat = m.sampleSite('latent');
      expect([lat.fn.batchShape, lat.fn.eventShape, lat.value!.shape, (lat.logProb as Tensor).shape]).toEqual([[5], [50], [5, 50], [5]]);
      const obs = m.sampleSite('obs');
      expect([obs.fn.batchShape, obs.fn.eventShape, obs.isObserved, (obs.logProb as Tensor).shape]).toEqual([[5], [784], true, [5]]);
      expect(m.sampleSite('latent').value).toBe(g.sampleSite('latent').value);
      expect(m.stochasticNodes).toEqual(['data', 'latent']); // the plate's subsample site too, as in Pyro
      expect(g.sampleSite('latent').fn.hasRsample).toBe(true);
      expect(getParamStore().variable('decoder$$$fc21.kernel').shape).toEqual([400, 784]);
      g.dispose();
      m.dispose();
    }));
    x.dispose();
  });

  it('initializes every weight and bias as torch.nn.Linear: uniform in ±1/√fan_in', () => {
    setRngSeed(1);
    const vae = new VAE();
    trace(vae.guide).getTrace(tf.zeros([1, 784])).dispose();
    trace(vae.model).getTrace(tf.zeros([1, 784])).dispose();
    const store = getParamStore();
    for (const [name, fanIn] of [['encoder$$$fc1', 784], ['encoder$$$fc21', 400], ['decoder$$$fc1', 50], ['decoder$$$fc21', 400]] as const) {
      const bound = 1 / Math.sqrt(fanIn);
      for (const part of ['kernel', 'bias']) {
        const v = Array.from(store.get(`${name}.${part}`).dataSync());
        const max = v.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
        expect(max).toBeLessThanOrEqual(bound);
        if (v.length > 1000) {
          const meanSq = v.reduce((a, b) => a + b * b, 0) / v.length;
          expect(meanSq / (bound * bound / 3)).toBeGreaterThan(0.95); // uniform: E[w²] = bound²/3
          expect(meanSq / (bound * bound / 3)).toBeLessThan(1.05);
        }
      }
    }
  });

  it('computes the log-densities of the example: N(0, I) prior, Bernoulli(decoder(z)) likelihood, N(z_loc, z_scale) guide (checked by hand, small networks)', () => {
    setRngSeed(2);
    const vae = new VAE({ inputDim: 6, zDim: 2, hiddenDim: 3 });
    const xs = [[0, 1, 0.5, 1, 0, 0.25], [1, 1, 0, 0, 0.75, 1]];
    const x = tf.tensor2d(xs);
    // tensors the model and guide make themselves (z_loc, the decoded image) belong to the caller: a tidy, as in SVI
    expectNoLeaks(() => tf.tidy(() => {
      const g = trace(vae.guide).getTrace(x);
      const m = trace(replay(vae.model, g)).getTrace(x);
      m.computeLogProb();
      g.computeLogProb();
      const z = rows(g.value('latent'));
      // guide, by hand
      const h = denseByHand(xs, 'encoder$$$fc1', softplus);
      const loc = denseByHand(h, 'encoder$$$fc21', (v) => v);
      const scale = denseByHand(h, 'encoder$$$fc22', Math.exp);
      const q = z.map((zi, n) => zi.reduce((s, v, k) => s - 0.5 * ((v - loc[n]![k]!) / scale[n]![k]!) ** 2 - Math.log(scale[n]![k]!) - LOG_SQRT_2PI, 0));
      expect(Array.from(g.sampleSite('latent').logProb!.dataSync())).toEqual(q.map((v) => expect.closeTo(v, 4)));
      // prior
      const prior = z.map((zi) => zi.reduce((s, v) => s - 0.5 * v * v - LOG_SQRT_2PI, 0));
      expect(Array.from(m.sampleSite('latent').logProb!.dataSync())).toEqual(prior.map((v) => expect.closeTo(v, 4)));
      // likelihood with non-binary pixels: x log p + (1 − x) log(1 − p), p clamped as torch does
      const p = denseByHand(denseByHand(z, 'decoder$$$fc1', softplus), 'decoder$$$fc21', sigmoid);
      const lik = xs.map((row, n) => row.reduce((s, v, i) => {
        const pi = Math.min(Math.max(p[n]![i]!, EPS), 1 - EPS);
        return s + v * Math.log(pi) + (1 - v) * Math.log1p(-pi);
      }, 0));
      expect(Array.from(m.sampleSite('obs').logProb!.dataSync())).toEqual(lik.map((v) => expect.closeTo(v, 4)));
      g.dispose();
      m.dispose();
    }));
    x.dispose();
  });

  it('reconstructs and samples images of pixel probabilities without leaking', () => {
    setRngSeed(3);
    const vae = new VAE({ inputDim: 6, zDim: 2, hiddenDim: 3 });
    const x = tf.ones([4, 6]);
    expectNoLeaks(() => {
      const r = vae.reconstruct(x);
      const mean = vae.reconstruct(x, { useMean: true });
      const s = vae.samplePrior(7);
      expect(r.shape).toEqual([4, 6]);
      expect(s.shape).toEqual([7, 6]);
      for (const t of [r, mean, s]) for (const v of t.dataSync()) expect(v > 0 && v < 1).toBe(true);
      // with the mean code, all four identical inputs give identical outputs; with sampled codes they differ
      const m = rows(mean);
      expect(m[3]).toEqual(m[0]);
      expect(rows(r)[3]).not.toEqual(rows(r)[0]);
      tf.dispose([r, mean, s]);
    });
    x.dispose();
    resetRuntime();
  });
});
