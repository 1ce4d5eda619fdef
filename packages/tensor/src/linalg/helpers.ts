// Batched matrix helpers with torch's semantics: transpose of the last two
// dimensions, diagonal part, diagonal embedding, triangles, identity.
// Differentiable through tfjs's own gradients; values outside the kept
// entries are never multiplied (exact zeros, NaN/Infinity do not leak).
import { tf } from '../tf.js';
import type { Tensor, TensorLike } from '../tf.js';
import { asTensor, formatShape, sizeOf } from '../shape.js';
import { batchOf, boolMask, select, swapLast } from './util.js';

function matrixArg(x: Tensor | TensorLike, fn: string): Tensor {
  const t = asTensor(x);
  if (t.rank < 2) throw new Error(`${fn}: expected a matrix or a batch of matrices (rank >= 2), got shape ${formatShape(t.shape)}`);
  return t;
}

/** Swaps the last two dimensions (torch's `x.mT` / `transpose(-2, -1)`). */
export function matrixTranspose(x: Tensor | TensorLike): Tensor {
  return tf.tidy(() => swapLast(matrixArg(x, 'matrixTranspose')));
}

/**
 * The diagonals of a batch of (possibly rectangular) matrices: `[..., m, n]`
 * to `[..., min(m, n)]` (torch's `x.diagonal(dim1=-2, dim2=-1)`).
 */
export function diagonal(x: Tensor | TensorLike): Tensor {
  return tf.tidy(() => {
    const t = matrixArg(x, 'diagonal');
    const batch = batchOf(t.shape);
    const m = t.shape[t.rank - 2] as number;
    const n = t.shape[t.rank - 1] as number;
    const k = Math.min(m, n);
    const b = sizeOf(batch);
    // Element (i, i) sits at i·(n+1) of the flattened matrix: view the first
    // k·(n+1) entries (zero-padded when m <= n) as k rows of n+1 and take
    // their first column.
    let flat = tf.reshape(t, [b, m * n]);
    const len = k * (n + 1);
    flat = m * n >= len ? tf.slice(flat, [0, 0], [b, len]) : tf.concat([flat, tf.zeros([b, len - m * n])], 1);
    const col = tf.slice(tf.reshape(flat, [b, k, n + 1]), [0, 0, 0], [b, k, 1]);
    return tf.reshape(col, [...batch, k]);
  });
}

/**
 * Square matrices with `v` on the diagonal and zeros elsewhere: `[..., n]`
 * to `[..., n, n]` (torch's `torch.diag_embed`).
 */
export function diagEmbed(v: Tensor | TensorLike): Tensor {
  return tf.tidy(() => {
    const t = asTensor(v);
    if (t.rank < 1) throw new Error(`diagEmbed: expected a vector or a batch of vectors (rank >= 1), got shape ${formatShape(t.shape)}`);
    const batch = t.shape.slice(0, -1);
    const n = t.shape[t.rank - 1] as number;
    const b = sizeOf(batch);
    // Rows [v_i, 0 × n] laid end to end put v_i at i·(n+1); the first n²
    // entries are the matrix.
    const rows = tf.concat([tf.reshape(t, [b, n, 1]), tf.zeros([b, n, n])], 2);
    const flat = tf.slice(tf.reshape(rows, [b, n * (n + 1)]), [0, 0], [b, n * n]);
    return tf.reshape(flat, [...batch, n, n]);
  });
}

function triangle(x: Tensor | TensorLike, k: number, fn: string, keep: (i: number, j: number) => boolean): Tensor {
  if (!Number.isInteger(k)) throw new Error(`${fn}: the diagonal offset k must be an integer, got ${k}`);
  return tf.tidy(() => {
    const t = matrixArg(x, fn);
    const m = t.shape[t.rank - 2] as number;
    const n = t.shape[t.rank - 1] as number;
    const b = sizeOf(batchOf(t.shape));
    const t3 = tf.reshape(t, [b, m, n]);
    const out = select(boolMask(`${fn}${k}`, b, m, n, keep), t3, tf.zeros([b, m, n]));
    return tf.reshape(out, t.shape);
  });
}

/**
 * The lower triangle of a batch of matrices: entries (i, j) with j − i <= k
 * kept, the others zero (torch's `torch.tril(x, k)`).
 */
export function tril(x: Tensor | TensorLike, k = 0): Tensor {
  return triangle(x, k, 'tril', (i, j) => j - i <= k);
}

/**
 * The upper triangle of a batch of matrices: entries (i, j) with j − i >= k
 * kept, the others zero (torch's `torch.triu(x, k)`).
 */
export function triu(x: Tensor | TensorLike, k = 0): Tensor {
  return triangle(x, k, 'triu', (i, j) => j - i >= k);
}

/** The n×n identity, repeated over `batch` (shape `[...batch, n, n]`). */
export function eye(n: number, batch: readonly number[] = []): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new Error(`eye: n must be a non-negative integer, got ${n}`);
  const b = sizeOf(batch);
  const v = new Float32Array(b * n * n);
  for (let r = 0; r < b; r++) for (let i = 0; i < n; i++) v[r * n * n + i * (n + 1)] = 1;
  return tf.tensor(v, [...batch, n, n], 'float32');
}
