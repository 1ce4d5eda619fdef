// The guides with @pyro-ts/infer (a devDependency, used only by tests):
// SVI with Trace_ELBO, vectorized particles included (the continuous
// guides then unpack a latent with batch dims).
//
// Fitting: 300 steps of SVI with 16 vectorized particles and ClippedAdam
// (lr 0.1 decayed tenfold), seed 0. Tolerances as in conjugate.test.ts:
// medians within 0.2 posterior sd, 5%-95% half-widths within 15%.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { ClippedAdam } from '@pyro-ts/optim';
import { SVI, TraceELBO } from '@pyro-ts/infer';
import { getParamStore, resetRuntime } from '@pyro-ts/primitives';
import { AutoMultivariateNormal, AutoNormal } from './index.js';
import type { AutoGuide } from './index.js';
import { data, exactPosterior, linearModel } from './conjugate.test-util.js';
import { values } from './fit.test-util.js';
import { ndtriNumber } from './quantile.test-util.js';

const exact = exactPosterior();
const SD = [Math.sqrt(exact.cov[0]), Math.sqrt(exact.cov[2])];
const MEAN_FIELD_SD = [1 / Math.sqrt(exact.precision[0]), 1 / Math.sqrt(exact.precision[2])];

describe('autoguides with SVI (@pyro-ts/infer)', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  for (const [make, sds, what] of [
    [(m: typeof linearModel) => new AutoNormal(m), MEAN_FIELD_SD, 'AutoNormal: the mean-field optimum'],
    [(m: typeof linearModel) => new AutoMultivariateNormal(m), SD, 'AutoMultivariateNormal: the exact posterior'],
  ] as Array<[(m: typeof linearModel) => AutoGuide, number[], string]>) {
    it(`${what}, with 16 vectorized particles`, () => {
      const [x, y] = data();
      expectNoLeaks(() => {
        setRngSeed(0);
        const guide = make(linearModel);
        const steps = 300;
        const svi = new SVI(linearModel, guide, new ClippedAdam({ lr: 0.1, lrd: Math.pow(0.1, 1 / steps) }), new TraceELBO({ numParticles: 16, vectorizeParticles: true }));
        for (let i = 0; i < steps; i++) svi.step(x, y);
        const q = guide.quantiles([0.05, 0.5, 0.95], x, y);
        ['w0', 'w1'].forEach((name, k) => {
          const [lo, med, hi] = values(q[name] as Tensor) as [number, number, number];
          expect(Math.abs(med - (exact.mean[k] as number))).toBeLessThan(0.2 * (SD[k] as number));
          expect(Math.abs((hi - lo) / (2 * ndtriNumber(0.95)) / (sds[k] as number) - 1)).toBeLessThan(0.15);
        });
        tf.dispose(Object.values(q));
        svi.optim.dispose();
        guide.dispose();
        getParamStore().clear();
      });
      x.dispose();
      y.dispose();
    });
  }
});
