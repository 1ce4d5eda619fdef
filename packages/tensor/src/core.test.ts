import '@tensorflow/tfjs-backend-cpu';
import { tf, detach, setRngSeed, randn, broadcastShapes, sumRightmost, formatShape, asTensor, getRngState, setRngState } from './index.js';
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
