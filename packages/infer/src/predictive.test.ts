// Predictive: shapes, conditioning on posterior samples, guides, return sites,
// sequential vs parallel.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal } from '@pyro-ts/distributions';
import { param, plate, resetRuntime, sample } from '@pyro-ts/primitives';
import { Predictive } from './index.js';

// mu ~ N(0, 1); x_i ~ N(mu + i, 1e-3) for i in a plate of 3; returns 2 mu
const model = (n: number): tf.Tensor => {
  const mu = sample('mu', new Normal(0, 1));
  plate('data', n, () => sample('x', new Normal(tf.add(mu, tf.range(0, n)), 1e-3)));
  return tf.mul(mu, 2);
};

describe('Predictive', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  for (const parallel of [false, true]) {
    it(`conditions on posterior samples (${parallel ? 'parallel' : 'sequential'})`, () => {
      const mus = tf.tensor1d([0.5, -1, 2, 0.25]);
      setRngSeed(0);
      expectNoLeaks(() => {
        const out = new Predictive(model, { posteriorSamples: { mu: mus }, parallel }).forward(3);
        // by default every site not in the posterior samples
        expect(Object.keys(out)).toEqual(['x']);
        expect(out.x?.shape).toEqual([4, 3]);
        // x ≈ mu + i (scale 1e-3)
        expectClose(out.x as tf.Tensor, [0.5, 1.5, 2.5, -1, 0, 1, 2, 3, 4, 0.25, 1.25, 2.25], { atol: 5e-3 }, 'x');
        tf.dispose(Object.values(out));
        const all = new Predictive(model, { posteriorSamples: { mu: mus }, parallel, returnSites: ['mu', 'x', '_RETURN'] }).forward(3);
        // a site outside the plates gets a dim for the plate: [4, 1]
        expect(all.mu?.shape).toEqual([4, 1]);
        expectClose(all.mu as tf.Tensor, [0.5, -1, 2, 0.25], {}, 'mu');
        expect(all._RETURN?.shape).toEqual([4]);
        expectClose(all._RETURN as tf.Tensor, [1, -2, 4, 0.5], {}, '_RETURN');
        tf.dispose(Object.values(all));
      });
      mus.dispose();
    });
  }

  it('draws the latent sites from a guide and returns them too', () => {
    const guide = (n: number): void => {
      void n;
      sample('mu', new Normal(param('loc', 3), 1e-3));
    };
    setRngSeed(1);
    new Predictive(model, { guide, numSamples: 2 }).forward(3); // creates the guide's parameter
    expectNoLeaks(() => {
      const out = new Predictive(model, { guide, numSamples: 5, parallel: true }).forward(2);
      expect(Object.keys(out).sort()).toEqual(['mu', 'x']);
      expect(out.x?.shape).toEqual([5, 2]);
      expectClose(out.mu as tf.Tensor, new Array(5).fill(3), { atol: 5e-3 }, 'mu from the guide');
      expectClose(out.x as tf.Tensor, new Array(5).fill([3, 4]).flat(), { atol: 1e-2 }, 'x');
      tf.dispose(Object.values(out));
    });
  });

  it('prior predictive with numSamples only; getVectorizedTrace', () => {
    setRngSeed(2);
    expectNoLeaks(() => {
      const p = new Predictive(model, { numSamples: 1000, parallel: true, returnSites: null });
      const out = p.forward(3);
      expect(out.mu?.shape).toEqual([1000, 1]);
      const [m, v] = tf.tidy(() => {
        const { mean, variance } = tf.moments(out.mu as tf.Tensor);
        return [mean.dataSync()[0] as number, variance.dataSync()[0] as number];
      });
      // 1000 draws of N(0, 1): mean within 0.15, variance within 0.2
      expect(Math.abs(m)).toBeLessThan(0.15);
      expect(Math.abs(v - 1)).toBeLessThan(0.2);
      tf.dispose(Object.values(out));
      const t = p.getVectorizedTrace(3);
      expect(t.sampleSite('x').value?.shape).toEqual([1000, 3]);
      t.dispose();
    });
  });

  it('checks its arguments', () => {
    expect(() => new Predictive(model)).toThrow(/Either posteriorSamples or numSamples/);
    const mus = tf.tensor1d([1, 2]);
    expect(() => new Predictive(model, { posteriorSamples: { mu: mus }, guide: () => undefined })).toThrow(/cannot be provided with the `guide`/);
    mus.dispose();
  });
});
