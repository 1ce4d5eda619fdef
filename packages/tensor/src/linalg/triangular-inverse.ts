// Inverse of a batch of triangular matrices in O(log n) levels of batched
// matrix products (no gradient of its own: it runs inside the
// custom-gradient ops).
//
// Blocks of at most SMALL = 8 rows are inverted directly by a Neumann
// product (see `invSmall`: 6 to 12 ops for the whole batch). Larger
// matrices are padded with an identity block to N = s·2^j (s <= 8) and
// split j times: a first pass goes down the levels, splitting the diagonal
// blocks of size k (a batch of N/k per matrix) into their two diagonal
// halves, which form the next level's batch, and their off-diagonal half C,
// kept for the way up. The way up starts from the inverses of the s×s
// blocks; at each level the inverses P⁻¹, Q⁻¹ of the two halves of every
// block give the block's inverse, [[P, 0], [C, Q]]⁻¹ =
// [[P⁻¹, 0], [−Q⁻¹ C P⁻¹, Q⁻¹]] (lower) or [[P, C], [0, Q]]⁻¹ =
// [[P⁻¹, −P⁻¹ C Q⁻¹], [0, Q⁻¹]] (upper), for all blocks of the level in two
// batched matmuls. Each level's batch is [all P blocks, all Q blocks] (the
// batch matrices' order is kept inside each half), so splitting it is a
// contiguous slice; otherwise only `takePart` selections and concats move
// data. About 17 ops per level: a whole solve takes 10 ops at n = 2, 16 at
// n = 8, 52 at n = 32, 86 at n = 128.
//
// Why an inverse rather than substitution: substitution takes n sequential
// steps of ~8 tiny ops (n = 8: 61 ops, n = 128: 1021). Accuracy, float32,
// against float64 substitution, with k = 4 right-hand sides (relative
// forward error ‖X − X64‖/‖X64‖ / backward error ‖B − L X‖/(‖L‖ ‖X‖)):
//   L                              n    inverse           float32 substitution
//   chol of A with cond(A) = 1e6   16   2.3e-7 / 8.5e-10  1.1e-7 / 2.4e-10
//                                 128   1.3e-7 / 3.0e-10  1.2e-7 / 1.3e-10
//   chol of A with cond(A) = 1e8   64   1.8e-7 / 7.9e-11  1.2e-7 / 2.2e-11
//                                 128   2.0e-7 / 7.2e-11  1.4e-7 / 2.0e-11
//   random, cond(L) up to 1e10     64   7.9e-7 / 6.3e-9   2.7e-7 / 1.7e-9
//                                 128   2.6e-7 / 2.8e-9   2.6e-7 / 8.1e-10
// and for the inverse itself at small n (worst of 20 random lower-triangular
// matrices; Neumann / blocked / substitution): n = 4, cond 6e3: 2.6e-7 /
// 1.2e-7 / 1.8e-7; n = 8, cond 2e7: 6.6e-7 / 2.8e-7 / 2.7e-7. So within 3x
// of substitution for factors of SPD matrices that float32 can factor;
// only far beyond that (cond(L) ~ 1e12, n = 16) do the inverses lose
// 15–50x. One step of iterative refinement, X += T (B − op(A) X) (4 more
// ops), would beat substitution (3e-8 to 9e-8 forward); we do not refine.
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import { boolMask, keepTriangle, matrixConst, padIdentity, select, takePart, topLeft } from './util.js';

/** Blocks of at most this size are inverted by the Neumann product. */
let SMALL = 8;

/** For measurements only: changes the largest block inverted by the Neumann product. */
export function setNeumannMax(n: number): void {
  SMALL = n;
}

/**
 * The inverses of the triangular matrices `a` (`[B, n, n]`): lower, or upper
 * with `upper`. Only that triangle is read (`clean = false`: the caller
 * promises the other triangle holds finite values, e.g. zeros, and saves an
 * op). `unit`: the diagonal is taken as ones (and not read).
 */
export function invTriangular(a: Tensor, upper: boolean, unit: boolean, clean = true): Tensor {
  const bn = a.shape[0] as number;
  const n = a.shape[1] as number;
  if (n <= SMALL) return invSmall(a, upper, unit);
  let levels = 0;
  while (Math.ceil(n / 2 ** levels) > SMALL) levels++;
  const s = Math.ceil(n / 2 ** levels);
  const N = s * 2 ** levels;
  const ac = clean ? keepTriangle(a, upper, unit) : a;
  let x = N > n ? padIdentity(ac, bn, n, N) : ac;
  // Down: x holds the diagonal k×k blocks, g of them, as [g, k, k] (or the
  // same rows in another shape); the next level's batch is [all upper-left
  // halves, all lower-right halves].
  const cs: Tensor[] = [];
  let g = bn;
  for (let k = N; k > s; k /= 2) {
    const h = k / 2;
    const rows = g === 1 ? tf.reshape(x, [2, h * k]) : tf.reshape(x, [g, 2, h * k]);
    const top = tf.reshape(takePart(rows, g, 2, h * k, 0), [g * h, 2, h]);
    const bottom = tf.reshape(takePart(rows, g, 2, h * k, 1), [g * h, 2, h]);
    const x11 = takePart(top, g * h, 2, h, 0);
    const x22 = takePart(bottom, g * h, 2, h, 1);
    const c = upper ? takePart(top, g * h, 2, h, 1, -1) : takePart(bottom, g * h, 2, h, 0, -1);
    cs.push(tf.reshape(c, [g, h, h]));
    x = tf.concat([x11, x22], 0);
    g *= 2;
  }
  // Up: d holds the inverses of the diagonal h×h blocks, ordered as on the
  // way down, so the two halves of each block are the two halves of d.
  let d = invSmall(tf.reshape(x, [g, s, s]), upper, unit);
  for (let h = s; h < N; h *= 2) {
    g /= 2;
    const c = cs.pop() as Tensor;
    const p = tf.slice(d, [0, 0, 0], [g, h, h]);
    const q = tf.slice(d, [g, 0, 0], [g, h, h]);
    const z = tf.zeros([g, h, h]);
    if (upper) {
      const off = tf.matMul(tf.matMul(p, c), q);
      d = tf.concat([tf.concat([p, off], 2), tf.concat([z, q], 2)], 1);
    } else {
      const off = tf.matMul(tf.matMul(q, c), p);
      d = tf.concat([tf.concat([p, z], 2), tf.concat([off, q], 2)], 1);
    }
  }
  return N > n ? topLeft(d, n) : d;
}

/**
 * Inverse of small triangular matrices (`[g, n, n]`) by a Neumann product:
 * with D the diagonal and S the strict triangle, N = D⁻¹S (lower) or S D⁻¹
 * (upper) is nilpotent, so (I + N)⁻¹ = (I − N)(I + N²)(I + N⁴)… exactly
 * once the powers pass n − 1, and L⁻¹ = (I + N)⁻¹ D⁻¹, U⁻¹ = D⁻¹ (I + N)⁻¹.
 * 4 + 3·⌈log2 n⌉ − 1 ops, reading the triangle through selects.
 */
function invSmall(a: Tensor, upper: boolean, unit: boolean): Tensor {
  const g = a.shape[0] as number;
  const n = a.shape[1] as number;
  if (n === 1) return unit ? tf.onesLike(a) : tf.reciprocal(a);
  const zeros = tf.zeros(a.shape);
  const strict = select(boolMask(`tri:${upper}:true`, g, n, n, upper ? (i, j) => j > i : (i, j) => j < i), a, zeros);
  const eye = matrixConst('eye', n, (i, j) => (i === j ? 1 : 0));
  let dinv: Tensor | undefined;
  let m = strict;
  if (!unit) {
    dinv = select(boolMask('eye', g, n, n, (i, j) => i === j), tf.reciprocal(a), zeros);
    m = upper ? tf.matMul(strict, dinv) : tf.matMul(dinv, strict);
  }
  let t = tf.sub(eye, m);
  for (let p = m, span = 2; span < n; span *= 2) {
    p = tf.matMul(p, p);
    t = tf.matMul(t, tf.add(p, eye));
  }
  if (dinv === undefined) return t;
  return upper ? tf.matMul(dinv, t) : tf.matMul(t, dinv);
}
