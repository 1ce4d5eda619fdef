import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal } from '@pyro-ts/distributions';
import { getStack, resetRuntime } from './runtime.js';
import { trace } from './trace-messenger.js';
import { PlateMessenger } from './plate-messenger.js';
import { ParamStore, param, sample, subsample } from './test-helpers.test-util.js';

const plate = <T>(name: string, size: number, options: ConstructorParameters<typeof PlateMessenger>[2], fn: (ind: tf.Tensor) => T): T =>
  new PlateMessenger(name, size, options).run(fn);

const frames = (t: ReturnType<ReturnType<typeof trace>['getTrace']>, name: string): Array<[string, number | null, number]> =>
  t.sampleSite(name).condIndepStack.map((f) => [f.name, f.dim, f.size]);

describe('plate', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('broadcasts sample sites to its size and records itself as a subsample site', () => {
    expectNoLeaks(() => {
      const t = trace(() => plate('data', 5, {}, (ind) => [ind, sample('x', new Normal(0, 1))])).getTrace();
      expect(t.value('x').shape).toEqual([5]);
      expect(t.sampleSite('x').fn.batchShape).toEqual([5]);
      expect(frames(t, 'x')).toEqual([['data', -1, 5]]);
      expect(t.sampleSite('x').scale).toBe(1);
      expect(t.sampleSite('data').fn.className).toBe('_Subsample');
      expect(Array.from(t.value('data').dataSync())).toEqual([0, 1, 2, 3, 4]);
      expect(t.value('data').dtype).toBe('int32');
      t.dispose();
    });
  });

  it('subsamples distinct indices with the seeded generator and scales by size / subsampleSize', () => {
    expectNoLeaks(() => {
      const run = (): number[] =>
        tf.tidy(() => {
          const t = trace(() => plate('data', 100, { subsampleSize: 10 }, () => sample('x', new Normal(0, 1)))).getTrace();
          expect(t.sampleSite('x').scale).toBe(10);
          expect(t.value('x').shape).toEqual([10]);
          return Array.from(t.value('data').dataSync());
        }) as unknown as number[];
      setRngSeed(0);
      const a = run();
      setRngSeed(0);
      const b = run();
      expect(b).toEqual(a);
      expect(new Set(a).size).toBe(10);
      expect(a.every((i) => Number.isInteger(i) && i >= 0 && i < 100)).toBe(true);
      expect(run()).not.toEqual(a);
    });
  });

  it('nested plates with subsampling: dims right to left, scales multiply, log-probabilities are scaled', () => {
    expectNoLeaks(() => {
      const t = trace(() => plate('outer', 20, { subsampleSize: 5 }, () => plate('inner', 6, { subsampleSize: 3 }, () => sample('x', new Normal(0, 1))))).getTrace();
      expect(t.value('x').shape).toEqual([3, 5]);
      expect(frames(t, 'x')).toEqual([
        ['outer', -1, 5],
        ['inner', -2, 3],
      ]);
      expect(t.sampleSite('x').scale).toBe(8);
      // the inner plate's own site is inside the outer plate
      expect(frames(t, 'inner')).toEqual([['outer', -1, 5]]);
      expect(t.sampleSite('inner').scale).toBe(4);
      t.computeLogProb();
      const x = Array.from(t.value('x').dataSync());
      const expected = x.map((v) => 8 * (-0.5 * v * v - 0.5 * Math.log(2 * Math.PI)));
      expectClose(t.sampleSite('x').logProb as tf.Tensor, expected, { rtol: 1e-5 });
      const total = t.logProbSum();
      expectClose(total, expected.reduce((s, v) => s + v, 0), { rtol: 1e-5 });
      total.dispose();
      t.dispose();
    });
  });

  it('allocates the rightmost free dim, honours explicit dims and reports collisions with the fix', () => {
    expectNoLeaks(() => {
      const t = trace(() =>
        plate('a', 2, { dim: -2 }, () => {
          plate('b', 3, {}, () => sample('x', new Normal(0, 1)));
          plate('c', 4, { dim: -3 }, () => sample('y', new Normal(0, 1)));
        }),
      ).getTrace();
      expect(t.value('x').shape).toEqual([2, 3]);
      expect(frames(t, 'x')).toEqual([
        ['a', -2, 2],
        ['b', -1, 3],
      ]);
      expect(t.value('y').shape).toEqual([4, 2, 1]);
      t.dispose();
      let msg = '';
      tf.tidy(() => {
        try {
          trace(() => plate('a', 2, { dim: -1 }, () => plate('b', 3, { dim: -1 }, () => 0))).getTrace();
        } catch (e) {
          msg = (e as Error).message;
        }
      });
      expect(msg).toContain('at plates "b" and "a", collide at dim=-1\n\nTry moving the dim of one plate to the left, e.g. dim=-2');
      expect(getStack()).toEqual([]);
      // (under a trace the second plate's site is already a duplicate sample site, as in Pyro)
      expect(() => tf.tidy(() => plate('a', 2, {}, () => plate('a', 2, {}, () => 0)))).toThrow(/duplicate plate 'a'/);
      expect(() => new PlateMessenger('p', 3, { dim: 0 })).toThrow(/expected dim < 0/);
      expect(() => new PlateMessenger('p', 0)).toThrow(/size cannot be zero/);
    });
  });

  it('a sample whose batch shape disagrees with a plate throws, naming the site, the shapes and the fix', () => {
    expectNoLeaks(() =>
      tf.tidy(() => {
        let msg = '';
        try {
          trace(() => plate('data', 3, {}, () => sample('x', new Normal([0, 0], 1)))).getTrace();
        } catch (e) {
          msg = (e as Error).message;
        }
        expect(msg).toContain("Shape mismatch inside plate('data') at site 'x' dim -1, 3 vs 2");
        expect(msg).toContain('batch shape (2,)');
        expect(msg).toContain('Make that dim 1 or 3');
      }),
    );
  });

  it('subsamples params with an eventDim and subsample() data, and checks their shapes', () => {
    const store = new ParamStore();
    const w0 = Array.from({ length: 10 }, (_, i) => [i, 10 + i]);
    store.param('w', w0);
    store.param('bad', [[1, 2], [3, 4], [5, 6]]);
    const data = tf.tensor2d(Array.from({ length: 10 }, (_, i) => [i, -i, 2 * i]));
    expectNoLeaks(() => {
      const t = trace(() =>
        plate('rows', 10, { subsampleSize: 4 }, (ind) => {
          const w = param(store, 'w', undefined, { eventDim: 1 });
          const d = subsample(data, 1);
          const whole = param(store, 'w'); // no eventDim: not subsampled
          return [ind, w, d, whole];
        }),
      ).getTrace();
      const [ind, w, d, whole] = t.nodes.get('_RETURN')?.value as tf.Tensor[];
      const idx = Array.from((ind as tf.Tensor).dataSync());
      expect((w as tf.Tensor).shape).toEqual([4, 2]);
      expect(Array.from((w as tf.Tensor).dataSync())).toEqual(idx.flatMap((i) => [i, 10 + i]));
      expect(Array.from((d as tf.Tensor).dataSync())).toEqual(idx.flatMap((i) => [i, -i, 2 * i]));
      expect((whole as tf.Tensor).shape).toEqual([10, 2]);
      expect(t.value('w').shape).toEqual([10, 2]); // the later, unsubsampled statement replaced the site
      (d as tf.Tensor).dispose(); // subsample() results belong to the caller
      t.dispose();
      expect(() =>
        tf.tidy(() => {
          trace(() => plate('rows', 10, { subsampleSize: 4 }, () => param(store, 'bad', undefined, { eventDim: 1 }))).getTrace();
        }),
      ).toThrow(/Inside plate\('rows', 10, \{ dim: -1 \}\) invalid shape of param\('bad', \.\.\., \{ eventDim: 1 \}\): \(3, 2\)/);
    });
    data.dispose();
    store.dispose();
  });

  it('sequential plates: one independence context per index, no batch dim', () => {
    expectNoLeaks(() => {
      const t = trace(() => {
        const p = new PlateMessenger('seq', 10, { subsample: [7, 2] });
        const seen: number[] = [];
        for (const i of p) {
          seen.push(i);
          sample(`x_${i}`, new Normal(0, 1));
        }
        p.forEach((i) => sample(`y_${i}`, new Normal(0, 1)));
        return seen;
      }).getTrace();
      expect(t.nodes.get('_RETURN')?.value).toEqual([7, 2]);
      const x7 = t.sampleSite('x_7');
      expect(x7.condIndepStack.map((f) => [f.name, f.dim, f.size, f.counter])).toEqual([['seq', null, 2, 1]]);
      expect(t.sampleSite('x_2').condIndepStack[0]?.counter).toBe(2);
      expect(t.sampleSite('y_2').condIndepStack[0]?.counter).toBe(4);
      expect(x7.scale).toBe(5);
      expect(x7.value?.shape).toEqual([]);
      t.dispose();
      const vec = new PlateMessenger('v', 2);
      vec.run(() => 0);
      expect(() => [...vec]).toThrow(/both vectorized and non-vectorized/);
      vec.dispose();
    });
  });

  it('explicit subsample indices and their checks', () => {
    expectNoLeaks(() => {
      const ind = tf.tensor1d([3, 1], 'int32');
      const t = trace(() => plate('d', 5, { subsample: ind }, (i) => i)).getTrace();
      expect(t.value('d')).toBe(ind);
      expect(t.nodes.get('_RETURN')?.value).toBe(ind);
      t.dispose();
      expect(() => new PlateMessenger('d', 5, { subsample: ind, subsampleSize: 3 })).toThrow(/subsampleSize does not match/);
      ind.dispose();
    });
  });

  it('an unwrapped plate owns its indices until disposed; enter/exit can be used directly', () => {
    expectNoLeaks(() => {
      const p = new PlateMessenger('u', 4, { subsampleSize: 2 });
      p.enter();
      const x = sample('x', new Normal(0, 1)); // no trace: the caller owns x
      p.exit();
      expect(x.shape).toEqual([2]);
      x.dispose();
      p.dispose();
    });
  });
});
