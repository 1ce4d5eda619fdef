// Shape helpers with NumPy/torch broadcasting semantics.
import { tf } from './tf.js';
import type { Tensor, TensorLike } from './tf.js';

export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `[2, 3]` formatted as Python/Pyro print it: `(2, 3)`, `()`, `(5,)`. */
export function formatShape(shape: Shape): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * The broadcast of several shapes (NumPy rules: align right, sizes equal or
 * 1). Throws an error that names every shape when they are incompatible.
 */
export function broadcastShapes(...shapes: Shape[]): number[] {
  let rank = 0;
  for (const s of shapes) rank = Math.max(rank, s.length);
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    const off = rank - s.length;
    for (let i = 0; i < s.length; i++) {
      const d = s[i] as number;
      const cur = out[off + i] as number;
      if (d === cur || d === 1) continue;
      if (cur === 1) {
        out[off + i] = d;
        continue;
      }
      throw new Error(
        `shapes ${shapes.map((x) => formatShape(x)).join(', ')} cannot be broadcast together ` +
          `(dimension ${i - s.length} has sizes ${cur} and ${d}; sizes must match or be 1)`,
      );
    }
  }
  return out;
}

/** Whether `shapes` broadcast together. */
export function canBroadcast(...shapes: Shape[]): boolean {
  try {
    broadcastShapes(...shapes);
    return true;
  } catch {
    return false;
  }
}

/** Prepends 1s to `shape` until it has `rank` dimensions. */
export function padShapeLeft(shape: Shape, rank: number): number[] {
  return [...new Array<number>(Math.max(0, rank - shape.length)).fill(1), ...shape];
}

/**
 * Sums the rightmost `dim` dimensions of `x` (Pyro's `sum_rightmost`); a
 * negative `dim` keeps that many leftmost dimensions instead.
 */
export function sumRightmost(x: Tensor, dim: number): Tensor {
  if (dim === 0) return x;
  const rank = x.rank;
  const n = dim < 0 ? rank + dim : dim;
  if (n <= 0) return x;
  if (n > rank) throw new Error(`sumRightmost: cannot sum ${n} rightmost dims of a tensor of shape ${formatShape(x.shape)}`);
  const axes: number[] = [];
  for (let i = rank - n; i < rank; i++) axes.push(i);
  return tf.sum(x, axes);
}

/** Broadcasts each tensor to the common shape of all of them. */
export function broadcastAll(...xs: Tensor[]): Tensor[] {
  const shape = broadcastShapes(...xs.map((x) => x.shape));
  return xs.map((x) => (shapesEqual(x.shape, shape) ? x : tf.broadcastTo(x, shape)));
}

/**
 * Reshapes the rightmost dimensions of `x` (those after `x.rank - dims`) to
 * `shape`, keeping the batch dimensions to their left.
 */
export function reshapeRightmost(x: Tensor, dims: number, shape: Shape): Tensor {
  const batch = x.shape.slice(0, x.rank - dims);
  return tf.reshape(x, [...batch, ...shape]);
}

/**
 * Converts a number, nested array or tensor to a float32 tensor (tensors of
 * another dtype are cast; float32 tensors are returned as they are).
 */
export function asTensor(x: Tensor | TensorLike): Tensor {
  if (x instanceof tf.Tensor) return x.dtype === 'float32' ? x : tf.cast(x, 'float32');
  return tf.tensor(x as TensorLike, undefined, 'float32');
}

/** Whether `x` is a tfjs tensor. */
export function isTensor(x: unknown): x is Tensor {
  return x instanceof tf.Tensor;
}
