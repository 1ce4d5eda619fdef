// Cholesky factorization with the closed-form gradient.
import { tf } from '../tf.js';
import type { Tensor, TensorLike } from '../tf.js';
import { choleskyFactor } from './cholesky-factor.js';
import { invTriangular } from './triangular-inverse.js';
import { customOp, flat3, matrixConst, squareArg, symmetrizeLower } from './util.js';

/**
 * The lower Cholesky factor L (L Lᵀ = A) of a symmetric positive-definite
 * matrix or batch of them, `[..., n, n]` (torch.linalg.cholesky). Only the
 * lower triangle of A is read. Where a matrix is not positive definite (a
 * pivot <= 0) its factor holds NaN instead of raising: detecting it would
 * need a read-back from the device (like torch.linalg.cholesky_ex, the
 * caller checks, e.g. with `tf.isNaN`). A non-square input throws.
 *
 * Differentiable with the closed-form gradient of Murray (2016),
 * Ā = ½ L⁻ᵀ (Φ(Lᵀ L̄) + Φ(Lᵀ L̄)ᵀ) L⁻¹ with Φ = lower triangle with half
 * the diagonal: the symmetric gradient, as torch returns it.
 */
export function cholesky(a: Tensor | TensorLike): Tensor {
  return tf.tidy(() => {
    const { t } = squareArg(a, 'cholesky');
    return choleskyOp(t);
  });
}

const choleskyOp = customOp<[Tensor]>(([a], save) => {
  const l = tf.reshape(choleskyFactor(symmetrizeLower(flat3(a))), a.shape);
  save([l]);
  return { value: l, gradFunc: (dl: Tensor, saved: Tensor[]) => choleskyBackward(saved[0] as Tensor, dl) };
});

/** Ā of `cholesky` given L and L̄ (any shape `[..., n, n]`). */
export function choleskyBackward(l: Tensor, dl: Tensor): Tensor {
  const n = l.shape[l.rank - 1] as number;
  const lf = flat3(l);
  const linv = invTriangular(lf, false, false, false);
  // Ψ = Lᵀ L̄ weighted ½ below the diagonal, ¼ on it, 0 above: Ψ + Ψᵀ = ½ (Φ + Φᵀ).
  const psi = tf.mul(tf.matMul(lf, flat3(dl), true, false), matrixConst('chol-grad', n, (i, j) => (j < i ? 0.5 : j === i ? 0.25 : 0)));
  const s = tf.add(psi, tf.transpose(psi, [0, 2, 1]));
  return tf.reshape(tf.matMul(tf.matMul(linv, s, true, false), linv), l.shape);
}
