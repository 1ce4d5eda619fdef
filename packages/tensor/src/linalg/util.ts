// Internal helpers of the linear-algebra modules: argument checks, batch
// flattening, a matmul that broadcasts batch dimensions correctly on every
// backend, reduction of broadcast gradients, and cached constant patterns.
import { tf } from '../tf.js';
import type { Tensor, TensorLike } from '../tf.js';
import { asTensor, broadcastShapes, formatShape, shapesEqual, sizeOf } from '../shape.js';
import type { Shape } from '../shape.js';

/** Converts to float32 and checks that `x` is a (batch of) square matrices; returns n. */
export function squareArg(x: Tensor | TensorLike, fn: string, name = 'input'): { t: Tensor; n: number } {
  const t = asTensor(x);
  if (t.rank < 2) {
    throw new Error(`${fn}: ${name} must be a matrix or a batch of matrices (rank >= 2), got shape ${formatShape(t.shape)}`);
  }
  const n = t.shape[t.rank - 1] as number;
  if (t.shape[t.rank - 2] !== n) {
    throw new Error(`${fn}: ${name} must be a batch of square matrices, got shape ${formatShape(t.shape)}`);
  }
  if (n === 0) throw new Error(`${fn}: ${name} has empty matrices, shape ${formatShape(t.shape)}`);
  return { t, n };
}

/** The batch shape of a batch of matrices (all but the last two dimensions). */
export function batchOf(shape: Shape): number[] {
  return shape.slice(0, shape.length - 2);
}

/** Reshapes `[...batch, r, c]` to `[prod(batch), r, c]`. */
export function flat3(x: Tensor): Tensor {
  const r = x.shape[x.rank - 2] as number;
  const c = x.shape[x.rank - 1] as number;
  return x.rank === 3 ? x : tf.reshape(x, [sizeOf(batchOf(x.shape)), r, c]);
}

/** Swaps the last two dimensions. */
export function swapLast(x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i);
  perm[x.rank - 1] = x.rank - 2;
  perm[x.rank - 2] = x.rank - 1;
  return tf.transpose(x, perm);
}

/**
 * Batched matrix product with NumPy batch broadcasting. tfjs's BatchMatMul
 * kernels (cpu, wasm, webgpu) index the batch of each operand modulo its
 * flattened size, which is right only when one operand has the whole
 * broadcast batch and the other's batch is a single matrix or a suffix of
 * it; otherwise the smaller operands are first broadcast explicitly. Not
 * differentiable through broadcasting (tfjs's matMul gradient does not sum
 * over broadcast batch dims): use it where no tape records, or with equal
 * batch shapes.
 */
export function bmm(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Tensor {
  const ba = batchOf(a.shape);
  const bb = batchOf(b.shape);
  const batch = broadcastShapes(ba, bb);
  const size = sizeOf(batch);
  if ((sizeOf(ba) === size && isModuloSuffix(bb, batch)) || (sizeOf(bb) === size && isModuloSuffix(ba, batch))) {
    return tf.matMul(a, b, transposeA, transposeB);
  }
  const a2 = sizeOf(ba) === size ? a : tf.broadcastTo(a, [...batch, ...a.shape.slice(-2)]);
  const b2 = sizeOf(bb) === size ? b : tf.broadcastTo(b, [...batch, ...b.shape.slice(-2)]);
  return tf.matMul(a2, b2, transposeA, transposeB);
}

/**
 * Whether indexing a batch of shape `s` by `flatIndex % size(s)` gives the
 * broadcast element for every flat index of `batch`: true when `s` has one
 * element or, without its leading 1s, is a suffix of `batch`.
 */
function isModuloSuffix(s: Shape, batch: Shape): boolean {
  if (sizeOf(s) === 1) return true;
  let k = 0;
  while (k < s.length && s[k] === 1) k++;
  const core = s.slice(k);
  return shapesEqual(core, batch.slice(batch.length - core.length));
}

/**
 * Sums a gradient `g` computed for a broadcast shape down to `shape` (the
 * shape of the input that was broadcast).
 */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const s = axes.length > 0 ? tf.sum(g, axes) : g;
  return tf.reshape(s, shape as number[]);
}

const f32Cache = new Map<string, Float32Array>();
const boolCache = new Map<string, Uint8Array>();

/**
 * A float32 constant built once per key in JS (arrays of up to 4M entries
 * are kept) and uploaded per call.
 */
export function constF32(key: string, shape: number[], build: () => Float32Array): Tensor {
  let v = f32Cache.get(key);
  if (v === undefined) {
    v = build();
    if (v.length <= 1 << 22) f32Cache.set(key, v);
  }
  return tf.tensor(v.slice(), shape, 'float32');
}

/**
 * `[n, n]` float constant with `value(i, j)` at each position, cached per
 * `kind` and n (masks, weights of backward passes).
 */
export function matrixConst(kind: string, n: number, value: (i: number, j: number) => number): Tensor {
  return constF32(`${kind}:${n}`, [n, n], () => {
    const v = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) v[i * n + j] = value(i, j);
    return v;
  });
}

/**
 * A bool mask of shape `[batch, m, n]` (the pattern `keep(i, j)` repeated
 * over the batch), uploaded at full shape so that `tf.where` needs no
 * broadcast (tfjs's cpu backend tiles element by element).
 */
export function boolMask(kind: string, batch: number, m: number, n: number, keep: (i: number, j: number) => boolean): Tensor {
  const key = `${kind}:${batch}:${m}:${n}`;
  let v = boolCache.get(key);
  if (v === undefined) {
    v = new Uint8Array(batch * m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) if (keep(i, j)) v[i * n + j] = 1;
    for (let b = 1; b < batch; b++) v.copyWithin(b * m * n, 0, m * n);
    if (v.length <= 1 << 22) boolCache.set(key, v);
  }
  return tf.tensor(v.slice(), [batch, m, n], 'bool');
}

/**
 * `where(condition, t, e)` for operands of one shape, running the Select
 * kernel directly (`tf.where` first broadcasts all three operands, three
 * extra dispatches even when nothing needs broadcasting). Differentiable
 * through Select's registered gradient.
 */
export function select(condition: Tensor, t: Tensor, e: Tensor): Tensor {
  return tf.engine().runKernel('Select', { condition, t, e }) as Tensor;
}

/**
 * Keeps the lower (or upper) triangle of `[B, n, n]` matrices and puts exact
 * zeros elsewhere (`strict`: the diagonal is zeroed too). Whatever the other
 * triangle held, NaN included, is gone.
 */
export function keepTriangle(a: Tensor, upper: boolean, strict = false): Tensor {
  const [bn, n] = [a.shape[0] as number, a.shape[1] as number];
  const keep = upper ? (i: number, j: number) => (strict ? j > i : j >= i) : (i: number, j: number) => (strict ? j < i : j <= i);
  return select(boolMask(`tri:${upper}:${strict}`, bn, n, n, keep), a, tf.zeros(a.shape));
}

/**
 * The symmetric matrices whose lower triangle is that of `a` (`[B, n, n]`):
 * the upper triangle of `a` is not read.
 */
export function symmetrizeLower(a: Tensor): Tensor {
  const [bn, n] = [a.shape[0] as number, a.shape[1] as number];
  return select(boolMask('tri:false:false', bn, n, n, (i, j) => j <= i), a, tf.transpose(a, [0, 2, 1]));
}

/**
 * Part `i` of every group of `x` viewed as `[groups, parts, width]`, times
 * `scale`; returned as `[groups, 1, width]` (or `[1, width]` when there is
 * one group). With several groups this is a matmul by a one-hot row rather
 * than a strided slice: tfjs's cpu backend copies strided slices one
 * element at a time through index arrays (~100x slower), while every
 * backend runs a small batched matmul fast. The other parts are multiplied
 * by zero, so they must be finite.
 */
export function takePart(x: Tensor, groups: number, parts: number, width: number, i: number, scale = 1): Tensor {
  if (groups === 1) {
    let s: Tensor;
    if (x.rank === 3 && x.shape[0] === 1 && x.shape[1] === parts) s = tf.slice(x, [0, i, 0], [1, 1, width]);
    else s = tf.slice(x.rank === 2 && x.shape[0] === parts ? x : tf.reshape(x, [parts, width]), [i, 0], [1, width]);
    return scale === 1 ? s : scale === -1 ? tf.neg(s) : tf.mul(s, scale);
  }
  const sel = constF32(`sel:${parts}:${i}:${scale}`, [1, parts], () => {
    const v = new Float32Array(parts);
    v[i] = scale;
    return v;
  });
  const x3 = x.rank === 3 && x.shape[0] === groups && x.shape[1] === parts ? x : tf.reshape(x, [groups, parts, width]);
  return tf.matMul(sel, x3);
}

/** `[[a, 0], [0, I]]` of size N (`a`: `[bn, n, n]`). */
export function padIdentity(a: Tensor, bn: number, n: number, N: number): Tensor {
  const top = tf.concat([a, tf.zeros([bn, n, N - n])], 2);
  const bottom = constF32(`pad-eye:${bn}:${n}:${N}`, [bn, N - n, N], () => {
    const r = N - n;
    const v = new Float32Array(bn * r * N);
    for (let b = 0; b < bn; b++) for (let i = 0; i < r; i++) v[b * r * N + i * N + n + i] = 1;
    return v;
  });
  return tf.concat([top, bottom], 1);
}

type SaveFunc = (tensors: Tensor[]) => void;

/**
 * `tf.customGrad` with typed inputs: `f` gets the input tensors and the save
 * function, and returns the value and its gradient function (one gradient
 * per input).
 */
export function customOp<T extends Tensor[]>(
  f: (inputs: T, save: SaveFunc) => { value: Tensor; gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor | Tensor[] },
): (...inputs: T) => Tensor {
  const g = tf.customGrad(((...args: Array<Tensor | SaveFunc>) => {
    const save = args.pop() as SaveFunc;
    return f(args as T, save);
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (...inputs: T) => g(...inputs);
}

/**
 * The leading n×n block of `[B, N, N]` matrices. A strided slice for one
 * matrix; for a batch, two small matmuls with [I 0] (tfjs's cpu backend
 * copies strided slices one element at a time).
 */
export function topLeft(x: Tensor, n: number): Tensor {
  const bn = x.shape[0] as number;
  const N = x.shape[1] as number;
  if (bn === 1) return tf.slice(x, [0, 0, 0], [1, n, n]);
  const e = constF32(`embed:${n}:${N}`, [n, N], () => {
    const v = new Float32Array(n * N);
    for (let i = 0; i < n; i++) v[i * N + i] = 1;
    return v;
  });
  return tf.matMul(tf.matMul(e, x), e, false, true);
}
