import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Dirichlet, LogNormal, Normal, TransformedDistribution, constraints } from '@pyro-ts/distributions';
import { trace } from '@pyro-ts/poutine';
import { getParamStore, plate, resetRuntime, sample } from '@pyro-ts/primitives';
import { AutoDiagonalNormal, AutoLaplaceApproximation, AutoLowRankMultivariateNormal, AutoMultivariateNormal, initToValue } from './index.js';
import { values } from './fit.test-util.js';
import { ndtriNumber } from './quantile.test-util.js';

/** a: scalar; b: 3 values in a plate; c: a simplex of 3 (2 unconstrained). latentDim 6. */
function model(): void {
  sample('a', new Normal(0, 1));
  plate('items', 3, () => sample('b', new LogNormal(0, 1)));
  sample('c', new Dirichlet([1, 1, 1]));
}
const init = initToValue({ values: { a: 0.5, b: [1, 2, 4], c: [0.2, 0.3, 0.5] } });

describe('AutoContinuous guides', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it("names: _<Guide>_latent, <Guide>.loc / .scale / .scale_tril / .cov_factor, in Pyro's order; shapes from latentDim", () => {
    setRngSeed(0);
    const cases: Array<[() => AutoDiagonalNormal | AutoMultivariateNormal | AutoLowRankMultivariateNormal | AutoLaplaceApproximation, string[], Record<string, number[]>]> = [
      [() => new AutoDiagonalNormal(model), ['AutoDiagonalNormal.loc', 'AutoDiagonalNormal.scale'], { 'AutoDiagonalNormal.scale': [6] }],
      [
        () => new AutoMultivariateNormal(model),
        ['AutoMultivariateNormal.scale', 'AutoMultivariateNormal.scale_tril', 'AutoMultivariateNormal.loc'],
        { 'AutoMultivariateNormal.scale_tril': [6, 6] },
      ],
      [
        () => new AutoLowRankMultivariateNormal(model),
        ['AutoLowRankMultivariateNormal.scale', 'AutoLowRankMultivariateNormal.cov_factor', 'AutoLowRankMultivariateNormal.loc'],
        { 'AutoLowRankMultivariateNormal.cov_factor': [6, 2] },
      ],
      [() => new AutoLaplaceApproximation(model), ['AutoLaplaceApproximation.loc'], { 'AutoLaplaceApproximation.loc': [6] }],
    ];
    for (const [make, params, shapes] of cases) {
      const guide = make();
      tf.tidy(() => void guide());
      expectNoLeaks(() =>
        tf.tidy(() => {
          const tr = trace(guide).getTrace();
          const name = guide.pyroName;
          expect([...tr.nodes.keys()]).toEqual(['_INPUT', ...params, `_${name}_latent`, 'items', 'a', 'b', 'c', '_RETURN']);
          expect(tr.value(`_${name}_latent`).shape).toEqual([6]);
          expect(tr.sampleSite(`_${name}_latent`).infer.isAuxiliary).toBe(true);
          expect(tr.value('b').shape).toEqual([3]);
          expect(tr.sampleSite('b').condIndepStack.map((f) => f.name)).toEqual(['items']);
          for (const [p, shape] of Object.entries(shapes)) expect(getParamStore().get(p).shape).toEqual(shape);
        }),
      );
      expect(guide.latentDim).toBe(6);
      guide.dispose();
    }
    expect(getParamStore().constraintOf('AutoMultivariateNormal.scale_tril')).toBe(constraints.unitLowerCholesky);
    expect(getParamStore().constraintOf('AutoDiagonalNormal.scale')).toBe(constraints.softplusPositive);
  });

  it('unpackLatent splits [..., latentDim] into the unconstrained sites, with leading batch dims broadcast as Pyro', () => {
    const guide = new AutoDiagonalNormal(model, { initLocFn: init });
    tf.tidy(() => void guide());
    expectNoLeaks(() =>
      tf.tidy(() => {
        const flat = tf.range(0, 6);
        const parts = guide.unpackLatent(flat);
        expect(parts.map(([s, u]) => [s.name, u.shape, values(u)])).toEqual([
          ['a', [], [0]],
          ['b', [3], [1, 2, 3]],
          ['c', [2], [4, 5]],
        ]);
        // particles on the left, one dim per plate: [2, 1, 6]
        const batched = guide.unpackLatent(tf.reshape(tf.range(0, 12), [2, 1, 6]));
        expect(batched.map(([s, u]) => [s.name, u.shape])).toEqual([
          ['a', [2, 1]],
          ['b', [2, 3]],
          ['c', [2, 1, 2]],
        ]);
        expect(values(batched[1]?.[1] as Tensor)).toEqual([1, 2, 3, 7, 8, 9]);
        expect(() => guide.unpackLatent(tf.zeros([5]))).toThrow();
      }),
    );
    guide.dispose();
  });

  it('median maps the loc back; quantiles are Normal(loc, scale) mapped (AutoDiagonalNormal and AutoMultivariateNormal at their initial parameters)', () => {
    const qs = [0.25, 0.5, 0.75];
    for (const Guide of [AutoDiagonalNormal, AutoMultivariateNormal]) {
      const guide = new Guide(model, { initLocFn: init, initScale: 0.3 });
      tf.tidy(() => void guide());
      expectNoLeaks(() => {
        const med = guide.median();
        expectClose(med.a as Tensor, [0.5], { rtol: 1e-6 });
        expectClose(med.b as Tensor, [1, 2, 4], { rtol: 1e-5 });
        expectClose(med.c as Tensor, [0.2, 0.3, 0.5], { rtol: 1e-5 });
        const q = guide.quantiles(qs);
        expect(q.b?.shape).toEqual([3, 3]);
        expect(q.c?.shape).toEqual([3, 3]);
        expectClose(q.a as Tensor, qs.map((p) => 0.5 + 0.3 * ndtriNumber(p)), { rtol: 1e-5 });
        expectClose(q.b as Tensor, qs.flatMap((p) => [1, 2, 4].map((v) => v * Math.exp(0.3 * ndtriNumber(p)))), { rtol: 1e-5 });
        for (const t of [...Object.values(med), ...Object.values(q)]) t.dispose();
      });
      guide.dispose();
    }
  });

  it('getPosterior has the density of TransformedDistribution(getBaseDist(), getTransform())', () => {
    setRngSeed(3);
    for (const Guide of [AutoDiagonalNormal, AutoMultivariateNormal]) {
      const guide = new Guide(model, { initLocFn: init, initScale: 0.3 });
      tf.tidy(() => void guide());
      getParamStore().set(`${guide.pyroName}.loc`, [0.1, -0.2, 0.3, 0.4, -0.5, 0.6]);
      if (guide instanceof AutoMultivariateNormal) {
        getParamStore().set('AutoMultivariateNormal.scale_tril', tf.tidy(() => tf.add(tf.eye(6), tf.mul(tf.linalg.bandPart(tf.ones([6, 6]), -1, 0), 0.1)).sub(tf.mul(tf.eye(6), 0.1))));
      }
      expectNoLeaks(() =>
        tf.tidy(() => {
          const posterior = guide.getPosterior();
          const z = posterior.sample([4]);
          const expected = new TransformedDistribution(guide.getBaseDist(), guide.getTransform()).logProb(z);
          expectClose(posterior.logProb(z), expected, { rtol: 1e-5 });
        }),
      );
      guide.dispose();
    }
  });

  it('checks its options and the latent space', () => {
    expect(() => new AutoLowRankMultivariateNormal(model, { rank: 0 })).toThrow('Expected rank > 0 but got 0');
    expect(() => new AutoMultivariateNormal(model, { initScale: -0.1 })).toThrow('Expected init_scale > 0.');
    const empty = new AutoDiagonalNormal(() => undefined);
    expect(() => tf.tidy(() => void empty())).toThrow('AutoDiagonalNormal found no latent variables; Use an empty guide instead');
    const lap = new AutoLaplaceApproximation(model);
    tf.tidy(() => void lap());
    expect(() => lap.quantiles([0.5])).toThrow('laplaceApproximation');
    lap.dispose();
    // a parameter of the same name and another shape in the store: a clear error
    const one = new AutoDiagonalNormal(() => void sample('q', new Normal(0, 1)));
    tf.tidy(() => void one());
    const six = new AutoDiagonalNormal(model);
    expect(() => tf.tidy(() => void six())).toThrow("the param store holds 'AutoDiagonalNormal.loc' of unconstrained shape (1,), but this guide's has (6,)");
    one.dispose();
    six.dispose();
  });

  it('AutoLowRankMultivariateNormal: default rank round(sqrt(latentDim)), scale sqrt(0.5) initScale, marginal scale scale * sqrt(1 + |cov_factor row|²)', () => {
    setRngSeed(5);
    const guide = new AutoLowRankMultivariateNormal(model, { initLocFn: init, initScale: 0.2 });
    tf.tidy(() => void guide());
    expect(guide.rank).toBe(2);
    expectNoLeaks(() =>
      tf.tidy(() => {
        const store = getParamStore();
        expectClose(store.get('AutoLowRankMultivariateNormal.scale'), new Array(6).fill(Math.sqrt(0.5) * 0.2), { rtol: 1e-6 });
        const w = values(store.get('AutoLowRankMultivariateNormal.cov_factor'));
        const q = guide.quantiles([0.8413447460685429]);
        const u = values(q.a as Tensor)[0] as number;
        const marginal = Math.sqrt(0.5) * 0.2 * Math.sqrt(1 + (w[0] as number) ** 2 + (w[1] as number) ** 2);
        expect(u).toBeCloseTo(0.5 + marginal, 5);
        // the posterior's marginal variance agrees
        const cov = (guide.getPosterior() as unknown as { covarianceMatrix: Tensor }).covarianceMatrix;
        expect(values(cov)[0]).toBeCloseTo(marginal ** 2, 5);
      }),
    );
    guide.dispose();
  });
});
