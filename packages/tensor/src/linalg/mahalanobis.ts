// Squared Mahalanobis distance from a Cholesky factor (Pyro's
// `_batch_mahalanobis`), solving for all vectors that share a factor at once.
import { tf } from '../tf.js';
import type { Tensor, TensorLike } from '../tf.js';
import { asTensor, broadcastShapes, formatShape, shapesEqual, sizeOf } from '../shape.js';
import { squareArg } from './util.js';
import { triangularSolve } from './triangular-solve.js';

/**
 * xᵀ (L Lᵀ)⁻¹ x = |L⁻¹ x|² for a lower Cholesky factor L (`[..., n, n]`,
 * lower triangle read) and vectors x (`[..., n]`); the batch dimensions
 * broadcast and the result has their broadcast shape. As Pyro's
 * `_batch_mahalanobis`, the vectors of x's extra batch dimensions are
 * gathered as columns so that each distinct factor is inverted once.
 * Differentiable in L and x.
 */
export function batchMahalanobis(l: Tensor | TensorLike, x: Tensor | TensorLike): Tensor {
  return tf.tidy(() => {
    const { t: L, n } = squareArg(l, 'batchMahalanobis', 'L');
    let X = asTensor(x);
    if (X.rank < 1 || X.shape[X.rank - 1] !== n) {
      throw new Error(`batchMahalanobis: x must have shape (..., ${n}) to match L of shape ${formatShape(L.shape)}, got ${formatShape(X.shape)}`);
    }
    const bL = L.shape.slice(0, -2);
    let batch: number[];
    try {
      batch = broadcastShapes(bL, X.shape.slice(0, -1));
    } catch {
      throw new Error(`batchMahalanobis: the batch dimensions of L ${formatShape(L.shape)} and x ${formatShape(X.shape)} do not broadcast`);
    }
    if (!shapesEqual(X.shape.slice(0, -1), batch)) X = tf.broadcastTo(X, [...batch, n]);
    // x's batch is (outer..., then one dim per L batch dim). Split each of
    // those into (size / L's size, L's size), move the L-sized parts last:
    // x becomes [c, b, n] with b = size of L's batch, then [b, c, n].
    const outer = batch.length - bL.length;
    const split: number[] = batch.slice(0, outer);
    for (let i = 0; i < bL.length; i++) split.push((batch[outer + i] as number) / (bL[i] as number), bL[i] as number);
    const r = split.length;
    const perm: number[] = [];
    for (let i = 0; i < outer; i++) perm.push(i);
    for (let i = 0; i < bL.length; i++) perm.push(outer + 2 * i);
    for (let i = 0; i < bL.length; i++) perm.push(outer + 2 * i + 1);
    const b = sizeOf(bL);
    const c = sizeOf(batch) / b;
    let xs = tf.reshape(X, [...split, n]);
    if (!isIdentity(perm)) xs = tf.transpose(xs, [...perm, r]);
    xs = tf.reshape(xs, [c, b, n]);
    if (b > 1 && c > 1) xs = tf.transpose(xs, [1, 0, 2]);
    // Rows y of [b, c, n] with y Lᵀ = x, i.e. y = L⁻¹ x per row.
    const y = triangularSolve(tf.reshape(L, [b, n, n]), tf.reshape(xs, [b, c, n]), { left: false, transpose: true });
    // |y|² per row as b·c tiny matmuls: differentiable without a broadcast
    // multiply (which tfjs's cpu backend runs one element at a time).
    const y3 = tf.reshape(y, [b * c, 1, n]);
    let m = tf.reshape(tf.matMul(y3, y3, false, true), [b, c]);
    if (b > 1 && c > 1) m = tf.transpose(m, [1, 0]);
    // Undo: [c, b] -> permuted split shape -> split shape -> batch.
    m = tf.reshape(m, perm.map((p) => split[p] as number));
    if (!isIdentity(perm)) m = tf.transpose(m, inversePerm(perm));
    return tf.reshape(m, batch);
  });
}

function isIdentity(perm: number[]): boolean {
  return perm.every((p, i) => p === i);
}

function inversePerm(perm: number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}
