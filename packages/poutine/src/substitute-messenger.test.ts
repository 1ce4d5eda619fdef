import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal, constraints } from '@pyro-ts/distributions';
import { resetRuntime } from './runtime.js';
import { trace } from './trace-messenger.js';
import { substitute } from './substitute-messenger.js';
import { lift } from './lift-messenger.js';
import { inferConfig } from './infer-config-messenger.js';
import { ParamStore, param, sample } from './test-helpers.test-util.js';

describe('substitute, lift and inferConfig', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);
  const store = new ParamStore();
  beforeAll(() => {
    store.param('loc', 1);
    store.param('net$$$weight', [1, 2]);
    store.param('scale', 2, { constraint: constraints.positive });
  });
  afterAll(() => store.dispose());

  const model = (): tf.Tensor => {
    const loc = param(store, 'loc');
    param(store, 'net$$$weight');
    return sample('z', new Normal(loc, 1));
  };

  it('substitute fixes params (by their name without module prefix) and leaves sample sites alone', () => {
    const loc = tf.scalar(-4);
    const w = tf.tensor([7, 8]);
    const z = tf.scalar(0);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expectNoLeaks(() => {
      const t = trace(substitute(model, { loc, weight: w, z })).getTrace();
      expect(t.value('loc')).toBe(loc);
      expect(t.value('net$$$weight')).toBe(w);
      expect(t.sampleSite('z').isObserved).toBe(false);
      expect(store.get('loc').dataSync()[0]).toBe(1);
      t.dispose();
    });
    // 'z' is not a param: a validation warning names it
    expect(warn.mock.calls.some((c) => String(c[0]).includes("did not find params ['z']"))).toBe(true);
    warn.mockRestore();
    loc.dispose();
    w.dispose();
    z.dispose();
  });

  it('lift turns params into samples from a prior; a second statement of the name reuses the value', () => {
    expectNoLeaks(() => {
      const twice = (): tf.Tensor[] => [param(store, 'loc'), param(store, 'loc'), param(store, 'scale')];
      const t = trace(lift(twice, { loc: new Normal(100, 1e-3) })).getTrace();
      const ret = t.nodes.get('_RETURN')?.value as tf.Tensor[];
      expect(t.sampleSite('loc').isObserved).toBe(false);
      expect(Math.round(ret[0]?.dataSync()[0] as number)).toBe(100);
      expect(ret[1]).toBe(ret[0]);
      expect(t.nodes.get('scale')?.type).toBe('param');
      (ret[2] as tf.Tensor).dispose(); // the constrained param value is the caller's... and the trace's
      t.dispose();
      const all = trace(lift(() => param(store, 'scale'), new Normal(0, 1))).getTrace();
      expect(all.nodes.get('scale')?.type).toBe('sample');
      all.dispose();
    });
  });

  it('inferConfig merges configuration into sample and param sites', () => {
    expectNoLeaks(() => {
      const t = trace(inferConfig(model, (msg) => (msg.type === 'sample' ? { enumerate: 'parallel' } : { tag: msg.name }))).getTrace();
      expect(t.sampleSite('z').infer).toEqual({ enumerate: 'parallel' });
      expect((t.nodes.get('loc') as { infer: object }).infer).toEqual({ tag: 'loc' });
      t.dispose();
    });
  });
});
