// Forward computation of the Cholesky factor (no gradient of its own: it
// runs inside `cholesky`'s custom-gradient op).
//
// Up to LEAF columns: the right-looking column algorithm, 6 small ops per
// column (a pivot is inherently sequential: there is no stable
// logarithmic-depth Cholesky). Larger matrices: recursive 2×2 blocking,
// L11 = chol(A11), L21 = A21 L11⁻ᵀ, L22 = chol(A22 − L21 L21ᵀ), carrying
// L⁻¹ = [[L11⁻¹, 0], [−L22⁻¹ L21 L11⁻¹, L22⁻¹]] along where a parent needs
// it (every left half), so that no level needs a separate triangular solve;
// the O(n³) work goes into large matmuls. The matrix is padded with an
// identity block to s·2^j (s <= LEAF) so that every split is even.
//
// Accuracy, float32, worst of 5 matrices each (M Mᵀ + n·I, and Q Λ Qᵀ with
// cond 1e2, 1e4, 1e6): ‖L Lᵀ − A‖_F / ‖A‖_F <= 1.2e-7 for n = 4, 16 and
// 64 (max-abs: <= 3.1e-7), and ‖L − L_float64‖ / ‖L_float64‖ <= 1.8e-5 at
// cond 1e6. At n = 64 the blocked recursion is slightly more accurate than
// the column algorithm alone (1.2e-7 vs 1.7e-7). LEAF = 32 trades flops in
// the O(n³) column updates (tfjs's cpu matmul runs ~0.3 GFLOP/s) against the
// ~25 extra ops per recursion node; measured on cpu (plain Node), n = 64:
// 492 ops 3.1 ms (LEAF 16: 655 ops 2.5 ms; columns only: 388 ops 6.1 ms),
// n = 128: 1090 ops 8.0 ms (LEAF 16: 1405 ops 6.9 ms; columns only: 772 ops
// 47 ms). Backends whose ops cost more than their flops favour the larger leaf.
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import { invTriangular } from './triangular-inverse.js';
import { constF32, matrixConst, padIdentity, takePart, topLeft } from './util.js';

/** Matrices of at most this size are factored column by column. */
let LEAF = 32;

/** For measurements only: changes the leaf size of the recursion. */
export function setCholeskyLeaf(n: number): void {
  LEAF = n;
}

/**
 * Lower Cholesky factor of the symmetric positive-definite matrices `a`
 * (`[B, n, n]`, both triangles filled: see `symmetrizeLower`).
 */
export function choleskyFactor(a: Tensor): Tensor {
  const bn = a.shape[0] as number;
  const n = a.shape[1] as number;
  if (n <= LEAF) return choleskyColumns(a);
  let j = 0;
  while (Math.ceil(n / 2 ** j) > LEAF) j++;
  const s = Math.ceil(n / 2 ** j);
  const N = s * 2 ** j;
  const { l } = recurse(N > n ? padIdentity(a, bn, n, N) : a, s, false);
  return N > n ? topLeft(l, n) : l;
}

/**
 * Factor of `x` (`[B, k, k]`, k = leaf·2^j) and, when `needInverse`, its
 * inverse. The left half's inverse is always needed (for L21); the right
 * half's only when the whole inverse is.
 */
function recurse(x: Tensor, leaf: number, needInverse: boolean): { l: Tensor; linv?: Tensor } {
  const bn = x.shape[0] as number;
  const k = x.shape[1] as number;
  if (k === leaf) {
    const l = choleskyColumns(x);
    return needInverse ? { l, linv: invTriangular(l, false, false, false) } : { l };
  }
  const h = k / 2;
  const top = takePart(x, bn, 2, h * k, 0);
  const bottom = takePart(x, bn, 2, h * k, 1);
  const a11 = tf.reshape(takePart(top, bn * h, 2, h, 0), [bn, h, h]);
  const a21 = tf.reshape(takePart(bottom, bn * h, 2, h, 0), [bn, h, h]);
  const a22 = tf.reshape(takePart(bottom, bn * h, 2, h, 1), [bn, h, h]);
  const left = recurse(a11, leaf, true);
  const i11 = left.linv as Tensor;
  const l21 = tf.matMul(a21, i11, false, true);
  const right = recurse(tf.sub(a22, tf.matMul(l21, l21, false, true)), leaf, needInverse);
  const z = tf.zeros([bn, h, h]);
  const l = tf.concat([tf.concat([left.l, z], 2), tf.concat([l21, right.l], 2)], 1);
  if (!needInverse) return { l };
  const i22 = right.linv as Tensor;
  const off = tf.neg(tf.matMul(tf.matMul(i22, l21), i11));
  return { l, linv: tf.concat([tf.concat([i11, z], 2), tf.concat([off, i22], 2)], 1) };
}

/**
 * Right-looking Cholesky of symmetric `[B, n, n]`, one column per step: the
 * step reads row j of the current Schur complement (= column j, by
 * symmetry, and a contiguous slice), scales it by the rsqrt of its pivot
 * and subtracts its outer product: 6 small ops per column. Entries above
 * the diagonal of the columns (finite left-overs) never reach the lower
 * triangle and are zeroed at the end.
 */
export function choleskyColumns(a: Tensor): Tensor {
  const bn = a.shape[0] as number;
  const n = a.shape[1] as number;
  if (n === 1) return tf.sqrt(a);
  let m = a;
  const cols: Tensor[] = [];
  for (let j = 0; j < n; j++) {
    const row = takePart(m, bn, n, n, j);
    const pivot = bn === 1 ? tf.slice(row, [0, 0, j], [1, 1, 1]) : tf.matMul(row, unitColumn(n, j));
    const w = tf.matMul(row, tf.rsqrt(pivot), true, false);
    cols.push(w);
    if (j < n - 1) m = tf.sub(m, tf.matMul(w, w, false, true));
  }
  return tf.mul(tf.concat(cols, 2), matrixConst('tril', n, (i, j) => (j <= i ? 1 : 0)));
}

function unitColumn(n: number, j: number): Tensor {
  return constF32(`e:${n}:${j}`, [n, 1], () => {
    const v = new Float32Array(n);
    v[j] = 1;
    return v;
  });
}
