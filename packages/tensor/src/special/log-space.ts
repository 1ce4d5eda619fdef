// logsumexp, softmax and logSoftmax along any axes, safe with infinities.
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import { asTensor } from '../shape.js';
import { type TensorInput, select } from './internal.js';

/** Normalized, sorted, de-duplicated axes (null/undefined: all axes). */
function normalizeAxes(rank: number, axis: number | number[] | null | undefined, fn: string): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  const list = Array.isArray(axis) ? axis : [axis];
  const out = new Set<number>();
  for (const a of list) {
    if (!Number.isInteger(a) || a < -rank || a >= rank) throw new Error(`${fn}: axis ${a} is out of range for a tensor of rank ${rank}`);
    out.add(a < 0 ? a + rank : a);
  }
  return [...out].sort((p, q) => p - q);
}

/**
 * log(sum(exp(x))) over `axes`, kept as size-1 dims. The max is subtracted
 * first; where it is ±Infinity it is replaced by 0, so a slice of -Infinity
 * gives -Infinity and a slice containing +Infinity gives +Infinity.
 */
function lseKeep(x: Tensor, axes: number[]): Tensor {
  const m = tf.max(x, axes, true);
  const shift = select(tf.isFinite(m), m, tf.zerosLike(m));
  return tf.add(tf.log(tf.sum(tf.exp(tf.sub(x, shift)), axes, true)), shift);
}

/** lseKeep with the gradient softmax(x) * dy (0 on slices that are all -Infinity). */
function lseKeepOp(x: Tensor, axes: number[]): Tensor {
  const op = tf.customGrad(((v: Tensor, save: (t: Tensor[]) => void) => {
    const value = lseKeep(v, axes);
    save([v, value]);
    return {
      value,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [xs, out] = saved as [Tensor, Tensor];
        const safeOut = select(tf.equal(out, -Infinity), tf.zerosLike(out), out);
        return tf.mul(dy, tf.exp(tf.sub(xs, safeOut)));
      },
    };
  }) as any);
  return op(x) as Tensor;
}

/**
 * log(sum(exp(x))) over `axis` (a number, a list, or all axes when omitted,
 * like tf.logSumExp), computed stably: logsumexp([-inf, -inf]) = -Infinity,
 * any +Infinity gives +Infinity, and a reduction over an empty dimension is
 * -Infinity (torch.logsumexp). Gradient: softmax(x) along the axes (0 on
 * all -Infinity slices, where torch gives NaN).
 */
export function logsumexp(x: TensorInput, axis?: number | number[] | null, keepDims = false): Tensor {
  return tf.tidy(() => {
    const t = asTensor(x);
    const axes = normalizeAxes(t.rank, axis, 'logsumexp');
    const keptShape = t.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const outShape = keepDims ? keptShape : t.shape.filter((_, i) => !axes.includes(i));
    if (axes.some((a) => t.shape[a] === 0)) return tf.fill(outShape, -Infinity, 'float32');
    if (axes.length === 0) return t.clone();
    const kept = lseKeepOp(t, axes);
    return keepDims ? kept : tf.reshape(kept, outShape);
  });
}

/** x - logsumexp(x, axis, keepDims=true), the log of softmax along one axis. */
export function logSoftmax(x: TensorInput, axis = -1): Tensor {
  return tf.tidy(() => {
    const t = asTensor(x);
    const axes = normalizeAxes(t.rank, axis, 'logSoftmax');
    if (t.size === 0) return t.clone();
    return tf.sub(t, lseKeepOp(t, axes));
  });
}

/**
 * exp(x - logsumexp(x)) along one axis (any axis, unlike tf.softmax); -Infinity
 * entries get probability 0. A slice that is all -Infinity gives NaN, as in torch.
 */
export function softmax(x: TensorInput, axis = -1): Tensor {
  return tf.tidy(() => {
    const t = asTensor(x);
    const axes = normalizeAxes(t.rank, axis, 'softmax');
    if (t.size === 0) return t.clone();
    return tf.exp(tf.sub(t, lseKeepOp(t, axes)));
  });
}
