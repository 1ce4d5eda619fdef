// The README's example, run as written.
import '@tensorflow/tfjs-backend-cpu';
import { useCpuForTests } from '@pyro-ts/tensor/testing';
import { resetRuntime } from '@pyro-ts/primitives';

// ---- README example (keep in sync) ----
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { Normal, constraints } from '@pyro-ts/distributions';
import { sample, param, plate, getParamStore } from '@pyro-ts/primitives';
import { ClippedAdam } from '@pyro-ts/optim';
import { SVI, TraceELBO, Predictive, train } from './index.js';

function model(data: tf.Tensor): void {
  const mu = sample('mu', new Normal(0, 10));
  plate('data', data.shape[0] as number, () => {
    sample('obs', new Normal(mu, 1), { obs: data });
  });
}

function guide(_data: tf.Tensor): void {
  const loc = param('loc', 0);
  const scale = param('scale', 1, { constraint: constraints.positive });
  sample('mu', new Normal(loc, scale));
}

function example(): { loc: number; scale: number; predictive: number[] } {
  setRngSeed(0);
  const data = tf.tensor1d([1.9, 2.3, 2.1, 1.6, 2.4]);
  // lr decays by lrd each step: 0.1 → 0.005 over 300 steps
  const svi = new SVI(model, guide, new ClippedAdam({ lr: 0.1, lrd: 0.99 }), new TraceELBO());
  for (let step = 0; step < 300; step++) {
    const loss = svi.step(data); // a number; only the parameters and the optimizer's state survive a step
    if (step % 100 === 0) console.log(`step ${step} loss ${loss.toFixed(3)}`);
  }
  // or: train(svi, { numSteps: 300, args: [data], progress: true });
  const loc = getParamStore().get('loc').dataSync()[0] as number; // 2.080 (exact posterior mean 2.0559)
  const scale = tf.tidy(() => getParamStore().get('scale').dataSync()[0] as number); // 0.441 (exact posterior sd 0.4468)
  const samples = new Predictive(model, { guide, numSamples: 3 }).forward(data); // { mu: [3, 1], obs: [3, 5] }
  const predictive = Array.from(samples.obs?.shape ?? []);
  tf.dispose([data, ...Object.values(samples)]);
  return { loc, scale, predictive };
}
// ---- end of README example ----

describe('README example', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('runs and recovers the posterior', () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const r = example();
    log.mockRestore();
    // exact posterior: precision 1/100 + 5, mean 10.3 / 5.01; tolerance 0.05 and 15% (300 steps, one particle)
    expect(Math.abs(r.loc - 10.3 / 5.01)).toBeLessThan(0.05);
    expect(Math.abs(r.scale / Math.sqrt(1 / 5.01) - 1)).toBeLessThan(0.15);
    expect(r.predictive).toEqual([3, 5]);
    expect(typeof train).toBe('function');
  });
});
