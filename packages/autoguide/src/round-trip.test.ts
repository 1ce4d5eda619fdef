// Constrained latents (positive, simplex, corrCholesky) go through the
// unconstrained space and back: each guide's median, initialized at given
// values, returns those values; draws lie in the support.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Dirichlet, LKJCholesky, LogNormal, constraints } from '@pyro-ts/distributions';
import { trace } from '@pyro-ts/poutine';
import { getParamStore, resetRuntime, sample } from '@pyro-ts/primitives';
import { AutoDelta, AutoDiagonalNormal, AutoLaplaceApproximation, AutoLowRankMultivariateNormal, AutoMultivariateNormal, AutoNormal, initToValue } from './index.js';
import type { AutoGuide } from './index.js';
import { values } from './fit.test-util.js';

const P = [0.5, 2];
const S = [0.2, 0.3, 0.5];
// a 3x3 correlation Cholesky factor: lower triangular, unit rows, positive diagonal
const L = [
  [1, 0, 0],
  [0.6, 0.8, 0],
  [0.3, 0.4, Math.sqrt(0.75)],
];

function model(): void {
  sample('p', new LogNormal(0, 1).expand([2]).toEvent(1));
  sample('s', new Dirichlet([1, 2, 3]));
  sample('L', new LKJCholesky(3, 2));
}

const init = initToValue({ values: { p: P, s: S, L } });

const guides: Array<[string, () => AutoGuide]> = [
  ['AutoNormal', () => new AutoNormal(model, { initLocFn: init })],
  ['AutoDelta', () => new AutoDelta(model, { initLocFn: init })],
  ['AutoDiagonalNormal', () => new AutoDiagonalNormal(model, { initLocFn: init })],
  ['AutoMultivariateNormal', () => new AutoMultivariateNormal(model, { initLocFn: init })],
  ['AutoLowRankMultivariateNormal', () => new AutoLowRankMultivariateNormal(model, { initLocFn: init })],
  ['AutoLaplaceApproximation', () => new AutoLaplaceApproximation(model, { initLocFn: init })],
];

describe('constrained latents round-trip', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  for (const [name, make] of guides) {
    it(`${name}: median = the initial values (positive, simplex, corrCholesky); draws in the support`, () => {
      setRngSeed(0);
      const guide = make();
      tf.tidy(() => void guide());
      expectNoLeaks(() => {
        const med = guide.median();
        expectClose(med.p as Tensor, P, { rtol: 1e-5 });
        expectClose(med.s as Tensor, S, { rtol: 1e-5 });
        expectClose(med.L as Tensor, L.flat(), { atol: 2e-6 });
        expect(med.L?.shape).toEqual([3, 3]);
        for (const t of Object.values(med)) t.dispose();
        tf.tidy(() => {
          for (let i = 0; i < 5; i++) {
            const tr = trace(guide).getTrace();
            expect(tf.all(constraints.independent(constraints.positive, 1).check(tr.value('p'))).dataSync()[0]).toBe(1);
            expect(tf.all(constraints.simplex.check(tr.value('s'))).dataSync()[0]).toBe(1);
            expect(tf.all(constraints.corrCholesky.check(tr.value('L'))).dataSync()[0]).toBe(1);
          }
        });
      });
      guide.dispose();
    });
  }

  it('unconstrained sizes: positive [2] -> 2, simplex [3] -> 2, corrCholesky [3, 3] -> 3 (AutoNormal locs; AutoContinuous latentDim 7)', () => {
    const normal = new AutoNormal(model, { initLocFn: init });
    const diag = new AutoDiagonalNormal(model, { initLocFn: init });
    tf.tidy(() => {
      normal();
      diag();
    });
    const store = getParamStore();
    expect(store.get('AutoNormal.locs.p').shape).toEqual([2]);
    expect(store.get('AutoNormal.locs.s').shape).toEqual([2]);
    expect(store.get('AutoNormal.locs.L').shape).toEqual([3]);
    expect(store.eventDimOf('AutoNormal.locs.L')).toBe(1);
    expect(diag.latentDim).toBe(7);
    expect(values(store.get('AutoDiagonalNormal.loc'))).toHaveLength(7);
    normal.dispose();
    diag.dispose();
  });
});
