import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal } from '@pyro-ts/distributions';
import { resetRuntime } from './runtime.js';
import { trace } from './trace-messenger.js';
import { scale } from './scale-messenger.js';
import { mask } from './mask-messenger.js';
import { PlateMessenger } from './plate-messenger.js';
import { sample } from './test-helpers.test-util.js';

const lp = (x: number): number => -0.5 * x * x - 0.5 * Math.log(2 * Math.PI);

describe('scale and mask', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  const model = (): void => {
    sample('x', new Normal([0, 0, 0], 1), { obs: [1, 2, 3] });
  };
  const logProbOf = (fn: () => void): number[] =>
    tf.tidy(() => {
      const t = trace(fn).getTrace();
      t.computeLogProb();
      return Array.from(t.sampleSite('x').logProb?.dataSync() ?? []);
    }) as unknown as number[];

  it('scale multiplies log-probabilities, nested scales multiply', () => {
    expectNoLeaks(() => {
      expectClose(logProbOf(scale(model, 2)), [2 * lp(1), 2 * lp(2), 2 * lp(3)], { rtol: 1e-6 });
      expectClose(logProbOf(scale(scale(model, 2), 0.25)), [0.5 * lp(1), 0.5 * lp(2), 0.5 * lp(3)], { rtol: 1e-6 });
      const s = tf.tensor([1, 2, 3]);
      expectClose(logProbOf(scale(model, s)), [lp(1), 2 * lp(2), 3 * lp(3)], { rtol: 1e-6 });
      expectClose(logProbOf(scale(scale(model, s), 2)), [2 * lp(1), 4 * lp(2), 6 * lp(3)], { rtol: 1e-6 });
      s.dispose();
    });
  });

  it('scale combines with a subsampling plate', () => {
    expectNoLeaks(() => {
      const t = tf.tidy(() => {
        const tr = trace(scale(() => new PlateMessenger('d', 10, { subsampleSize: 4 }).run(() => sample('y', new Normal(0, 1))), 3)).getTrace();
        return tr.sampleSite('y').scale;
      });
      expect(t).toBeCloseTo(7.5, 12);
    });
  });

  it('rejects nonpositive scales', () => {
    expect(() => scale(model, 0)).toThrow(/Expected scale > 0 but got 0/);
    expectNoLeaks(() => {
      const s = tf.tensor([1, -1]);
      expect(() => scale(model, s)).toThrow(/Expected scale > 0[\s\S]*mask\(\)/);
      s.dispose();
    });
  });

  it('mask zeroes log-probabilities where false; nested masks and-combine', () => {
    expectNoLeaks(() => {
      expect(logProbOf(mask(model, false))).toEqual([0, 0, 0]);
      expectClose(logProbOf(mask(model, true)), [lp(1), lp(2), lp(3)], { rtol: 1e-6 });
      const m1 = tf.tensor([true, true, false], undefined, 'bool');
      const m2 = tf.tensor([false, true, true], undefined, 'bool');
      expectClose(logProbOf(mask(model, m1)), [lp(1), lp(2), 0], { rtol: 1e-6 });
      expectClose(logProbOf(mask(mask(model, m1), m2)), [0, lp(2), 0], { rtol: 1e-6 });
      expectClose(logProbOf(scale(mask(model, m2), 2)), [0, 2 * lp(2), 2 * lp(3)], { rtol: 1e-6 });
      m1.dispose();
      m2.dispose();
    });
  });

  it('rejects non-boolean masks', () => {
    expectNoLeaks(() => {
      const m = tf.tensor([1, 0]);
      expect(() => mask(model, m)).toThrow(/bool tensor/);
      m.dispose();
    });
    expect(() => mask(model, 1 as unknown as boolean)).toThrow(/boolean/);
  });
});
