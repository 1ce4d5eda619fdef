// SVI recovers exact posteriors of conjugate models (fixed seeds). Each
// step averages 32 particles drawn at once (vectorized particles: about the
// cost of one), and the reported parameters are averaged over the last
// steps (Polyak averaging), which removes most of the remaining noise.
//
// Measured (cpu backend): Normal–Normal loc 1.7680 / scale 0.6801 (TraceELBO
// and TraceGraphELBO), 1.7672 / 0.6796 (TraceMeanFieldELBO) vs exact 1.7526 /
// 0.6882; Beta(9.15, 5.05) vs Beta(9, 5) (mean 0.6443 vs 0.6429, sd 0.1228 vs
// 0.1237); Gamma(18.4, 5.07) vs Gamma(22, 6) (mean 3.639 vs 3.667, sd 0.848
// vs 0.782: the concentration converges slowly).
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Bernoulli, Beta, Gamma, Normal, Poisson, constraints } from '@pyro-ts/distributions';
import { Adam } from '@pyro-ts/optim';
import { getParamStore, param, plate, resetRuntime, sample } from '@pyro-ts/primitives';
import { SVI, TraceELBO, TraceGraphELBO, TraceMeanFieldELBO, type ELBO } from './index.js';

const VEC = { numParticles: 32, vectorizeParticles: true };

/** Runs `steps` SVI steps and returns the parameters averaged over the last `avg` steps. */
function fit(svi: SVI, steps: number, avg: number, names: string[], args: unknown[] = []): Record<string, number> {
  const sums: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  for (let i = 0; i < steps; i++) {
    svi.step(...args);
    if (i >= steps - avg) for (const n of names) (sums[n] as number) += getParamStore().get(n).dataSync()[0] as number;
  }
  return Object.fromEntries(names.map((n) => [n, (sums[n] as number) / avg]));
}

describe('SVI recovers conjugate posteriors', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  // Normal–Normal: mu ~ N(0, 3), x_i ~ N(mu, 2); posterior N(m, s) exactly
  const X = [1.2, 2.9, 0.4, 2.2, 1.7, 3.1, 0.8, 2.5];
  const precision = 1 / 9 + X.length / 4;
  const postMean = X.reduce((a, b) => a + b, 0) / 4 / precision;
  const postSd = Math.sqrt(1 / precision);
  const normalModel = (x: tf.Tensor): void => {
    const mu = sample('mu', new Normal(0, 3));
    plate('data', X.length, () => sample('x', new Normal(mu, 2), { obs: x }));
  };
  const normalGuide = (): void => {
    sample('mu', new Normal(param('loc', 0), param('scale', 1, { constraint: constraints.positive })));
  };

  // tolerance: 0.03 absolute on the mean (posterior sd 0.66) and 6% on the sd
  for (const [name, make] of [
    ['TraceELBO', () => new TraceELBO(VEC)],
    ['TraceMeanFieldELBO', () => new TraceMeanFieldELBO(VEC)],
    ['TraceGraphELBO', () => new TraceGraphELBO(VEC)],
  ] as Array<[string, () => ELBO]>) {
    it(`Normal–Normal with ${name}`, () => {
      const x = tf.tensor1d(X);
      setRngSeed(0);
      const svi = new SVI(normalModel, normalGuide, new Adam({ lr: 0.05 }), make());
      const p = fit(svi, 250, 100, ['loc', 'scale'], [x]);
      expect(Math.abs((p.loc as number) - postMean)).toBeLessThan(0.03);
      expect(Math.abs((p.scale as number) / postSd - 1)).toBeLessThan(0.06);
      x.dispose();
    });
  }

  it('Beta–Bernoulli through Beta rsample', () => {
    // p ~ Beta(2, 2); 7 heads in 10 flips: posterior Beta(9, 5), mean 9/14, sd 0.1237
    const flips = tf.tensor1d([1, 1, 0, 1, 1, 0, 1, 1, 0, 1]);
    const model = (x: tf.Tensor): void => {
      const p = sample('p', new Beta(2, 2));
      plate('flips', 10, () => sample('x', new Bernoulli({ probs: p }), { obs: x }));
    };
    const guide = (): void => {
      const a = param('a', 1, { constraint: constraints.positive });
      const b = param('b', 1, { constraint: constraints.positive });
      sample('p', new Beta(a, b));
    };
    setRngSeed(1);
    const svi = new SVI(model, guide, new Adam({ lr: 0.1 }), new TraceELBO(VEC));
    const r = fit(svi, 150, 50, ['a', 'b'], [flips]);
    const a = r.a as number;
    const b = r.b as number;
    const mean = a / (a + b);
    const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
    // tolerance: 0.02 on the mean, 10% on the sd
    expect(Math.abs(mean - 9 / 14)).toBeLessThan(0.02);
    expect(Math.abs(sd / Math.sqrt(45 / (196 * 15)) - 1)).toBeLessThan(0.1);
    flips.dispose();
  });

  it('Gamma–Poisson through Gamma rsample', () => {
    // rate ~ Gamma(2, 1); counts sum to 20 over 5: posterior Gamma(22, 6), mean 3.667, sd 0.782
    const counts = tf.tensor1d([3, 5, 2, 4, 6]);
    const model = (x: tf.Tensor): void => {
      const rate = sample('rate', new Gamma(2, 1));
      plate('data', 5, () => sample('x', new Poisson(rate), { obs: x }));
    };
    const guide = (): void => {
      const c = param('c', 3, { constraint: constraints.positive });
      const r = param('r', 1, { constraint: constraints.positive });
      sample('rate', new Gamma(c, r));
    };
    setRngSeed(2);
    const svi = new SVI(model, guide, new Adam({ lr: 0.1 }), new TraceELBO(VEC));
    const p = fit(svi, 150, 50, ['c', 'r'], [counts]);
    const c = p.c as number;
    const r = p.r as number;
    // tolerance: 3% on the mean, 10% on the sd
    expect(Math.abs(c / r / (22 / 6) - 1)).toBeLessThan(0.03);
    expect(Math.abs(Math.sqrt(c) / r / (Math.sqrt(22) / 6) - 1)).toBeLessThan(0.1);
    counts.dispose();
  });

  it('leaves only the parameters and the optimizer state', () => {
    const x = tf.tensor1d(X);
    const svi = new SVI(normalModel, normalGuide, new Adam({ lr: 0.05 }), new TraceELBO());
    svi.step(x);
    expectNoLeaks(() => fit(svi, 20, 1, ['loc'], [x]));
    x.dispose();
  });
});
