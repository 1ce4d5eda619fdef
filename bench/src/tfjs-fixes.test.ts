// The bench's replacement gradients (Tile, BatchMatMul) give tfjs's own
// gradients: computed first with tfjs's registrations, then with ours.
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { mulberry32 } from './data.js';
import { installFastTileGrad, installMatMulGradWithoutTransposeFlags } from './tfjs-fixes.js';

function values(shape: number[], seed: number): Tensor {
  const r = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, () => 2 * r() - 1), shape);
}

type Case = { name: string; f: (xs: Tensor[]) => Tensor; shapes: number[][] };
const cases: Case[] = [
  { name: 'broadcastTo [1] → [7]', f: ([x]) => tf.broadcastTo(x as Tensor, [7]), shapes: [[1]] },
  { name: 'tile [2,3] × [3,2]', f: ([x]) => tf.tile(x as Tensor, [3, 2]), shapes: [[2, 3]] },
  { name: 'tile [2,1,3] × [2,4,1]', f: ([x]) => tf.tile(x as Tensor, [2, 4, 1]), shapes: [[2, 1, 3]] },
  { name: 'matMul a·b', f: ([a, b]) => tf.matMul(a as Tensor, b as Tensor), shapes: [[3, 4], [4, 5]] },
  { name: 'matMul a·bᵀ', f: ([a, b]) => tf.matMul(a as Tensor, b as Tensor, false, true), shapes: [[3, 4], [5, 4]] },
  { name: 'matMul aᵀ·b', f: ([a, b]) => tf.matMul(a as Tensor, b as Tensor, true, false), shapes: [[4, 3], [4, 5]] },
  { name: 'matMul aᵀ·bᵀ', f: ([a, b]) => tf.matMul(a as Tensor, b as Tensor, true, true), shapes: [[4, 3], [5, 4]] },
  { name: 'batched matMul aᵀ·b', f: ([a, b]) => tf.matMul(a as Tensor, b as Tensor, true, false), shapes: [[2, 4, 3], [2, 4, 5]] },
  // (tfjs 4.22's own gradient fails on broadcast batch dims, so they are not compared here)
];

/** Gradients of sum(f(xs) * w) for a fixed weight w, as plain arrays. */
function grads(c: Case): number[][] {
  return tf.tidy(() => {
    const xs = c.shapes.map((s, i) => values(s, 10 + i));
    const w = values(c.f(xs).shape, 99);
    const g = tf.grads((...ys: Tensor[]) => tf.sum(tf.mul(c.f(ys), w)));
    return g(xs).map((t) => Array.from(t.dataSync()));
  });
}

describe('bench tfjs gradient fixes', () => {
  beforeAll(useCpuForTests);

  it('give the same gradients as tfjs', () => {
    expectNoLeaks(() => {
      const before = cases.map(grads);
      installFastTileGrad();
      installMatMulGradWithoutTransposeFlags();
      const after = cases.map(grads);
      cases.forEach((c, i) => {
        const b = before[i] as number[][];
        const a = after[i] as number[][];
        expect(a.length).toBe(b.length);
        // float32 sums in a different order: 1e-5 relative
        b.forEach((g, j) => expectClose(a[j] as number[], g, { rtol: 1e-5, atol: 1e-6 }, `${c.name} input ${j}`));
      });
    });
  });
});
