// Statistical Rethinking (2nd ed.), model m4.3: the heights of the Howell1
// adults against their centred weights, fitted with the quadratic
// approximation (AutoLaplaceApproximation after MAP by a Delta-guide ELBO).
// The book's `precis(m4.3)` (quap: Laplace in the constrained space):
//   a      154.60  sd 0.27   5.5% 154.17  94.5% 155.03
//   b        0.90  sd 0.04        0.84         0.97
//   sigma    5.07  sd 0.19        4.77         5.38
// Pyro's Laplace approximation is Gaussian in the unconstrained space
// (log b, logit(sigma / 50)), so the medians of b and sigma and the
// interval ends of the positive parameters differ from quap's in the third
// decimal; the tolerances allow that: a within 0.02 (median) and 0.03
// (ends), b within 0.006, sigma within 0.03.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { LogNormal, Normal, Uniform } from '@pyro-ts/distributions';
import { getParamStore, plate, resetRuntime, sample } from '@pyro-ts/primitives';
import { AutoLaplaceApproximation } from './index.js';
import { fit, howellAdults, values } from './fit.test-util.js';

function m43(weight: Tensor, height: Tensor): void {
  const a = sample('a', new Normal(178, 20));
  const b = sample('b', new LogNormal(0, 1));
  const sigma = sample('sigma', new Uniform(0, 50));
  plate('data', weight.shape[0] as number, () => sample('height', new Normal(tf.add(a, tf.mul(b, weight)), sigma), { obs: height }));
}

describe('Statistical Rethinking m4.3 with AutoLaplaceApproximation', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it("gives the book's posterior: a = 154.60, b = 0.90, sigma = 5.07 and the 89% intervals", () => {
    const { height, weight } = howellAdults();
    expect(height.length).toBe(352);
    const xbar = weight.reduce((s, w) => s + w, 0) / weight.length;
    const w = tf.tensor1d(weight.map((v) => v - xbar));
    const h = tf.tensor1d(height);
    expectNoLeaks(() => {
      setRngSeed(0);
      const delta = new AutoLaplaceApproximation(m43);
      const steps = 300;
      const losses = fit(m43, delta, [w, h], { steps, lr: 0.3, lrd: Math.pow(0.01, 1 / steps) });
      // converged: the loss (deterministic for a point mass) is flat
      expect(Math.abs((losses[steps - 1] as number) - (losses[steps - 20] as number))).toBeLessThan(1e-3);
      const guide = delta.laplaceApproximation(w, h);
      const q = guide.quantiles([0.055, 0.5, 0.945], w, h);
      const expected: Record<string, [number, number, number, number]> = {
        a: [154.17, 154.6, 155.03, 0.03],
        b: [0.84, 0.9, 0.97, 0.006],
        sigma: [4.77, 5.07, 5.38, 0.03],
      };
      for (const [name, [lo, med, hi, tol]] of Object.entries(expected)) {
        const got = values(q[name] as Tensor);
        expect(got).toHaveLength(3);
        expect(Math.abs((got[0] as number) - lo)).toBeLessThan(tol);
        expect(Math.abs((got[1] as number) - med)).toBeLessThan(name === 'a' ? 0.02 : tol);
        expect(Math.abs((got[2] as number) - hi)).toBeLessThan(tol);
      }
      for (const t of Object.values(q)) t.dispose();
      // the MAP the approximation is centred on
      const map = delta.median(w, h);
      expect(Math.abs((values(map.a as Tensor)[0] as number) - 154.6)).toBeLessThan(0.02);
      for (const t of Object.values(map)) t.dispose();
      guide.dispose();
      delta.dispose();
      getParamStore().clear();
    });
    w.dispose();
    h.dispose();
  });
});
