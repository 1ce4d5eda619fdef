import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import { expectClose, expectNoLeaks, linalgConformanceChecks, useCpuForTests } from '../testing/index.js';
import {
  batchMahalanobis,
  cholesky,
  choleskyInverse,
  choleskySolve,
  diagEmbed,
  diagonal,
  eye,
  inversePD,
  logdetFromCholesky,
  matrixTranspose,
  triangularSolve,
  tril,
  triu,
} from './index.js';

beforeAll(useCpuForTests);

describe('linalg conformance checks (cpu)', () => {
  it.each(linalgConformanceChecks().map((c) => [c.name, c] as const))('%s', (_name, c) => {
    c.run();
  });
});

describe('errors and edge cases', () => {
  it('rejects non-square and low-rank inputs with the shape in the message', () => {
    expectNoLeaks(() => tf.tidy(() => {
      expect(() => cholesky(tf.zeros([2, 3]))).toThrow('cholesky: input must be a batch of square matrices, got shape (2, 3)');
      expect(() => cholesky([1, 2])).toThrow('rank >= 2), got shape (2,)');
      expect(() => inversePD(tf.zeros([4, 2, 3]))).toThrow('(4, 2, 3)');
      expect(() => triangularSolve(tf.eye(3), tf.ones([3]))).toThrow('B must be a matrix or a batch of matrices (rank >= 2), got shape (3,)');
      expect(() => triangularSolve(tf.eye(3), tf.ones([2, 2]))).toThrow("B's second-to-last dimension must be n = 3 (left = true)");
      expect(() => triangularSolve(tf.eye(3), tf.ones([3, 2]), { left: false })).toThrow("B's last dimension must be n = 3 (left = false)");
      expect(() => triangularSolve(tf.zeros([2, 3, 3]), tf.ones([4, 3, 1]))).toThrow('batch dimensions of A (2, 3, 3) and B (4, 3, 1) do not broadcast');
      expect(() => choleskySolve(tf.ones([2, 1]), tf.eye(3))).toThrow('B must have shape (..., 3, k)');
      expect(() => batchMahalanobis(tf.eye(3), tf.ones([2]))).toThrow('x must have shape (..., 3)');
      expect(() => batchMahalanobis(tf.zeros([2, 3, 3]), tf.ones([4, 3]))).toThrow('do not broadcast');
      expect(() => tril(tf.ones([3]))).toThrow('tril: expected a matrix');
      expect(() => tril(tf.ones([2, 2]), 0.5)).toThrow('must be an integer');
      expect(() => diagEmbed(tf.scalar(1))).toThrow('rank >= 1');
    }));
  });

  it('gives NaN (not an error) for matrices that are not positive definite, batch entries independent', () => {
    expectNoLeaks(() => {
      tf.tidy(() => {
        const l = cholesky([[[4, 2], [2, 10]], [[1, 2], [2, 1]]]);
        const v = l.dataSync();
        expectClose(v.slice(0, 4), [2, 0, 1, 3], { rtol: 1e-6 });
        expect(Number.isNaN(v[7])).toBe(true); // the second pivot of [[1,2],[2,1]] is -3
        expect(Array.from(logdetFromCholesky(l).dataSync()).map(Number.isNaN)).toEqual([false, true]);
      });
    });
  });

  it('ignores the other triangle, including NaN, in every triangular input', () => {
    expectNoLeaks(() => {
      tf.tidy(() => {
        const low = tf.tensor([[2, NaN], [1, 3]]);
        const up = tf.tensor([[2, 1], [NaN, 3]]);
        const b = tf.tensor([[2], [4]]);
        expectClose(triangularSolve(low, b), [1, 1]);
        expectClose(triangularSolve(up, b, { upper: true }), [1 / 3, 4 / 3]);
        expectClose(choleskySolve(b, low), triangularSolve(low, triangularSolve(low, b), { transpose: true }));
        expectClose(choleskyInverse(low), inversePD([[4, NaN], [2, 10]]));
        expectClose(batchMahalanobis(low, [1, 1]), 0.25 + (1 - 0.5) ** 2 / 9);
      });
    });
  });

  it('accepts nested arrays and keeps batch shapes', () => {
    expectNoLeaks(() => {
      tf.tidy(() => {
        expect(cholesky([[[1]]]).shape).toEqual([1, 1, 1]);
        expect(triangularSolve(tf.eye(2, 2, [3]), tf.ones([2, 1])).shape).toEqual([3, 2, 1]);
        expect(diagonal(tf.ones([4, 2, 5, 3])).shape).toEqual([4, 2, 3]);
        expect(diagEmbed(tf.ones([4, 2])).shape).toEqual([4, 2, 2]);
        expect(matrixTranspose(tf.ones([2, 3, 4])).shape).toEqual([2, 4, 3]);
        expect(triu(tf.ones([2, 3, 3])).shape).toEqual([2, 3, 3]);
        expect(eye(3).shape).toEqual([3, 3]);
        expect(logdetFromCholesky(tf.eye(2, 2, [5])).shape).toEqual([5]);
        expect(batchMahalanobis(tf.eye(2), tf.ones([3, 1, 2])).shape).toEqual([3, 1]);
      });
    });
  });

  it('gradients flow to broadcast inputs with their own shapes', () => {
    expectNoLeaks(() => {
      tf.tidy(() => {
        const a = tf.tensor([[2, 0], [1, 3]]);
        const b = tf.ones([4, 2, 1]);
        const [ga, gb] = tf.grads((x: Tensor, y: Tensor) => tf.sum(triangularSolve(x, y)))([a, b]);
        expect(ga?.shape).toEqual([2, 2]);
        expect(gb?.shape).toEqual([4, 2, 1]);
        // upper triangle of dA is zero: A's upper triangle is not read
        expect(ga?.dataSync()[1]).toBe(0);
      });
    });
  });
});
