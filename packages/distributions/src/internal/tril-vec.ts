// torch.distributions.utils' vec_to_tril_matrix / tril_matrix_to_vec: the
// entries of a (strictly) lower triangle in row-major order, as a vector.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';

/** Flat (row-major) positions (i, j) of an n×n matrix with j - i <= diag, i.e. j < i + diag + 1. */
function trilPositions(n: number, diag: number): number[] {
  const pos: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (j < i + diag + 1) pos.push(i * n + j);
  return pos;
}

/** Size n of the matrix whose `diag`-triangle holds `len` entries (torch's formula). */
export function trilSizeFor(len: number, diag: number): number {
  const a = 1 + 2 * diag;
  const n = (-a + Math.sqrt(a * a + 8 * len + 4 * Math.abs(diag) * (diag + 1))) / 2;
  const r = Math.round(n);
  if (Math.abs(r - n) > 1e-6) throw new Error(`The size of last dimension is ${len} which cannot be expressed as the lower triangular part of a square D x D matrix.`);
  return r;
}

/** Vector in the last dim → matrix with those entries in its `diag`-lower triangle and zeros elsewhere. */
export function vecToTrilMatrix(vec: Tensor, diag = 0): Tensor {
  const len = vec.shape[vec.rank - 1] as number;
  const n = trilSizeFor(len, diag);
  const pos = trilPositions(n, diag);
  const index = new Int32Array(n * n).fill(len); // `len` points at an appended zero
  pos.forEach((p, k) => (index[p] = k));
  const batch = vec.shape.slice(0, -1);
  const padded = tf.concat([vec, tf.zeros([...batch, 1])], -1);
  const flat = tf.gather(padded, tf.tensor1d(index, 'int32'), vec.rank - 1);
  return tf.reshape(flat, [...batch, n, n]);
}

/** Matrix (last two dims) → vector of the entries of its `diag`-lower triangle, row-major. */
export function trilMatrixToVec(mat: Tensor, diag = 0): Tensor {
  const n = mat.shape[mat.rank - 1] as number;
  const batch = mat.shape.slice(0, -2);
  const flat = tf.reshape(mat, [...batch, n * n]);
  return tf.gather(flat, tf.tensor1d(trilPositions(n, diag), 'int32'), batch.length);
}
