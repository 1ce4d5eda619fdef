// TEMPORARY LOCAL SHIM — to be replaced by the functions of the same names
// from @pyro-ts/tensor (packages/tensor/src/special and src/linalg) as soon
// as they land. Nothing here is exported from the package. Plain tfjs ops,
// each meant to be called inside a tf.tidy.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';

/** log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)). */
export function softplus(x: Tensor): Tensor {
  return tf.add(tf.relu(x), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
}

export function logsigmoid(x: Tensor): Tensor {
  return tf.neg(softplus(tf.neg(x)));
}

export function sigmoid(x: Tensor): Tensor {
  return tf.sigmoid(x);
}

export function log1p(x: Tensor): Tensor {
  return tf.log1p(x);
}

export function expm1(x: Tensor): Tensor {
  return tf.expm1(x);
}

/** Identity matrix n×n. */
export function eye(n: number): Tensor {
  return tf.eye(n);
}

/** Mask with ones where col - row <= k. */
function trilMask(n: number, m: number, k: number): Tensor {
  const v = new Float32Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) v[i * m + j] = j - i <= k ? 1 : 0;
  return tf.tensor2d(v, [n, m]);
}

/** Lower triangle (entries with col - row <= k), differentiable. */
export function tril(x: Tensor, k = 0): Tensor {
  const n = x.shape[x.rank - 2] as number;
  const m = x.shape[x.rank - 1] as number;
  return tf.mul(x, trilMask(n, m, k));
}

/** Swaps the last two dimensions. */
export function matrixTranspose(x: Tensor): Tensor {
  const perm = [...Array(x.rank).keys()];
  perm[x.rank - 1] = x.rank - 2;
  perm[x.rank - 2] = x.rank - 1;
  return tf.transpose(x, perm);
}

/** Diagonal of the last two dimensions (square matrices). */
export function diagonal(x: Tensor): Tensor {
  const n = x.shape[x.rank - 1] as number;
  return tf.sum(tf.mul(x, tf.eye(n)), -1);
}

/** Vector in the last dimension → diagonal matrix in the last two. */
export function diagEmbed(d: Tensor): Tensor {
  const n = d.shape[d.rank - 1] as number;
  return tf.mul(tf.expandDims(d, -1), tf.eye(n));
}

/**
 * Lower Cholesky factor of the last two dimensions (reads only the lower
 * triangle); NaN entries where a matrix is not positive definite.
 */
export function cholesky(a: Tensor): Tensor {
  const n = a.shape[a.rank - 1] as number;
  const batch = a.shape.slice(0, a.rank - 2);
  const cols: Tensor[][] = []; // cols[j][i] = L[i][j], shape batch
  const entry = (i: number, j: number): Tensor => {
    const begin = [...batch.map(() => 0), i, j];
    const size = [...batch.map(() => -1), 1, 1];
    return tf.reshape(tf.slice(a, begin, size), batch);
  };
  for (let j = 0; j < n; j++) {
    cols.push([]);
    let d = entry(j, j);
    for (let k = 0; k < j; k++) d = tf.sub(d, tf.square(cols[k]![j]!));
    const ljj = tf.sqrt(d);
    for (let i = 0; i < n; i++) {
      if (i < j) cols[j]!.push(tf.zeros(batch));
      else if (i === j) cols[j]!.push(ljj);
      else {
        let s = entry(i, j);
        for (let k = 0; k < j; k++) s = tf.sub(s, tf.mul(cols[k]![i]!, cols[k]![j]!));
        cols[j]!.push(tf.div(s, ljj));
      }
    }
  }
  const rows = [...Array(n).keys()].map((i) => tf.stack(cols.map((c) => c[i]!), -1));
  return tf.stack(rows, -2);
}

/** Solves L X = B for lower-triangular L (last two dims), by forward substitution. */
export function triangularSolveLower(l: Tensor, b: Tensor): Tensor {
  const n = l.shape[l.rank - 1] as number;
  const rowsB = tf.unstack(b, b.rank - 2); // each [..., k]
  const lRows = tf.unstack(l, l.rank - 2); // each [..., n]
  const xs: Tensor[] = [];
  for (let i = 0; i < n; i++) {
    const li = tf.unstack(lRows[i]!, lRows[i]!.rank - 1); // each [...]
    let s = rowsB[i]!;
    for (let k = 0; k < i; k++) s = tf.sub(s, tf.mul(tf.expandDims(li[k]!, -1), xs[k]!));
    xs.push(tf.div(s, tf.expandDims(li[i]!, -1)));
  }
  return tf.stack(xs, b.rank - 2);
}
