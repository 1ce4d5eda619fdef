import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal } from '@pyro-ts/distributions';
import { resetRuntime } from './runtime.js';
import { trace } from './trace-messenger.js';
import { condition } from './condition-messenger.js';
import { intervene } from './intervene-messenger.js';
import { uncondition } from './uncondition-messenger.js';
import { sample } from './test-helpers.test-util.js';

const normalLogPdf = (x: number, loc: number, scale: number): number => -0.5 * ((x - loc) / scale) ** 2 - Math.log(scale) - 0.5 * Math.log(2 * Math.PI);

describe('condition, uncondition and intervene', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  const model = (obsX?: tf.Tensor): [tf.Tensor, tf.Tensor] => {
    const z = sample('z', new Normal(0, 1));
    const x = sample('x', new Normal(z, 2), obsX === undefined ? {} : { obs: obsX });
    return [z, x];
  };

  it('condition(model, data) gives the same trace as obs= in the model', () => {
    const v = tf.scalar(1.5);
    const z = tf.scalar(-0.3);
    expectNoLeaks(() => {
      const viaObs = trace(condition(model, { z })).getTrace(v);
      const viaCondition = trace(condition(model, { z, x: v })).getTrace();
      for (const t of [viaObs, viaCondition]) {
        t.computeLogProb();
        expect(t.sampleSite('x').isObserved).toBe(true);
        expect(t.sampleSite('z').isObserved).toBe(true);
        expect(t.value('x')).toBe(v);
        expect(t.observationNodes).toEqual(['z', 'x']);
        expectClose(t.sampleSite('x').logProb as tf.Tensor, normalLogPdf(1.5, -0.3, 2), { rtol: 1e-6 });
      }
      viaObs.dispose();
      viaCondition.dispose();
    });
    expect(v.isDisposed || z.isDisposed).toBe(false);
    v.dispose();
    z.dispose();
  });

  it('conditions on numbers, nested arrays, a Map or a Trace; null leaves a site latent', () => {
    expectNoLeaks(() => {
      const a = trace(condition(model, { x: 3 })).getTrace();
      expect(a.value('x').dataSync()[0]).toBe(3);
      const b = trace(condition(model, new Map([['x', [4]]]))).getTrace();
      expect(Array.from(b.value('x').dataSync())).toEqual([4]);
      const c = trace(condition(model, a)).getTrace();
      expect(c.value('z')).toBe(a.value('z'));
      expect(c.sampleSite('z').isObserved).toBe(true);
      const d = trace(condition(model, { x: null })).getTrace();
      expect(d.sampleSite('x').isObserved).toBe(false);
      for (const t of [a, b, c, d]) t.dispose();
    });
  });

  it('uncondition samples observed sites and keeps the observation in infer', () => {
    const obs = tf.scalar(9);
    expectNoLeaks(() => {
      const t = trace(uncondition(model)).getTrace(obs);
      const x = t.sampleSite('x');
      expect(x.isObserved).toBe(false);
      expect(x.infer.wasObserved).toBe(true);
      expect(x.infer.obs).toBe(obs);
      expect(x.value).not.toBe(obs);
      t.dispose();
    });
    obs.dispose();
  });

  it('intervene: the site is sampled and recorded, downstream uses the intervention', () => {
    expectNoLeaks(() => {
      const h = trace(intervene(model, { z: 10 }));
      const t = h.getTrace();
      const ret = t.nodes.get('_RETURN')?.value as [tf.Tensor, tf.Tensor];
      expect(ret[0].dataSync()[0]).toBe(10);
      expect(t.value('z')).not.toBe(ret[0]);
      expect(t.has('z__CF')).toBe(false);
      expect(t.sampleSite('z').isObserved).toBe(false);
      // x ~ Normal(10, 2): its distribution was built from the intervention
      expect((t.sampleSite('x').fn as Normal).toString()).toBe('Normal(loc: 10.0, scale: 2.0)');
      t.dispose();
      // the intervention value (made by the handler) belongs to the intervened site, which no trace records
      ret[0].dispose();
    });
  });
});
