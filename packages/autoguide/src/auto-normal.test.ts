import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Bernoulli, Delta, LogNormal, Normal, constraints } from '@pyro-ts/distributions';
import { mask, replay, trace, type PlateMessenger } from '@pyro-ts/poutine';
import { getParamStore, plate, resetRuntime, sample } from '@pyro-ts/primitives';
import { AutoDelta, AutoNormal, initToFeasible, initToValue } from './index.js';
import { values } from './fit.test-util.js';
import { ndtriNumber } from './quantile.test-util.js';

const N = 6;
const DATA = [0.5, 1.5, -0.3, 2.2, 0.9, 1.1];

/** A global latent, a positive one, and a local latent inside a subsampled plate. */
function model(data: Tensor): void {
  const mu = sample('mu', new Normal(0, 10));
  const sigma = sample('sigma', new LogNormal(0, 1));
  plate('data', N, { subsampleSize: 3 }, (ind) => {
    const z = sample('z', new Normal(mu, 1));
    sample('x', new Normal(z, sigma), { obs: tf.gather(data, ind) });
  });
}

const INIT = initToValue({ values: { mu: 2, sigma: 3, z: [0.1, 0.2, 0.3] } });

describe('AutoNormal', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it("names its sites and parameters as Pyro (AutoNormal.locs.<site>, AutoNormal.scales.<site>, <site>_unconstrained) and sizes local parameters to the full plate, indexed by the subsample", () => {
    const data = tf.tensor1d(DATA);
    setRngSeed(1);
    const guide = new AutoNormal(model, { initLocFn: INIT, initScale: 0.2 });
    tf.tidy(() => void trace(guide).getTrace(data));
    expectNoLeaks(() =>
      tf.tidy(() => {
        const tr = trace(guide).getTrace(data);
        expect([...tr.nodes.keys()]).toEqual([
          '_INPUT',
          'data',
          'AutoNormal.locs.mu',
          'AutoNormal.scales.mu',
          'mu_unconstrained',
          'mu',
          'AutoNormal.locs.sigma',
          'AutoNormal.scales.sigma',
          'sigma_unconstrained',
          'sigma',
          'AutoNormal.locs.z',
          'AutoNormal.scales.z',
          'z_unconstrained',
          'z',
          '_RETURN',
        ]);
        const store = getParamStore();
        expect(store.keys()).toEqual(['AutoNormal.locs.mu', 'AutoNormal.scales.mu', 'AutoNormal.locs.sigma', 'AutoNormal.scales.sigma', 'AutoNormal.locs.z', 'AutoNormal.scales.z']);
        expect(store.constraintOf('AutoNormal.scales.z')).toBe(constraints.softplusPositive);
        expect(store.constraintOf('AutoNormal.locs.z')).toBe(constraints.real);
        expect(store.eventDimOf('AutoNormal.locs.z')).toBe(0);
        // initial values: the init strategy's, unconstrained; a local one repeated periodically to the full size
        expect(values(store.get('AutoNormal.locs.mu'))).toEqual([2]);
        expectClose(store.get('AutoNormal.locs.sigma'), [Math.log(3)], { rtol: 1e-6 });
        expectClose(store.get('AutoNormal.locs.z'), [0.1, 0.2, 0.3, 0.1, 0.2, 0.3], { rtol: 1e-6 });
        expectClose(store.get('AutoNormal.scales.z'), new Array(N).fill(0.2), { rtol: 1e-6 });
        // this call's subsample of the local parameters (the param site records the full value, as in Pyro)
        const ind = values(tr.value('data'));
        expect(ind).toHaveLength(3);
        expect(tr.value('AutoNormal.locs.z').shape).toEqual([N]);
        expectClose((tr.sampleSite('z_unconstrained').fn as Normal).loc, ind.map((i) => [0.1, 0.2, 0.3][i % 3] as number), { rtol: 1e-6 });
        expect(tr.value('z').shape).toEqual([3]);
        expect(tr.sampleSite('z_unconstrained').infer.isAuxiliary).toBe(true);
        expect(tr.sampleSite('z').condIndepStack.map((f) => [f.name, f.dim, f.size, f.fullSize])).toEqual([['data', -1, 3, N]]);
        // replayed into the model: the same subsample
        const mt = trace(replay(model, tr)).getTrace(data);
        expect(values(mt.value('data'))).toEqual(ind);
        expect(mt.value('z')).toBe(tr.value('z'));
      }),
    );
    guide.dispose();
    data.dispose();
  });

  it("the guide's density of a constrained site is the pushforward's: Normal(u) - log|J| = LogNormal(loc, scale) at sigma; zero log-density under mask(false)", () => {
    const data = tf.tensor1d(DATA);
    const guide = new AutoNormal(model, { initLocFn: INIT, initScale: 0.3 });
    tf.tidy(() => void guide(data));
    expectNoLeaks(() =>
      tf.tidy(() => {
        const tr = trace(guide).getTrace(data);
        tr.computeLogProb();
        const sigma = tr.value('sigma');
        const guideDensity = tf.add(tr.sampleSite('sigma_unconstrained').logProb as Tensor, tr.sampleSite('sigma').logProb as Tensor);
        expectClose(guideDensity, new LogNormal(Math.log(3), 0.3).logProb(sigma), { rtol: 1e-5 });
        expectClose(tr.value('sigma'), tf.exp(tr.value('sigma_unconstrained')), { rtol: 1e-6 });
        // an identity transform adds nothing
        expectClose(tr.sampleSite('mu').logProb as Tensor, 0, { atol: 0 });
        const masked = trace(mask(guide, false)).getTrace(data);
        expect(values((masked.sampleSite('sigma').fn as Delta).logDensity)).toEqual([0]);
      }),
    );
    guide.dispose();
    data.dispose();
  });

  it('median is bijectTo(support)(loc); quantiles are those of Normal(loc, scale) mapped, of shape [qs, ...site] and full plate size', () => {
    const data = tf.tensor1d(DATA);
    const guide = new AutoNormal(model, { initLocFn: INIT, initScale: 0.2 });
    tf.tidy(() => void guide(data));
    expectNoLeaks(() => {
      const med = guide.median();
      expectClose(med.mu as Tensor, [2], { rtol: 1e-6 });
      expectClose(med.sigma as Tensor, [3], { rtol: 1e-5 });
      expectClose(med.z as Tensor, [0.1, 0.2, 0.3, 0.1, 0.2, 0.3], { rtol: 1e-6 });
      const qs = [0.1, 0.5, 0.9];
      const q = guide.quantiles(qs);
      expect(q.z?.shape).toEqual([3, N]);
      expect(q.sigma?.shape).toEqual([3]);
      expectClose(q.mu as Tensor, qs.map((p) => 2 + 0.2 * ndtriNumber(p)), { rtol: 1e-5 });
      expectClose(q.sigma as Tensor, qs.map((p) => 3 * Math.exp(0.2 * ndtriNumber(p))), { rtol: 1e-5 });
      for (const t of [...Object.values(med), ...Object.values(q)]) t.dispose();
      // the median reads the store: a trained (here: set) value shows
      getParamStore().set('AutoNormal.locs.mu', -1);
      const m2 = guide.median();
      expect(values(m2.mu as Tensor)).toEqual([-1]);
      for (const t of Object.values(m2)) t.dispose();
    });
    guide.dispose();
    data.dispose();
  });

  it('uses the plates createPlates returns (here fixed subsample indices) and creates the others', () => {
    const data = tf.tensor1d(DATA);
    const guide = new AutoNormal(model, { initLocFn: INIT, createPlates: () => plate('data', N, { subsample: [5, 0, 4] }) });
    tf.tidy(() => void guide(data));
    expectNoLeaks(() =>
      tf.tidy(() => {
        const tr = trace(guide).getTrace(data);
        expect(values(tr.value('data'))).toEqual([5, 0, 4]);
        expectClose((tr.sampleSite('z_unconstrained').fn as Normal).loc, [0.3, 0.1, 0.2], { rtol: 1e-6 });
      }),
    );
    // the guide frees the indices of the plates it made once a call is over, unless a trace recorded them
    tf.tidy(() => {
      guide(data);
      expect((guide.plates.data as PlateMessenger).indices.isDisposed).toBe(true);
      const tr = trace(guide).getTrace(data);
      expect((guide.plates.data as PlateMessenger).indices.isDisposed).toBe(false);
      expect(tr.value('data').isDisposed).toBe(false);
    });
    guide.dispose();
    data.dispose();
  });

  it('checks initScale, and refuses sequential plates (as Pyro)', () => {
    expect(() => new AutoNormal(model, { initScale: 0 })).toThrow('Expected init_scale > 0. but got 0');
    expect(() => new AutoNormal(model, { initScale: -1 })).toThrow('Expected init_scale > 0.');
    const sequential = (): void => {
      for (const i of plate('seq', 2)) sample(`y_${i}`, new Normal(0, 1));
    };
    const guide = new AutoNormal(sequential);
    expectNoLeaks(() => expect(() => tf.tidy(() => void guide())).toThrow("AutoNormal does not support sequential plate (site 'y_0' is inside plate 'seq')"));
    expect(guide.prototypeTrace).toBeNull();
    guide.dispose();
    // a discrete site: Pyro's explanation, and a failed build leaves nothing behind
    const discrete = new AutoNormal(
      () => {
        sample('m', new Normal(0, 1));
        sample('k', new Bernoulli({ probs: 0.5 }));
      },
      { initLocFn: initToValue({ values: { k: 1 }, fallback: initToFeasible }) },
    );
    expectNoLeaks(() => expect(() => tf.tidy(() => void discrete())).toThrow("Continuous inference cannot handle discrete sample site 'k'"));
    expect(discrete.prototypeTrace).toBeNull();
  });
});

describe('AutoDelta', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('names its parameters AutoDelta.<site> with the support as constraint; local points sized to the full plate; median is the point', () => {
    const data = tf.tensor1d(DATA);
    setRngSeed(2);
    const guide = new AutoDelta(model, { initLocFn: INIT });
    tf.tidy(() => void guide(data));
    expectNoLeaks(() =>
      tf.tidy(() => {
        const tr = trace(guide).getTrace(data);
        expect([...tr.nodes.keys()]).toEqual(['_INPUT', 'data', 'AutoDelta.mu', 'mu', 'AutoDelta.sigma', 'sigma', 'AutoDelta.z', 'z', '_RETURN']);
        const store = getParamStore();
        expect(String(store.constraintOf('AutoDelta.sigma'))).toBe('GreaterThan(lower_bound=0.0)');
        expect(store.eventDimOf('AutoDelta.z')).toBe(0);
        expectClose(store.get('AutoDelta.z'), [0.1, 0.2, 0.3, 0.1, 0.2, 0.3], { rtol: 1e-6 });
        const ind = values(tr.value('data'));
        expectClose(tr.value('z'), ind.map((i) => [0.1, 0.2, 0.3][i % 3] as number), { rtol: 1e-6 });
        expect(tr.sampleSite('sigma').fn).toBeInstanceOf(Delta);
        expectClose(tr.value('sigma'), [3], { rtol: 1e-6 });
      }),
    );
    expectNoLeaks(() => {
      const med = guide.median(data);
      expectClose(med.sigma as Tensor, [3], { rtol: 1e-6 });
      expect(med.z?.shape).toEqual([3]);
      for (const t of Object.values(med)) t.dispose();
    });
    guide.dispose();
    data.dispose();
  });
});
