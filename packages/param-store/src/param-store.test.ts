import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, expectNoLeaksAsync, useCpuForTests } from '@pyro-ts/tensor/testing';
import { constraints } from '@pyro-ts/distributions';
import { ParamStore, decodeState, constraintFromSpec, constraintToSpec } from './index.js';

beforeAll(useCpuForTests);

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('ParamStore', () => {
  it('keeps unconstrained variables and returns constrained values (Pyro get_param)', () => {
    expectNoLeaks(() => {
      const store = new ParamStore();
      tf.tidy(() => {
        const s = store.param('scale', [0.5, 2], { constraint: constraints.positive });
        expectClose(s, [0.5, 2]);
        // stored unconstrained: log(value) for biject/transform_to(positive) = exp
        expectClose(store.variable('scale'), [Math.log(0.5), Math.log(2)]);
        // a second call ignores init
        expectClose(store.param('scale', [9, 9], { constraint: constraints.positive }), [0.5, 2]);
        const p = store.param('p', 0.25, { constraint: constraints.unitInterval });
        expectClose(p, [0.25]);
        expectClose(store.variable('p'), [Math.log(0.25 / 0.75)], { rtol: 1e-5, atol: 1e-6 });
        const w = store.param('w', () => tf.ones([2, 3]));
        expect(w.shape).toEqual([2, 3]);
        expect(store.keys()).toEqual(['scale', 'p', 'w']);
        expect(store.constraintOf('p')).toBe(constraints.unitInterval);
      });
      store.dispose();
    });
  });

  it('gradients reach the unconstrained variable through the constraint', () => {
    expectNoLeaks(() => {
      const store = new ParamStore();
      tf.tidy(() => { store.param('s', 2, { constraint: constraints.positive }); });
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(store.get('s'))) as tf.Scalar);
      // d/du (exp u)^2 = 2 exp(2u) = 2 * 4 = 8
      const g = grads[store.variable('s').name]!;
      expectClose(g, [8], { rtol: 1e-5 });
      tf.dispose([value, g]);
      store.dispose();
    });
  });

  it('set keeps the constraint; errors name the parameter, shapes and constraint', () => {
    expectNoLeaks(() => {
      const store = new ParamStore();
      tf.tidy(() => { store.param('s', [1, 2], { constraint: constraints.positive }); });
      store.set('s', [3, 4]);
      tf.tidy(() => expectClose(store.get('s'), [3, 4], { rtol: 1e-6 }));
      expect(() => store.set('s', [1, 2, 3])).toThrow("param 's': cannot set a value of shape [3] into a parameter of shape [2]");
      expect(() => store.set('s', [-1, 2])).toThrow("param 's': value of shape [2] is outside the constraint GreaterThan(lower_bound=0.0)");
      expect(() => store.param('t', -1, { constraint: constraints.positive })).toThrow("param 't'");
      expect(() => store.param('nan', [NaN])).toThrow('NaN or infinite');
      expect(() => store.get('missing')).toThrow("param 'missing' is not in the param store (it has: s)");
      expect(() => store.param('missing')).toThrow("give an initial value the first time");
      expect(store.has('t')).toBe(false);
      store.dispose();
    });
  });

  it('delete and clear free the variables', () => {
    const before = tf.memory().numTensors;
    const store = new ParamStore();
    tf.tidy(() => { store.param('a', [1, 2]); });
    tf.tidy(() => { store.param('b', 3, { constraint: constraints.positive }); });
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(store.delete('a')).toBe(true);
    expect(store.delete('a')).toBe(false);
    expect(tf.memory().numTensors).toBe(before + 1);
    store.clear();
    expect(store.size).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('getState/setState round-trip bit-exactly, constraints included', () => {
    expectNoLeaks(() => {
      const a = new ParamStore();
      tf.tidy(() => { a.param('loc', [0.1, -3.7, 1e-30]); });
      tf.tidy(() => { a.param('scale', [0.3], { constraint: constraints.positive, eventDim: 1 }); });
      tf.tidy(() => { a.param('iv', [0.2], { constraint: constraints.interval(-1, 3) }); });
      tf.tidy(() => { a.param('gt', [1.5], { constraint: constraints.greaterThan(1) }); });
      tf.tidy(() => { a.param('simplex', [0.2, 0.3, 0.5], { constraint: constraints.simplex }); });
      tf.tidy(() => { a.param('ind', [[0.5, 1]], { constraint: constraints.independent(constraints.positive, 1) }); });
      const state = a.getState();
      const b = new ParamStore();
      b.setState(state);
      expect(b.keys()).toEqual(a.keys());
      for (const k of a.keys()) {
        expect(values(b.variable(k))).toEqual(values(a.variable(k)));
        expect(String(b.constraintOf(k))).toBe(String(a.constraintOf(k)));
      }
      expect(b.eventDimOf('scale')).toBe(1);
      expect(b.constraintOf('scale')).toBe(constraints.positive);
      tf.tidy(() => expectClose(b.get('iv'), [0.2], { rtol: 1e-6 }));
      a.dispose();
      b.dispose();
    });
  });

  it('save/load (bytes and files) reload bit-exactly, -0 and extreme floats included', async () => {
    await expectNoLeaksAsync(async () => {
      const a = new ParamStore();
      const raw = new Float32Array([0.1, -0, 3.4028234663852886e38, 1.401298464324817e-45, -2.5, 7]);
      const init = tf.tensor(raw, [2, 3]);
      tf.tidy(() => { a.param('x', init); });
      init.dispose();
      tf.tidy(() => { a.param('s', [0.5, 0.25], { constraint: constraints.positive }); });
      const bytes = a.toBytes();
      expect(String.fromCharCode(...bytes.subarray(0, 8))).toBe('PYTPARAM');
      const b = new ParamStore();
      b.fromBytes(bytes);
      expect(new Uint8Array(b.variable('x').dataSync().buffer)).toEqual(new Uint8Array(a.variable('x').dataSync().buffer));
      expect(Object.is(b.variable('x').dataSync()[1], -0)).toBe(true);
      expect(values(b.variable('s'))).toEqual(values(a.variable('s')));
      const file = join(mkdtempSync(join(tmpdir(), 'ps-')), 'params.bin');
      await a.save(file);
      const c = new ParamStore();
      await c.load(file);
      expect(values(c.variable('x'))).toEqual(values(a.variable('x')));
      expect(c.constraintOf('s')).toBe(constraints.positive);
      expect(() => decodeState(new Uint8Array(20))).toThrow('not a pyro-ts param store file');
      expect(() => decodeState(bytes.subarray(0, bytes.length - 4))).toThrow('truncated');
      a.dispose();
      b.dispose();
      c.dispose();
    });
  });

  it('scopes keep separate parameters for several models in one process', () => {
    expectNoLeaks(() => {
      const store = new ParamStore();
      tf.tidy(() => { store.param('w', 1); });
      const inA = store.scope('modelA', () => {
        expect(store.has('w')).toBe(false);
        tf.tidy(() => { store.param('w', 10); });
        return store.variable('w');
      });
      store.scope('modelB', () => {
        tf.tidy(() => { store.param('w', 20); });
      });
      expect(values(store.variable('w'))).toEqual([1]);
      store.scope('modelA', () => {
        expect(store.variable('w')).toBe(inA); // the same variable, as it was left
        expect(values(store.get('w'))).toEqual([10]);
      });
      // Pyro's form: a state object loaded on entry and updated on exit
      const state = { params: {} };
      store.scope(state, () => {
        tf.tidy(() => { store.param('z', [3, 4]); });
      });
      expect(Object.keys(state.params)).toEqual(['z']);
      expect(store.has('z')).toBe(false);
      store.scope(state, () => expect(values(store.get('z'))).toEqual([3, 4]));
      // an anonymous scope starts empty and is discarded
      store.scope(() => tf.tidy(() => { store.param('tmp', 1); }));
      expect(store.has('tmp')).toBe(false);
      store.dispose();
    });
  });

  it('constraint specs restore every saved family', () => {
    expectNoLeaks(() => {
      for (const c of [constraints.real, constraints.positive, constraints.greaterThanEq(2), constraints.lessThan(-1), constraints.halfOpenInterval(0, 2), constraints.integerInterval(0, 3), constraints.independent(constraints.interval(0, 1), 2), constraints.lowerCholesky, constraints.corrCholesky]) {
        expect(String(constraintFromSpec(constraintToSpec(c)))).toBe(String(c));
      }
      const lb = tf.tensor([0, -2]);
      const c = constraints.greaterThan(lb);
      const back = constraintFromSpec(constraintToSpec(c));
      expect(String(back)).toBe(String(c));
      tf.dispose([lb, (back as unknown as { lowerBound: tf.Tensor }).lowerBound]);
    });
  });
});
