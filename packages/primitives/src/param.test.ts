import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal, constraints } from '@pyro-ts/distributions';
import { ParamStore } from '@pyro-ts/param-store';
import { replay, resetRuntime, runtimeState, substitute, trace } from '@pyro-ts/poutine';
import { param } from './param.js';
import { sample } from './sample.js';
import { clearParamStore, getParamStore, setParamStore } from './param-store.js';

describe('param and the default param store', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('creates a parameter once, in the default store kept in the runtime state', () => {
    const store = getParamStore();
    expect(runtimeState().paramStore).toBe(store);
    const a = param('a', [1, 2]);
    const again = param('a', [5, 5]);
    expect(again).toBe(a); // real constraint: the variable itself
    expect(a).toBe(store.variable('a'));
    expect(Array.from(a.dataSync())).toEqual([1, 2]);
    clearParamStore();
    expect(store.size).toBe(0);
    expect(a.isDisposed).toBe(true);
  });

  it('accepts an explicit store; constrained values are recorded and owned by the trace', () => {
    const store = new ParamStore();
    store.param('s', 2, { constraint: constraints.positive });
    expectNoLeaks(() => {
      const t = trace(() => param('s', undefined, { store, constraint: constraints.positive })).getTrace();
      expect(t.paramNodes).toEqual(['s']);
      expectClose(t.value('s'), 2, { rtol: 1e-6 });
      expect(getParamStore().has('s')).toBe(false);
      t.dispose();
    });
    store.dispose();
  });

  it('without an initial value and nothing stored, the error names the parameter', () => {
    expect(() => param('missing')).toThrow(/param 'missing' is not in the param store/);
  });

  it('substitute and replay params', () => {
    const store = new ParamStore();
    store.param('w', 1);
    expectNoLeaks(() => {
      const w = tf.scalar(3);
      const model = (): tf.Tensor => sample('x', new Normal(param('w', undefined, { store }), 1e-3));
      const x1 = tf.tidy(() => substitute(model, { w })().dataSync()[0] as number);
      const x2 = tf.tidy(() => replay(model, { params: { w } })().dataSync()[0] as number);
      expect(Math.round(x1)).toBe(3);
      expect(Math.round(x2)).toBe(3);
      w.dispose();
    });
    store.dispose();
  });

  it('a saved store reloads bit-exactly and the reloaded values are what param() returns', () => {
    const store = getParamStore();
    const weird = new Float32Array([0.1, -0, 1e-40, 3.4028234663852886e38, -1.5]);
    param('w', tf.tensor(weird));
    param('scale', [0.3, 7], { constraint: constraints.positive });
    const bytes = store.toBytes();
    const before = { w: Float32Array.from(store.variable('w').dataSync()), scale: Float32Array.from(store.variable('scale').dataSync()) };
    clearParamStore();
    const other = new ParamStore();
    other.fromBytes(bytes);
    const old = setParamStore(other);
    expect(old).toBe(store);
    expectNoLeaks(() => {
      const w = param('w');
      expect(new Uint32Array(Float32Array.from(w.dataSync()).buffer)).toEqual(new Uint32Array(before.w.buffer));
      expect(new Uint32Array(Float32Array.from(other.variable('scale').dataSync()).buffer)).toEqual(new Uint32Array(before.scale.buffer));
      const s = param('scale');
      expectClose(s, [0.3, 7], { rtol: 1e-6 });
      s.dispose();
    });
    store.dispose();
  });
});
