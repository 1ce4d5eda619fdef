// Fitted guides against closed forms on a linear-Gaussian model (see
// conjugate.test-util.ts): the full-covariance guides reach the exact
// posterior; the mean-field ones reach the mean-field optimum, which for a
// Gaussian posterior has the exact means and the variances 1/Λ_ii (Λ the
// posterior precision); AutoDelta reaches the MAP (the posterior mean).
//
// Fitting (a hand-written Trace_ELBO loop, independent of @pyro-ts/infer):
// STEPS steps with 16 particles drawn at once in an outer plate, ClippedAdam
// (lr 0.1 decayed tenfold), seed 0. Tolerances: medians within 0.2
// posterior sd of the exact mean, and the 5%-95% half-width within 15% of
// the exact one (measured errors at seeds 0-4: see the README).
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import type { MultivariateNormal } from '@pyro-ts/distributions';
import { getParamStore, resetRuntime } from '@pyro-ts/primitives';
import { AutoDelta, AutoDiagonalNormal, AutoLaplaceApproximation, AutoLowRankMultivariateNormal, AutoMultivariateNormal, AutoNormal } from './index.js';
import type { AutoGuide } from './index.js';
import { data, exactPosterior, linearModel, normalQuantiles } from './conjugate.test-util.js';
import { fit, values } from './fit.test-util.js';
import { ndtriNumber } from './quantile.test-util.js';

const exact = exactPosterior();
const SD = [Math.sqrt(exact.cov[0]), Math.sqrt(exact.cov[2])];
const MEAN_FIELD_SD = [1 / Math.sqrt(exact.precision[0]), 1 / Math.sqrt(exact.precision[2])];
const QS = [0.05, 0.5, 0.95];
const STEPS = Number(process.env.AUTOGUIDE_STEPS ?? 300);

const SEED = Number(process.env.AUTOGUIDE_SEED ?? 0);

function fitGuide(guide: AutoGuide, x: Tensor, y: Tensor, steps = STEPS): void {
  setRngSeed(SEED);
  fit(linearModel, guide, [x, y], { steps, lr: 0.1, lrd: Math.pow(0.1, 1 / steps), vectorizedParticles: 16 });
}

/** With AUTOGUIDE_REPORT set, prints the errors (for the README's measurements). */
function report(what: string, errs: number[]): void {
  if (process.env.AUTOGUIDE_REPORT) process.stdout.write(`${what} seed ${SEED}: ${errs.map((e) => e.toFixed(3)).join(' ')}\n`);
}

/** Checks the quantiles of w0 and w1 against Normal(mean, sds) (see the tolerances above). */
function checkQuantiles(q: Record<string, Tensor>, sds: number[]): void {
  ['w0', 'w1'].forEach((name, k) => {
    const t = q[name] as Tensor;
    expect(t.shape).toEqual([3]);
    const [lo, med, hi] = values(t) as [number, number, number];
    const mean = exact.mean[k] as number;
    const sd = sds[k] as number;
    expect(Math.abs(med - mean)).toBeLessThan(0.2 * (SD[k] as number));
    const halfWidth = (hi - lo) / (2 * ndtriNumber(0.95));
    report(name, [Math.abs(med - mean) / (SD[k] as number), Math.abs(halfWidth / sd - 1)]);
    expect(Math.abs(halfWidth / sd - 1)).toBeLessThan(0.15);
    // and the three quantiles against the Normal's, within the same budget
    expectClose([lo, med, hi], normalQuantiles(mean, sd, QS), { atol: 0.2 * (SD[k] as number) + 0.15 * 1.645 * sd });
  });
}

function disposeAll(q: Record<string, Tensor>): void {
  for (const t of Object.values(q)) t.dispose();
}

describe('fitted guides on a linear-Gaussian model', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('the closed form: correlated posterior (rho = -0.53), mean-field sds smaller', () => {
    const rho = exact.cov[1] / (SD[0] as number) / (SD[1] as number);
    expect(rho).toBeCloseTo(-0.529, 3);
    expect(MEAN_FIELD_SD[0]).toBeLessThan(0.9 * (SD[0] as number));
  });

  for (const [Guide, sds, what] of [
    [AutoNormal, MEAN_FIELD_SD, 'the mean-field optimum'],
    [AutoDiagonalNormal, MEAN_FIELD_SD, 'the mean-field optimum'],
    [AutoMultivariateNormal, SD, 'the exact posterior'],
    [AutoLowRankMultivariateNormal, SD, 'the exact posterior (rank 1)'],
  ] as const) {
    it(`${Guide.guideName} reaches ${what}: quantiles of each site`, () => {
      const [x, y] = data();
      expectNoLeaks(() => {
        const guide = new Guide(linearModel);
        fitGuide(guide, x, y);
        const q = guide.quantiles(QS, x, y);
        checkQuantiles(q, sds);
        disposeAll(q);
        const med = guide.median(x, y);
        expectClose([...values(med.w0 as Tensor), ...values(med.w1 as Tensor)], exact.mean, { atol: 0.2 * (SD[0] as number) });
        disposeAll(med);
        if (guide instanceof AutoMultivariateNormal || guide instanceof AutoLowRankMultivariateNormal) {
          // the correlation too, within 0.15
          tf.tidy(() => {
            const cov = values((guide.getPosterior() as MultivariateNormal).covarianceMatrix);
            expect(Math.abs((cov[1] as number) / Math.sqrt((cov[0] as number) * (cov[3] as number)) - exact.cov[1] / (SD[0] as number) / (SD[1] as number))).toBeLessThan(0.15);
          });
        }
        guide.dispose();
        getParamStore().clear();
      });
      x.dispose();
      y.dispose();
    });
  }

  it('AutoDelta reaches the MAP, here the posterior mean (within 2e-3)', () => {
    const [x, y] = data();
    expectNoLeaks(() => {
      const guide = new AutoDelta(linearModel);
      fitGuide(guide, x, y, 400);
      const med = guide.median(x, y);
      expectClose([...values(med.w0 as Tensor), ...values(med.w1 as Tensor)], exact.mean, { atol: 2e-3 });
      disposeAll(med);
      guide.dispose();
      getParamStore().clear();
    });
    x.dispose();
    y.dispose();
  });

  it('AutoLaplaceApproximation: the MAP, then the exact posterior covariance (relative 1e-4) and quantiles', () => {
    const [x, y] = data();
    expectNoLeaks(() => {
      const delta = new AutoLaplaceApproximation(linearModel);
      // the Hessian of a linear-Gaussian model is the posterior precision wherever it is taken
      tf.tidy(() => void delta(x, y));
      const h = delta.negLogJointHessian([x, y]);
      expectClose(h, [exact.precision[0], exact.precision[1], exact.precision[1], exact.precision[2]], { rtol: 1e-5 });
      h.dispose();
      fitGuide(delta, x, y, 400);
      const map = delta.median(x, y);
      expectClose([...values(map.w0 as Tensor), ...values(map.w1 as Tensor)], exact.mean, { atol: 2e-3 });
      disposeAll(map);
      const guide = delta.laplaceApproximation(x, y);
      expect(guide).toBeInstanceOf(AutoMultivariateNormal);
      tf.tidy(() => {
        const cov = (guide.getPosterior() as MultivariateNormal).covarianceMatrix;
        expectClose(cov, [exact.cov[0], exact.cov[1], exact.cov[1], exact.cov[2]], { rtol: 1e-4 });
      });
      const q = guide.quantiles(QS, x, y);
      expectClose(q.w0 as Tensor, normalQuantiles(exact.mean[0], SD[0] as number, QS), { atol: 3e-3 });
      expectClose(q.w1 as Tensor, normalQuantiles(exact.mean[1], SD[1] as number, QS), { atol: 3e-3 });
      disposeAll(q);
      // its loc, scale and scale_tril are fixed tensors, not parameters
      const before = getParamStore().keys().length;
      tf.tidy(() => void guide(x, y));
      expect(getParamStore().keys().length).toBe(before);
      expect(getParamStore().keys().some((k) => k.startsWith('AutoMultivariateNormal'))).toBe(false);
      guide.dispose();
      delta.dispose();
      getParamStore().clear();
    });
    x.dispose();
    y.dispose();
  });
});
