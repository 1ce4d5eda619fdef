import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { LogNormal, Normal } from '@pyro-ts/distributions';
import { block, replay, trace } from '@pyro-ts/poutine';
import { getParamStore, param, plate, resetRuntime, sample } from '@pyro-ts/primitives';
import { AutoCallable, AutoDelta, AutoDiagonalNormal, AutoGuideList, AutoNormal, PrototypeDistribution, initToValue } from './index.js';
import { values } from './fit.test-util.js';

function model(): void {
  const a = sample('a', new Normal(0, 1));
  sample('b', new LogNormal(0, 1));
  sample('c', new Normal(0, 1));
  plate('items', 4, { subsampleSize: 2 }, () => sample('z', new Normal(a, 1)));
}

const init = initToValue({ values: { a: 0.5, b: 2, z: [1, -1] } });

function cGuide(): void {
  sample('c', new Normal(param('c_loc', 0.25), 1));
}

function makeList(): AutoGuideList {
  const guide = new AutoGuideList(model);
  guide.append(new AutoDiagonalNormal(block(model, { hide: ['z', 'c'] }), { initLocFn: init }));
  guide.append(new AutoNormal(block(model, { expose: ['z'] }), { initLocFn: init }));
  guide.append(cGuide);
  return guide;
}

describe('AutoGuideList', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('runs its parts on one set of plates, names them AutoGuideList.<i>, and covers every latent site of the model', () => {
    setRngSeed(0);
    const guide = makeList();
    expect(guide.parts.map((p) => p.pyroName)).toEqual(['AutoGuideList.0', 'AutoGuideList.1', 'AutoGuideList.2']);
    expect(guide.parts[2]).toBeInstanceOf(AutoCallable);
    expect(typeof guide).toBe('function');
    expect(guide.name).toBe('AutoGuideList');
    tf.tidy(() => void guide());
    expectNoLeaks(() =>
      tf.tidy(() => {
        const tr = trace(guide).getTrace();
        expect([...tr.nodes.keys()]).toEqual([
          '_INPUT',
          'items',
          'AutoGuideList.0.loc',
          'AutoGuideList.0.scale',
          '_AutoGuideList.0_latent',
          'a',
          'b',
          'AutoGuideList.1.locs.z',
          'AutoGuideList.1.scales.z',
          'z_unconstrained',
          'z',
          'c_loc',
          'c',
          '_RETURN',
        ]);
        expect(tr.value('_AutoGuideList.0_latent').shape).toEqual([2]);
        expect(getParamStore().get('AutoGuideList.1.locs.z').shape).toEqual([4]);
        const mt = trace(replay(model, tr)).getTrace();
        for (const s of ['a', 'b', 'c', 'z', 'items']) expect(mt.value(s)).toBe(tr.value(s));
      }),
    );
    // median and quantiles merge the parts' (an AutoCallable has no median by default)
    expectNoLeaks(() => {
      const med = guide.median();
      expect(Object.keys(med).sort()).toEqual(['a', 'b', 'z']);
      expectClose(med.a as Tensor, [0.5], { rtol: 1e-6 });
      expectClose(med.b as Tensor, [2], { rtol: 1e-5 });
      expectClose(med.z as Tensor, [1, -1, 1, -1], { rtol: 1e-6 });
      for (const t of Object.values(med)) t.dispose();
    });
    expect(() => guide.quantiles([0.5])).toThrow('AutoGuideList.2.quantiles is not implemented');
    guide.dispose();
  });

  it('AutoCallable: a guide function with an optional median', () => {
    const part = new AutoCallable(model, cGuide, () => ({ c: tf.scalar(0.25) }));
    const out = tf.tidy(() => part());
    expect(out).toEqual({});
    const med = part.median();
    expect(values(med.c as Tensor)).toEqual([0.25]);
    tf.dispose(Object.values(med));
    const ret = new AutoCallable(model, () => ({ c: tf.scalar(3) }));
    const r = ret();
    expect(values(r.c as Tensor)).toEqual([3]);
    tf.dispose(Object.values(r));
  });

  it('refuses a part twice, a part whose sites have other shapes than the model, and createPlates on a part', () => {
    const guide = new AutoGuideList(model);
    const part = new AutoDelta(block(model, { expose: ['a'] }));
    guide.append(part);
    expect(() => guide.append(part)).toThrow('already added');
    guide.append(new AutoNormal(() => sample('b', new LogNormal(0, 1).expand([3]))));
    expect(() => tf.tidy(() => void guide())).toThrow("AutoGuideList: site 'b' has batch shape (3,) in the part but () in the model");
    guide.dispose();
    const other = new AutoGuideList(model);
    other.append(new AutoNormal(block(model, { expose: ['c'] }), { createPlates: () => [] }));
    expect(() => tf.tidy(() => void other())).toThrow('Cannot pass createPlates() to non-master guide');
    other.dispose();
  });

  it('nested lists are named AutoGuideList.<i>.<j>', () => {
    const outer = new AutoGuideList(model);
    const inner = new AutoGuideList(block(model, { expose: ['a', 'b'] }));
    inner.append(new AutoDelta(block(model, { expose: ['a'] }), { initLocFn: init }));
    inner.append(new AutoDelta(block(model, { expose: ['b'] }), { initLocFn: init }));
    outer.append(inner);
    outer.append(new AutoNormal(block(model, { expose: ['c', 'z'] }), { initLocFn: init }));
    tf.tidy(() => void outer());
    expect(getParamStore().keys()).toEqual(['AutoGuideList.0.0.a', 'AutoGuideList.0.1.b', 'AutoGuideList.1.locs.c', 'AutoGuideList.1.scales.c', 'AutoGuideList.1.locs.z', 'AutoGuideList.1.scales.z']);
    expect(inner.master).toBe(outer);
    expect(inner.parts[0]?.master).toBe(outer);
    outer.dispose();
  });

  it("keeps a prototype trace of shapes and supports: the model's distributions' tensors are not kept", () => {
    const guide = new AutoNormal(model, { initLocFn: init });
    expect(guide.prototypeTrace).toBeNull();
    tf.tidy(() => void guide());
    const proto = guide.prototypeTrace;
    expect(proto).not.toBeNull();
    expect([...(proto?.nodes.keys() ?? [])]).toEqual(['a', 'b', 'c', 'z']);
    const z = proto?.sampleSite('z');
    expect(z?.fn).toBeInstanceOf(PrototypeDistribution);
    expect(z?.fn.batchShape).toEqual([2]);
    expect(String(proto?.sampleSite('b').fn.support)).toBe('GreaterThan(lower_bound=0.0)');
    expect(() => z?.fn.logProb(tf.zeros([2]))).toThrow('keeps only its shapes and support');
    expect(values(z?.value as Tensor)).toEqual([1, -1]);
    const before = tf.memory().numTensors;
    guide.dispose();
    expect(guide.prototypeTrace).toBeNull();
    expect(tf.memory().numTensors).toBeLessThan(before);
    expect(z?.value?.isDisposed).toBe(true);
  });
});
