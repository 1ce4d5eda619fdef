import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal } from '@pyro-ts/distributions';
import { condition, resetRuntime, trace } from '@pyro-ts/poutine';
import { sample } from './sample.js';
import { plate } from './plate.js';

const lp = (x: number, loc = 0, scale = 1): number => -0.5 * ((x - loc) / scale) ** 2 - Math.log(scale) - 0.5 * Math.log(2 * Math.PI);

describe('sample', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('outside a model run: draws, or returns a well-shaped observation', () => {
    expectNoLeaks(() => {
      const x = sample('x', new Normal([0, 0], 1));
      expect(x.shape).toEqual([2]);
      x.dispose();
      const obs = tf.tensor([[1, 2], [3, 4]]);
      expect(sample('y', new Normal([0, 0], 1), { obs })).toBe(obs);
      const fromArray = sample('y', new Normal(0, 1), { obs: [1, 2, 3] });
      expect(Array.from(fromArray.dataSync())).toEqual([1, 2, 3]);
      fromArray.dispose();
      obs.dispose();
    });
  });

  it('outside a model run: an observation of the wrong shape throws, naming the site, the shapes and the fix', () => {
    expectNoLeaks(() => {
      const obs = tf.tensor([1, 2, 3]);
      let msg = '';
      try {
        sample('y', new Normal([0, 0], 1), { obs });
      } catch (e) {
        msg = (e as Error).message;
      }
      expect(msg).toContain("sample('y')");
      expect(msg).toContain('(3,)');
      expect(msg).toContain('batch shape (2,)');
      expect(msg).toMatch(/Reshape obs|plate/);
      expect(() => sample('v', new Normal([0, 0], 1).toEvent(1), { obs })).toThrow(/event shape \(2,\)/);
      obs.dispose();
    });
  });

  it('condition(model, data) and obs give the same site', () => {
    expectNoLeaks(() =>
      tf.tidy(() => {
        const model = (obs?: tf.Tensor): void => {
          const z = sample('z', new Normal(0, 1));
          plate('data', 3, () => sample('x', new Normal(z, 1), { obs }));
        };
        const data = tf.tensor([0.1, -0.2, 0.3]);
        const z = tf.scalar(0.5);
        const a = trace(condition(model, { z })).getTrace(data);
        const b = trace(condition(model, { z, x: data })).getTrace();
        for (const t of [a, b]) {
          t.computeLogProb();
          expect(t.sampleSite('x').isObserved).toBe(true);
          expect(t.value('x')).toBe(data);
          expectClose(t.sampleSite('x').logProb as tf.Tensor, [lp(0.1, 0.5), lp(-0.2, 0.5), lp(0.3, 0.5)], { rtol: 1e-6 });
        }
      }),
    );
  });

  it("infer.isObserved overrides obs's default and is removed from infer", () => {
    expectNoLeaks(() =>
      tf.tidy(() => {
        const t = trace(() => sample('x', new Normal(0, 1), { obs: 1, infer: { isObserved: false, enumerate: 'parallel' } })).getTrace();
        expect(t.sampleSite('x').isObserved).toBe(false);
        expect(t.sampleSite('x').infer).toEqual({ enumerate: 'parallel' });
      }),
    );
  });

  it("obsMask: observed where the mask is true, sampled elsewhere, combined in a deterministic site (Pyro's _masked_observe)", () => {
    expectNoLeaks(() => {
      const obs = tf.tensor([10, 20, 30]);
      const mask = tf.tensor([true, false, true], undefined, 'bool');
      const t = trace(() => sample('x', new Normal([0, 0, 0], 1), { obs, obsMask: mask })).getTrace();
      expect([...t.nodes.keys()]).toEqual(['_INPUT', 'x_observed', 'x_unobserved', 'x', '_RETURN']);
      const v = Array.from(t.value('x').dataSync());
      const un = Array.from(t.value('x_unobserved').dataSync());
      expect(v).toEqual([10, un[1], 30]);
      expect(t.sampleSite('x').infer._deterministic).toBe(true);
      t.computeLogProb();
      expect(Array.from(t.sampleSite('x').logProb?.dataSync() ?? [])).toEqual([0, 0, 0]);
      expectClose(t.sampleSite('x_observed').logProb as tf.Tensor, [lp(10), 0, lp(30)], { rtol: 1e-6 });
      expectClose(t.sampleSite('x_unobserved').logProb as tf.Tensor, [0, lp(un[1] as number), 0], { rtol: 1e-5 });
      t.dispose();
      expect(obs.isDisposed || mask.isDisposed).toBe(false);
      obs.dispose();
      mask.dispose();
    });
  });

  it('obsMask of a wrong shape throws', () => {
    expectNoLeaks(() =>
      tf.tidy(() => {
        expect(() => trace(() => sample('x', new Normal([0, 0, 0], 1), { obs: [1, 2, 3], obsMask: [true, false] })).getTrace()).toThrow(/obsMask|broadcast/);
      }),
    );
  });
});
