import '@tensorflow/tfjs-backend-cpu';
import { tf, detach, setRngSeed, randn, broadcastShapes, sumRightmost, formatShape, asTensor, getRngState, setRngState, multinomial } from './index.js';
import { expectNoLeaks, expectClose, useCpuForTests } from './testing/index.js';

beforeAll(async () => {
  await useCpuForTests();
});

describe('detach', () => {
  it('keeps the value and stops the gradient', () => {
    expectNoLeaks(() => {
      const x = tf.tensor([1, 2, 3]);
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.add(tf.mul(v, v), tf.mul(detach(v), v))))(x);
      // d/dv [v^2 + c v] with c = v held fixed = 2v + v = 3v
      expectClose(g, [3, 6, 9]);
      const d = detach(x);
      expectClose(d, [1, 2, 3]);
      d.dispose();
      expectClose(x, [1, 2, 3]); // disposing the detached view leaves x intact
      tf.dispose([x, g]);
    });
  });
});

describe('seeded randomness', () => {
  it('setRngSeed makes sampling reproducible and state can be restored', () => {
    expectNoLeaks(() => {
      setRngSeed(123);
      const a = randn([5]);
      const state = getRngState();
      const b = randn([5]);
      setRngSeed(123);
      const c = randn([5]);
      setRngState(state);
      const d = randn([5]);
      expectClose(c, a.dataSync(), { rtol: 0, atol: 0 });
      expectClose(d, b.dataSync(), { rtol: 0, atol: 0 });
      expect(Array.from(a.dataSync())).not.toEqual(Array.from(b.dataSync()));
      tf.dispose([a, b, c, d]);
    });
  });
});

describe('shape helpers', () => {
  it('broadcasts like NumPy and names the shapes on error', () => {
    expect(broadcastShapes([3, 1], [4], [])).toEqual([3, 4]);
    expect(broadcastShapes([2, 1, 5], [7, 1])).toEqual([2, 7, 5]);
    expect(() => broadcastShapes([3], [4])).toThrow('(3,), (4,) cannot be broadcast');
    expect(formatShape([])).toBe('()');
    expect(formatShape([5])).toBe('(5,)');
    expect(formatShape([2, 3])).toBe('(2, 3)');
  });
  it('sumRightmost sums the rightmost dims', () => {
    expectNoLeaks(() => {
      const x = tf.ones([2, 3, 4]);
      const s1 = sumRightmost(x, 2);
      const s2 = sumRightmost(x, -1);
      expect(s1.shape).toEqual([2]);
      expect(s2.shape).toEqual([2]);
      expectClose(s1, [12, 12]);
      const y = asTensor([[1, 2]]);
      expect(y.dtype).toBe('float32');
      tf.dispose([x, s1, s2, y]);
    });
  });
});

describe('zero gradients of comparisons (torch treats them as constants)', () => {
  it('differentiates through where/equal/less/logicalAnd/all with zero contributions from the conditions', () => {
    expectNoLeaks(() => {
      const x = tf.tensor([1, -2, 3]);
      const g = tf.grad((v: tf.Tensor) => {
        const cond = tf.logicalAnd(tf.less(v, 2.5), tf.notEqual(v, 0));
        const ok = tf.cast(tf.all(tf.greaterEqual(v, -5)), 'float32');
        return tf.sum(tf.mul(tf.where(cond, tf.mul(v, v), tf.mul(v, 10)), ok));
      })(x);
      // d/dv: 2v where cond, 10 elsewhere: [2, -4, 10]
      expectClose(g, [2, -4, 10]);
      const h = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.cast(tf.equal(v, 1), 'float32'), v)))(x);
      expectClose(h, [1, 0, 0]);
      tf.dispose([x, g, h]);
    });
  });
});

describe('multinomial', () => {
  it('draws each row from its own distribution, independently of the other rows (fixed seed, 4 standard errors)', () => {
    expectNoLeaks(() => {
      setRngSeed(7);
      const n = 20000;
      const probs = [[0.2, 0.5, 0.3, 0], [0.5, 0.5, 0, 0], [0.5, 0.5, 0, 0]];
      const logits = tf.tidy(() => tf.log(tf.tensor(probs)));
      const draws = multinomial(logits, n);
      expect(draws.shape).toEqual([3, n]);
      expect(draws.dtype).toBe('int32');
      const d = draws.dataSync();
      for (let r = 0; r < 3; r++) {
        const counts = [0, 0, 0, 0];
        for (let i = 0; i < n; i++) counts[d[r * n + i] as number]! += 1;
        (probs[r] as number[]).forEach((p, c) => {
          const se = Math.sqrt((p * (1 - p)) / n);
          expect(Math.abs((counts[c] as number) / n - p)).toBeLessThanOrEqual(4 * se + 1e-12);
        });
      }
      // rows 1 and 2 have the same distribution: their draws must not coincide (independent rows agree half the time)
      let same = 0;
      for (let i = 0; i < n; i++) if (d[n + i] === d[2 * n + i]) same += 1;
      expect(Math.abs(same / n - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / n));
      const one = tf.tidy(() => multinomial(tf.tensor([0, 0]), 5));
      expect(one.shape).toEqual([5]);
      tf.dispose([logits, draws, one]);
    });
  });
});
