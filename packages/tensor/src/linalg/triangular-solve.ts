// Triangular solves with broadcasting batch dimensions and a closed-form
// gradient.
import { tf } from '../tf.js';
import type { Tensor, TensorLike } from '../tf.js';
import { asTensor, broadcastShapes, formatShape } from '../shape.js';
import { invTriangular } from './triangular-inverse.js';
import { batchOf, bmm, customOp, flat3, matrixConst, squareArg, sumToShape } from './util.js';

export interface TriangularSolveOptions {
  /** A is upper triangular (its lower triangle is not read). Default false. */
  upper?: boolean;
  /** Solve op(A) X = B (true, default) or X op(A) = B (false). */
  left?: boolean;
  /** op(A) = Aᵀ instead of A. Default false. */
  transpose?: boolean;
  /** Take A's diagonal as ones (it is not read). Default false. */
  unitDiagonal?: boolean;
}

/**
 * Solves op(A) X = B (`left`, the default) or X op(A) = B for X, where A is
 * a (batch of) triangular matrices and op(A) is A or Aᵀ (`transpose`):
 * torch.linalg.solve_triangular(A, B, upper, left, unitriangular), plus the
 * transpose option. Only the triangle named by `upper` is read (and not
 * the diagonal with `unitDiagonal`). A is `[..., n, n]`; B is `[..., n, k]`
 * (left) or `[..., k, n]` (right); their batch dimensions broadcast.
 *
 * Computed as the inverse of A (O(log n) levels of batched matmuls, see
 * triangular-inverse.ts) times B; differentiable with the closed-form
 * gradient B̄ = op(A)⁻ᵀ X̄ (left) or X̄ op(A)⁻ᵀ (right), and Ā = the triangle
 * of −B̄ Xᵀ (left) or −Xᵀ B̄ (right), transposed when op(A) = Aᵀ.
 */
export function triangularSolve(a: Tensor | TensorLike, b: Tensor | TensorLike, options: TriangularSolveOptions = {}): Tensor {
  const { upper = false, left = true, transpose = false, unitDiagonal = false } = options;
  return tf.tidy(() => {
    const { t: A, n } = squareArg(a, 'triangularSolve', 'A');
    const B = asTensor(b);
    if (B.rank < 2) {
      throw new Error(
        `triangularSolve: B must be a matrix or a batch of matrices (rank >= 2), got shape ${formatShape(B.shape)}; ` +
          `for a vector use shape (..., n, 1) (left) or (..., 1, n) (right)`,
      );
    }
    const nb = B.shape[left ? B.rank - 2 : B.rank - 1];
    if (nb !== n) {
      throw new Error(
        `triangularSolve: A of shape ${formatShape(A.shape)} and B of shape ${formatShape(B.shape)} do not match: ` +
          `B's ${left ? 'second-to-last' : 'last'} dimension must be n = ${n} (left = ${left})`,
      );
    }
    try {
      broadcastShapes(batchOf(A.shape), batchOf(B.shape));
    } catch {
      throw new Error(`triangularSolve: the batch dimensions of A ${formatShape(A.shape)} and B ${formatShape(B.shape)} do not broadcast`);
    }
    return solveOp(upper, left, transpose, unitDiagonal)(A, B);
  });
}

/** `scale` on the triangle that a solve reads (strict with a unit diagonal), zero elsewhere. */
export function triangleMask(n: number, upper: boolean, strict: boolean, scale: number): Tensor {
  const keep = upper ? (i: number, j: number) => (strict ? j > i : j >= i) : (i: number, j: number) => (strict ? j < i : j <= i);
  return matrixConst(`mask:${upper}:${strict}:${scale}`, n, (i, j) => (keep(i, j) ? scale : 0));
}

function solveOp(upper: boolean, left: boolean, transpose: boolean, unit: boolean): (a: Tensor, b: Tensor) => Tensor {
  return customOp<[Tensor, Tensor]>(([a, b], save) => {
    const t = tf.reshape(invTriangular(flat3(a), upper, unit), a.shape);
    const x = left ? bmm(t, b, transpose, false) : bmm(b, t, false, transpose);
    save([t, x]);
    return {
      value: x,
      gradFunc: (dx: Tensor, saved: Tensor[]) => {
        const [ts, xs] = saved as [Tensor, Tensor];
        let db: Tensor;
        let da: Tensor;
        if (left) {
          db = bmm(ts, dx, !transpose, false);
          da = transpose ? bmm(xs, db, false, true) : bmm(db, xs, false, true);
        } else {
          db = bmm(dx, ts, false, !transpose);
          da = transpose ? bmm(db, xs, true, false) : bmm(xs, db, true, false);
        }
        const n = a.shape[a.rank - 1] as number;
        da = tf.mul(da, triangleMask(n, upper, unit, -1));
        return [sumToShape(da, a.shape), sumToShape(db, b.shape)];
      },
    };
  });
}
