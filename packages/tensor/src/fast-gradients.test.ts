// The replacement Tile and BatchMatMul gradients equal tfjs's own (computed
// with tfjs's registrations restored) and the analytic ones.
import '@tensorflow/tfjs-backend-cpu';
import { tf } from './index.js';
import type { Tensor } from './index.js';
import { expectClose, expectNoLeaks, expectNoLeaksAsync, useCpuForTests } from './testing/index.js';
import { replacedGradients } from './fast-gradients.js';

beforeAll(useCpuForTests);

function values(shape: number[], seed: number): Tensor {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1), shape);
}

type Case = { name: string; f: (xs: Tensor[]) => Tensor; shapes: number[][] };
const cases: Case[] = [
  { name: 'broadcastTo [1] → [7]', f: ([x]) => tf.broadcastTo(x as Tensor, [7]), shapes: [[1]] },
  { name: 'broadcastTo [3,1] → [2,3,4]', f: ([x]) => tf.broadcastTo(x as Tensor, [2, 3, 4]), shapes: [[3, 1]] },
  { name: 'tile [2,3] × [3,2]', f: ([x]) => tf.tile(x as Tensor, [3, 2]), shapes: [[2, 3]] },
  { name: 'matMul a·b', f: ([a, b]) => tf.matMul(a as Tensor, b as Tensor), shapes: [[3, 4], [4, 5]] },
  { name: 'matMul a·bᵀ', f: ([a, b]) => tf.matMul(a as Tensor, b as Tensor, false, true), shapes: [[3, 4], [5, 4]] },
  { name: 'matMul aᵀ·b', f: ([a, b]) => tf.matMul(a as Tensor, b as Tensor, true, false), shapes: [[4, 3], [4, 5]] },
  { name: 'matMul aᵀ·bᵀ', f: ([a, b]) => tf.matMul(a as Tensor, b as Tensor, true, true), shapes: [[4, 3], [5, 4]] },
  { name: 'batched matMul aᵀ·b', f: ([a, b]) => tf.matMul(a as Tensor, b as Tensor, true, false), shapes: [[2, 4, 3], [2, 4, 5]] },
];

function grads(c: Case): number[][] {
  return tf.tidy(() => {
    const xs = c.shapes.map((s, i) => values(s, 10 + i));
    const w = values(c.f(xs).shape, 99);
    return tf.grads((...ys: Tensor[]) => tf.sum(tf.mul(c.f(ys), w)))(xs).map((t) => Array.from(t.dataSync()));
  });
}

describe('replacement gradients (Tile, BatchMatMul)', () => {
  it('equal the gradients of tfjs 4.22 (float32 sums in another order: 1e-5 relative)', () => {
    expectNoLeaks(() => {
      const ours = cases.map(grads);
      const originals = ['Tile', 'BatchMatMul'].map((k) => tf.getGradient(k)!);
      for (const k of ['Tile', 'BatchMatMul']) {
        tf.unregisterGradient(k);
        tf.registerGradient(replacedGradients.get(k)!);
      }
      try {
        const theirs = cases.map(grads);
        cases.forEach((c, i) => (theirs[i] as number[][]).forEach((g, j) => expectClose((ours[i] as number[][])[j] as number[], g, { rtol: 1e-5, atol: 1e-6 }, `${c.name} input ${j}`)));
      } finally {
        for (const [i, k] of ['Tile', 'BatchMatMul'].entries()) {
          tf.unregisterGradient(k);
          tf.registerGradient(originals[i]!);
        }
      }
    });
  });

  it('Tile costs a constant number of kernels whatever the repetitions', async () => {
    await expectNoLeaksAsync(async () => {
    const x = tf.tensor([2]);
    const kernels = async (n: number): Promise<number> => {
      const info = await tf.profile(() => tf.grad((v: Tensor) => tf.sum(tf.broadcastTo(v, [n])))(x));
      tf.dispose(info.result as Tensor);
      return info.kernels.length;
    };
    const k10 = await kernels(10);
    expect(await kernels(1000)).toBe(k10);
    expect(k10).toBeLessThan(10);
    const g = tf.grad((v: Tensor) => tf.sum(tf.broadcastTo(v, [1000])))(x);
    expectClose(g, [1000]);
    tf.dispose([x, g]);
    });
  });

  it('broadcast batch matmul differentiates', () => {
    expectNoLeaks(() => {
      const a = values([2, 1, 3, 4], 1);
      const b = values([5, 4, 2], 2);
      const [ga, gb] = tf.grads((p: Tensor, q: Tensor) => tf.sum(tf.matMul(p, q)))([a, b]);
      expect(ga!.shape).toEqual([2, 1, 3, 4]);
      expect(gb!.shape).toEqual([5, 4, 2]);
      // d/da sum(a·b) = 1·bᵀ summed over broadcast: each a row gets sum_k over b's columns, summed over the 5 batch copies
      const expectA = tf.tidy(() => tf.broadcastTo(tf.reshape(tf.sum(tf.sum(b, 2), 0), [1, 1, 1, 4]), [2, 1, 3, 4]));
      expectClose(ga!, expectA.dataSync(), { rtol: 1e-5, atol: 1e-6 });
      tf.dispose([a, b, ga!, gb!, expectA]);
    });
  });
});
