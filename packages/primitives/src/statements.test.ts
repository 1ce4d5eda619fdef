// factor, deterministic, subsample, plateStack and the validation switch.
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal, getValidateArgs } from '@pyro-ts/distributions';
import { isValidationEnabled as poutineValidation, resetRuntime, siteIsFactor, trace } from '@pyro-ts/poutine';
import { sample } from './sample.js';
import { factor } from './factor.js';
import { deterministic } from './deterministic.js';
import { subsample } from './subsample.js';
import { plate, plateStack } from './plate.js';
import { enableValidation, isValidationEnabled, validationEnabled } from './validation.js';

const lp = (x: number): number => -0.5 * x * x - 0.5 * Math.log(2 * Math.PI);

describe('factor, deterministic, subsample, plateStack, validation', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('factor adds its log-factor to the log-density, inside plates too', () => {
    expectNoLeaks(() => {
      const t = trace(() => {
        sample('x', new Normal(0, 1), { obs: 1 });
        factor('f', -2.5);
        plate('p', 3, () => factor('g', [0.5, 1, 1.5]));
      }).getTrace();
      const total = t.logProbSum();
      expectClose(total, lp(1) - 2.5 + 3, { rtol: 1e-6 });
      expect(siteIsFactor(t.sampleSite('f'))).toBe(true);
      expect(t.sampleSite('f').isObserved).toBe(true);
      expect(t.sampleSite('f').infer.isAuxiliary).toBe(true);
      expect(t.value('g').shape).toEqual([3, 0]);
      total.dispose();
      t.dispose();
      factor('outside', 1); // no model run: nothing happens
    });
  });

  it('deterministic records the value as a masked observed site that adds nothing', () => {
    expectNoLeaks(() => {
      const t = trace(() => {
        const z = sample('z', new Normal(0, 1));
        return deterministic('twice', tf.mul(z, 2), { eventDim: 0 });
      }).getTrace();
      const site = t.sampleSite('twice');
      expect(site.isObserved).toBe(true);
      expect(site.infer._deterministic).toBe(true);
      expectClose(site.value as tf.Tensor, 2 * (t.value('z').dataSync()[0] as number), { rtol: 1e-6 });
      const total = t.logProbSum();
      expectClose(total, lp(t.value('z').dataSync()[0] as number), { rtol: 1e-6 });
      total.dispose();
      // the model made tf.mul(z, 2): it is the model's (returned here), not the trace's
      (t.nodes.get('_RETURN')?.value as tf.Tensor).dispose();
      t.dispose();
      const v = deterministic('d', [1, 2]);
      expect(v.shape).toEqual([2]);
      v.dispose();
      const t2 = trace(() => deterministic('m', [[1, 2]])).getTrace();
      expect(t2.sampleSite('m').fn.eventShape).toEqual([1, 2]);
      t2.dispose();
    });
  });

  it('subsample selects the enclosing plates\' indices along the right dims', () => {
    const data = tf.tensor3d(Array.from({ length: 4 * 3 * 2 }, (_, i) => i), [4, 3, 2]);
    expectNoLeaks(() => {
      expect(subsample(data, { eventDim: 1 })).toBe(data);
      const t = trace(() =>
        plate('rows', 4, { subsampleSize: 2, dim: -2 }, (ind) => {
          const d = subsample(data, { eventDim: 1 });
          return [ind, d];
        }),
      ).getTrace();
      const [ind, d] = t.nodes.get('_RETURN')?.value as tf.Tensor[];
      const expected = tf.tidy(() => tf.gather(data, ind as tf.Tensor, 0));
      expect((d as tf.Tensor).shape).toEqual([2, 3, 2]);
      expect(Array.from((d as tf.Tensor).dataSync())).toEqual(Array.from(expected.dataSync()));
      expected.dispose();
      (d as tf.Tensor).dispose();
      t.dispose();
    });
    data.dispose();
  });

  it('plateStack nests plates over contiguous dims', () => {
    expectNoLeaks(() => {
      const t = trace(() => plateStack('s', [2, 3], () => sample('x', new Normal(0, 1)), { rightmostDim: -2 })).getTrace();
      expect(t.value('x').shape).toEqual([2, 3, 1]);
      expect(t.sampleSite('x').condIndepStack.map((f) => [f.name, f.dim])).toEqual([
        ['s_0', -2],
        ['s_1', -3],
      ]);
      t.dispose();
    });
  });

  it('enableValidation switches poutine and distributions together', () => {
    expect(isValidationEnabled()).toBe(true);
    enableValidation(false);
    expect([poutineValidation(), getValidateArgs()]).toEqual([false, false]);
    expect(validationEnabled(true, () => [poutineValidation(), getValidateArgs()])).toEqual([true, true]);
    expect(isValidationEnabled()).toBe(false);
    enableValidation();
    expect(isValidationEnabled()).toBe(true);
  });
});
