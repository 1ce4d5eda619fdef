// Solves, inverses and log-determinants from Cholesky factors, with
// closed-form gradients.
import { tf } from '../tf.js';
import type { Tensor, TensorLike } from '../tf.js';
import { asTensor, broadcastShapes, formatShape } from '../shape.js';
import { choleskyFactor } from './cholesky-factor.js';
import { invTriangular } from './triangular-inverse.js';
import { triangleMask } from './triangular-solve.js';
import { batchOf, bmm, boolMask, customOp, flat3, keepTriangle, matrixConst, select, squareArg, sumToShape, swapLast, symmetrizeLower } from './util.js';

/**
 * Solves A X = B given the lower Cholesky factor L of A (A = L Lᵀ):
 * torch.cholesky_solve(B, L). B is `[..., n, k]`, L `[..., n, n]` (lower
 * triangle read); batch dimensions broadcast. Differentiable: B̄ = A⁻¹ X̄ and
 * L̄ = −tril((B̄ Xᵀ + X B̄ᵀ) L) (torch leaves the upper triangle of L̄ filled;
 * here it is zero, since the upper triangle of L is not read).
 */
export function choleskySolve(b: Tensor | TensorLike, l: Tensor | TensorLike): Tensor {
  return tf.tidy(() => {
    const { t: L, n } = squareArg(l, 'choleskySolve', 'L');
    const B = asTensor(b);
    if (B.rank < 2 || B.shape[B.rank - 2] !== n) {
      throw new Error(`choleskySolve: B must have shape (..., ${n}, k) to match L of shape ${formatShape(L.shape)}, got ${formatShape(B.shape)}`);
    }
    try {
      broadcastShapes(batchOf(B.shape), batchOf(L.shape));
    } catch {
      throw new Error(`choleskySolve: the batch dimensions of B ${formatShape(B.shape)} and L ${formatShape(L.shape)} do not broadcast`);
    }
    return choleskySolveOp(B, L);
  });
}

const choleskySolveOp = customOp<[Tensor, Tensor]>(([b, l], save) => {
  const lf = keepTriangle(flat3(l), false);
  const lc = tf.reshape(lf, l.shape);
  const t = tf.reshape(invTriangular(lf, false, false, false), l.shape);
  const x = bmm(t, bmm(t, b), true, false);
  save([t, x, lc]);
  return {
    value: x,
    gradFunc: (dx: Tensor, saved: Tensor[]) => {
      const [ts, xs, ls] = saved as [Tensor, Tensor, Tensor];
      const db = bmm(ts, bmm(ts, dx), true, false);
      const g = bmm(db, xs, false, true);
      const n = l.shape[l.rank - 1] as number;
      const dl = tf.mul(bmm(tf.add(g, swapLast(g)), ls), triangleMask(n, false, false, -1));
      return [sumToShape(db, b.shape), sumToShape(dl, l.shape)];
    },
  };
});

/**
 * A⁻¹ = L⁻ᵀ L⁻¹ given the lower Cholesky factor L of A (lower triangle read):
 * torch.cholesky_inverse(L). Differentiable: L̄ = −tril(A⁻¹ (Ȳ + Ȳᵀ) A⁻¹ L).
 */
export function choleskyInverse(l: Tensor | TensorLike): Tensor {
  return tf.tidy(() => choleskyInverseOp(squareArg(l, 'choleskyInverse', 'L').t));
}

const choleskyInverseOp = customOp<[Tensor]>(([l], save) => {
  const lc = keepTriangle(flat3(l), false);
  const t = invTriangular(lc, false, false, false);
  const y = tf.matMul(t, t, true, false);
  save([y, lc]);
  return {
    value: tf.reshape(y, l.shape),
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const [ys, ls] = saved as [Tensor, Tensor];
      const d = flat3(dy);
      const q = tf.add(d, tf.transpose(d, [0, 2, 1]));
      const n = l.shape[l.rank - 1] as number;
      const dl = tf.mul(tf.matMul(tf.matMul(tf.matMul(ys, q), ys), ls), triangleMask(n, false, false, -1));
      return [tf.reshape(dl, l.shape)];
    },
  };
});

/**
 * The inverse of symmetric positive-definite matrices `[..., n, n]` through
 * their Cholesky factor (lower triangle read; NaN where not positive
 * definite). Differentiable with the symmetric gradient Ā = −A⁻¹ sym(Ȳ) A⁻¹.
 */
export function inversePD(a: Tensor | TensorLike): Tensor {
  return tf.tidy(() => inversePDOp(squareArg(a, 'inversePD').t));
}

const inversePDOp = customOp<[Tensor]>(([a], save) => {
  const t = invTriangular(choleskyFactor(symmetrizeLower(flat3(a))), false, false, false);
  const y = tf.matMul(t, t, true, false);
  save([y]);
  return {
    value: tf.reshape(y, a.shape),
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const ys = saved[0] as Tensor;
      const d = flat3(dy);
      const q = tf.mul(tf.add(d, tf.transpose(d, [0, 2, 1])), -0.5);
      return [tf.reshape(tf.matMul(tf.matMul(ys, q), ys), a.shape)];
    },
  };
});

/**
 * log det A = 2 Σ log diag(L) from the Cholesky factor L of A, batched:
 * `[..., n, n]` to `[...]`. Only the diagonal of L is read; L̄ is
 * diagonal, 2 ḡ / L_ii.
 */
export function logdetFromCholesky(l: Tensor | TensorLike): Tensor {
  return tf.tidy(() => logdetOp(squareArg(l, 'logdetFromCholesky', 'L').t));
}

const logdetOp = customOp<[Tensor]>(([l], save) => {
  const n = l.shape[l.rank - 1] as number;
  const lf = flat3(l);
  const bn = lf.shape[0] as number;
  const onDiagonal = select(boolMask('eye', bn, n, n, (i, j) => i === j), lf, tf.zeros(lf.shape));
  const d = tf.reshape(tf.sum(onDiagonal, -1), l.shape.slice(0, -1));
  save([d]);
  return {
    value: tf.mul(tf.sum(tf.log(d), -1), 2),
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const ds = saved[0] as Tensor;
      // diag(2 ḡ / d): the row ḡ·(2/d) repeated down n rows, masked by I.
      const row = tf.matMul(tf.reshape(dy, [-1, 1, 1]), tf.reshape(tf.div(2, ds), [-1, 1, n]));
      const full = tf.mul(tf.matMul(tf.ones([n, 1]), row), matrixConst('eye', n, (i, j) => (i === j ? 1 : 0)));
      return [tf.reshape(full, l.shape)];
    },
  };
});
