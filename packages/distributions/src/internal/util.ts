// Small tensor helpers shared by the transforms (call inside tf.tidy).
import { tf, sigmoid, sumRightmost } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';

/** torch.finfo(torch.float32).eps and .tiny. */
export const FLOAT32_EPS = 1.1920928955078125e-7;
export const FLOAT32_TINY = 1.1754943508222875e-38;

/**
 * torch's `_sum_rightmost(x, dim)`: sums the `dim` rightmost dims; a tensor
 * with fewer dims is summed entirely (torch's reshape(-1) behaviour).
 */
export function sumRightmostLenient(x: Tensor, dim: number): Tensor {
  if (dim > 0 && dim > x.rank) return tf.sum(x);
  return sumRightmost(x, dim);
}

/** sigmoid clamped to [tiny, 1 - eps] (torch's `_clipped_sigmoid` in float32). */
export function clippedSigmoid(x: Tensor): Tensor {
  return tf.clipByValue(sigmoid(x), FLOAT32_TINY, 1 - FLOAT32_EPS);
}

/** `x[..., start:end]` along the last dim. */
export function sliceLast(x: Tensor, start: number, end?: number): Tensor {
  const n = x.shape[x.rank - 1] as number;
  const e = end === undefined ? n : end < 0 ? n + end : end;
  const begin = x.shape.map(() => 0);
  const size = x.shape.map(() => -1);
  begin[x.rank - 1] = start;
  size[x.rank - 1] = Math.max(0, e - start);
  return tf.slice(x, begin, size);
}

/** Pads the last dim with `before` / `after` entries equal to `value`. */
export function padLast(x: Tensor, before: number, after: number, value: number): Tensor {
  const pads: Array<[number, number]> = x.shape.map(() => [0, 0] as [number, number]);
  pads[x.rank - 1] = [before, after];
  return tf.pad(x, pads, value);
}

/** exp(cumsum(log v)) along the last dim: a cumulative product of positive values, with gradients (tfjs's cumprod has none). */
export function cumprodPositive(v: Tensor): Tensor {
  return tf.exp(cumsumLast(tf.log(v)));
}

/** Cumulative sum along the last dim (tfjs's cumsum needs a nonnegative axis). */
export function cumsumLast(x: Tensor): Tensor {
  return tf.cumsum(x, x.rank - 1);
}
