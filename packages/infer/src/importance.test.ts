// Importance sampling: the log-evidence of a conjugate model against its
// exact value, the effective sample size, EmpiricalMarginal, the vectorized
// weights, and the posterior's traces.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal } from '@pyro-ts/distributions';
import { plate, resetRuntime, sample } from '@pyro-ts/primitives';
import { EmpiricalMarginal, Importance, TracePredictive, vectorizedImportanceWeights } from './index.js';

const LOG2PI = Math.log(2 * Math.PI);
const logNormal = (x: number, m: number, s: number): number => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * LOG2PI;

// mu ~ N(0.5, 1.5); x_i ~ N(mu, 1)
const X = [0.9, 2.1, 1.4, 0.2];
const PRIOR_M = 0.5;
const PRIOR_S = 1.5;
const precision = 1 / PRIOR_S ** 2 + X.length;
const postM = (PRIOR_M / PRIOR_S ** 2 + X.reduce((a, b) => a + b, 0)) / precision;
const postS = Math.sqrt(1 / precision);
// log p(x) = log p(x | mu) + log p(mu) − log p(mu | x), at any mu
const logEvidence = X.reduce((a, x) => a + logNormal(x, 0, 1), 0) + logNormal(0, PRIOR_M, PRIOR_S) - logNormal(0, postM, postS);

const model = (x: tf.Tensor): tf.Tensor => {
  const mu = sample('mu', new Normal(PRIOR_M, PRIOR_S));
  plate('data', X.length, () => sample('x', new Normal(mu, 1), { obs: x }));
  return mu;
};
const exactGuide = (): void => {
  sample('mu', new Normal(postM, postS));
};

describe('Importance', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('with the exact posterior as the guide, every weight is the log-evidence and ESS = numSamples', () => {
    const x = tf.tensor1d(X);
    setRngSeed(0);
    const before = tf.memory().numTensors;
    const imp = new Importance(model, { guide: exactGuide, numSamples: 50 }).run(x);
    // float32 log-densities: 1e-4 absolute
    for (const w of imp.logWeights) expect(Math.abs(w - logEvidence)).toBeLessThan(1e-4);
    expect(Math.abs(imp.getLogNormalizer() - logEvidence)).toBeLessThan(1e-4);
    expect(imp.logEvidence()).toBe(imp.getLogNormalizer());
    expect(imp.getESS()).toBeCloseTo(50, 3);
    const w = imp.getNormalizedWeights();
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // the marginal of the return value (mu) has the posterior's moments (50 draws: 4 standard errors)
    const marg = new EmpiricalMarginal(imp);
    expect(marg.samples.shape).toEqual([50]);
    const mean = tf.tidy(() => marg.mean.dataSync()[0] as number);
    expect(Math.abs(mean - postM)).toBeLessThan((4 * postS) / Math.sqrt(50));
    marg.dispose();
    const t = imp.sampleTrace();
    expect(t.has('x')).toBe(false);
    expect(t.has('mu')).toBe(true);
    imp.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('proposing from the prior: the log-evidence estimate is within its Monte Carlo error', () => {
    const x = tf.tensor1d(X);
    setRngSeed(1);
    expectNoLeaks(() => {
      const imp = new Importance(model, { numSamples: 300 }).run(x);
      // prior proposal with 300 samples: ESS ≈ 80 here; tolerance 0.15 in log space
      expect(Math.abs(imp.getLogNormalizer() - logEvidence)).toBeLessThan(0.15);
      expect(imp.getESS()).toBeGreaterThan(30);
      expect(imp.getESS()).toBeLessThan(300);
      imp.dispose();
    });
    x.dispose();
  });

  it('vectorizedImportanceWeights: 20000 prior samples at once estimate the log-evidence', () => {
    const x = tf.tensor1d(X);
    const guide = (xs: tf.Tensor): void => {
      void xs;
      sample('mu', new Normal(PRIOR_M, PRIOR_S));
    };
    setRngSeed(2);
    expectNoLeaks(() => {
      const r = vectorizedImportanceWeights(model, guide, [x], { numSamples: 20000, maxPlateNesting: 1 });
      expect(r.logWeights.shape).toEqual([20000]);
      const est = tf.tidy(() => tf.sub(tf.logSumExp(r.logWeights), Math.log(20000)).dataSync()[0] as number);
      // 20000 prior samples: tolerance 0.03 in log space
      expect(Math.abs(est - logEvidence)).toBeLessThan(0.03);
      expect(r.modelTrace.sampleSite('mu').value?.shape).toEqual([20000, 1]);
      const n = tf.tidy(() => tf.sum(tf.exp(tf.sub(r.logWeights, tf.logSumExp(r.logWeights)))).dataSync()[0] as number);
      expect(n).toBeCloseTo(1, 4);
      const norm = vectorizedImportanceWeights(model, exactGuide, [x], { numSamples: 10, maxPlateNesting: 1, normalized: true });
      // exact guide: normalized log-weights are all log(1/10)
      expectClose(norm.logWeights, new Array(10).fill(-Math.log(10)), { atol: 1e-4 }, 'normalized');
      r.logWeights.dispose();
      r.modelTrace.dispose();
      r.guideTrace.dispose();
      norm.logWeights.dispose();
      norm.modelTrace.dispose();
      norm.guideTrace.dispose();
    });
    x.dispose();
  });

  it('information criterion (WAIC) from the traces', () => {
    const x = tf.tensor1d(X);
    setRngSeed(3);
    const model1 = (xs: tf.Tensor): void => {
      const mu = sample('mu', new Normal(PRIOR_M, PRIOR_S));
      plate('data', X.length, () => sample('x', new Normal(mu, 1), { obs: xs }));
    };
    expectNoLeaks(() => {
      const imp = new Importance(model1, { guide: exactGuide, numSamples: 40 }).run(x);
      const ic = imp.informationCriterion(true) as { waic: tf.Tensor; pWaic: tf.Tensor };
      expect(ic.waic.shape).toEqual([4]);
      // recompute from the recorded log-likelihoods: lpd_i − p_i, p_i the (unbiased) variance
      const ll = imp.execTraces.map((t) => Array.from(t.sampleSite('x').unscaledLogProb?.dataSync() ?? []));
      const S = ll.length;
      const want = X.map((_, i) => {
        const col = ll.map((r) => r[i] as number);
        const m = Math.max(...col);
        const lpd = m + Math.log(col.reduce((a, v) => a + Math.exp(v - m), 0) / S);
        const mean = col.reduce((a, v) => a + v, 0) / S;
        const p = col.reduce((a, v) => a + (v - mean) ** 2, 0) / (S - 1);
        return -2 * (lpd - p);
      });
      expectClose(ic.waic, want, { rtol: 1e-4, atol: 1e-5 }, 'pointwise waic');
      tf.dispose([ic.waic, ic.pWaic]);
      imp.dispose();
    });
    x.dispose();
  });

  it('TracePredictive replays posterior traces into the model', () => {
    const x = tf.tensor1d(X);
    setRngSeed(4);
    expectNoLeaks(() => {
      const imp = new Importance(model, { guide: exactGuide, numSamples: 20 });
      const pred = new TracePredictive(model, imp, 15).run(x);
      expect(pred.execTraces).toHaveLength(15);
      const mus = new Set(imp.execTraces.map((t) => t.value('mu').dataSync()[0]));
      for (const t of pred.execTraces) {
        // every predictive trace's mu is one of the posterior's, and its return value is that mu
        expect(mus.has(t.value('mu').dataSync()[0])).toBe(true);
        expect((t.get('_RETURN')?.value as tf.Tensor).dataSync()[0]).toBe(t.value('mu').dataSync()[0]);
      }
      pred.dispose();
      imp.dispose();
    });
    x.dispose();
  });
});
