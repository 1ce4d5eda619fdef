import '@tensorflow/tfjs-backend-cpu';
import { setRngSeed } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { exactPosterior, fit, normalData } from './normal-model.js';

beforeAll(useCpuForTests);

describe('hello-svi', () => {
  it('the exact posterior is the conjugate closed form', () => {
    // one point x=2, prior N(0,1), noise 1: posterior N(1, sqrt(1/2))
    const p = exactPosterior([2], 1, 1);
    expect(p.loc).toBeCloseTo(1, 12);
    expect(p.scale).toBeCloseTo(Math.sqrt(0.5), 12);
  });

  it('SVI recovers the exact posterior (seed 0; loc within 0.05, scale within 10%) without leaks', () => {
    setRngSeed(0);
    const data = normalData(100, 1.5, 2, 1);
    const res = expectNoLeaks(() => fit(data, { priorScale: 10, noiseScale: 2, steps: 1500, particles: 16, lr: 0.05 }));
    expect(Math.abs(res.loc - res.exactLoc)).toBeLessThan(0.05);
    expect(Math.abs(res.scale - res.exactScale) / res.exactScale).toBeLessThan(0.1);
    // the loss falls: mean of the last 100 below the first
    const tail = res.losses.slice(-100).reduce((a, b) => a + b, 0) / 100;
    expect(tail).toBeLessThan(res.losses[0]!);
  });
});
