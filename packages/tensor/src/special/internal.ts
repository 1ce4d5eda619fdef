// Small helpers shared by the special-function modules (not exported from
// the package): polynomial evaluation, constants, broadcasting of binary
// arguments and the argument reduction of sin/tan(pi x).
import { tf } from '../tf.js';
import type { Tensor, TensorLike } from '../tf.js';
import { asTensor, broadcastShapes, shapesEqual } from '../shape.js';

/** What every special function accepts: a tensor, a number or a nested array. */
export type TensorInput = Tensor | TensorLike;

/** float32 machine epsilon, 2^-23 (torch.finfo(torch.float32).eps). */
export const FLOAT32_EPS = 1.1920928955078125e-7;
export const LOG_PI = Math.log(Math.PI);
export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
export const SQRT_2PI = Math.sqrt(2 * Math.PI);
export const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** A float32 scalar (tfjs would also convert a bare number, this is explicit). */
export function scalar(v: number): Tensor {
  return tf.scalar(v, 'float32');
}

/**
 * c[0] + c[1] x + ... + c[n] x^n by Horner's rule (2 ops per degree).
 * Coefficients are given lowest degree first.
 */
export function polyval(x: Tensor, coeffs: readonly number[]): Tensor {
  const n = coeffs.length - 1;
  if (n <= 0) return tf.add(tf.zerosLike(x), coeffs[0] ?? 0);
  let r: Tensor = tf.add(tf.mul(x, coeffs[n] as number), coeffs[n - 1] as number);
  for (let i = n - 2; i >= 0; i--) r = tf.add(tf.mul(r, x), coeffs[i] as number);
  return r;
}

/**
 * Broadcasts two arguments to their common shape (tfjs's BroadcastTo
 * gradient sums back over the broadcast axes, so gradients keep each
 * input's shape).
 */
export function broadcastPair(a: TensorInput, b: TensorInput): [Tensor, Tensor] {
  const x = asTensor(a);
  const y = asTensor(b);
  if (shapesEqual(x.shape, y.shape)) return [x, y];
  const shape = broadcastShapes(x.shape, y.shape);
  return [shapesEqual(x.shape, shape) ? x : tf.broadcastTo(x, shape), shapesEqual(y.shape, shape) ? y : tf.broadcastTo(y, shape)];
}

/**
 * x - round(x), in [-1/2, 1/2]: the exact argument reduction for sin(pi x)
 * and tan(pi x) (|sin(pi x)| = |sin(pi r)|, tan(pi x) = tan(pi r)); it is 0
 * exactly at integers.
 */
export function reduceHalfPeriod(x: Tensor): Tensor {
  return tf.sub(x, tf.round(x));
}

/**
 * cot(pi r) for r in [-1/2, 1/2] (from `reduceHalfPeriod`), accurate near
 * r = ±1/2 too: there it is -tan(pi (r ∓ 1/2)) with the shift done exactly
 * before multiplying by pi. ±Infinity at r = ±0.
 */
export function cotPi(r: Tensor): Tensor {
  const nearZero = tf.lessEqual(tf.abs(r), 0.25);
  const direct = tf.reciprocal(tf.tan(tf.mul(r, Math.PI)));
  const shifted = tf.neg(tf.tan(tf.mul(tf.sub(r, tf.mul(tf.sign(r), 0.5)), Math.PI)));
  return select(nearZero, direct, shifted);
}

/**
 * where(condition, a, b). When the three shapes are equal it runs the Select
 * kernel directly: tf.where first broadcasts every operand (three extra
 * dispatches even when nothing needs broadcasting). Differentiable through
 * Select's registered gradient.
 */
export function select(condition: Tensor, a: Tensor, b: Tensor): Tensor {
  if (shapesEqual(condition.shape, a.shape) && shapesEqual(a.shape, b.shape)) return tf.engine().runKernel('Select', { condition, t: a, e: b }) as Tensor;
  return tf.where(condition, a, b);
}

/** A tensor of `value` with the shape of `like` (used for NaN/±Infinity fills). */
export function fillLike(like: Tensor, value: number): Tensor {
  return tf.fill(like.shape, value, 'float32');
}

/** Runs `fn` on float32 tensors inside a tidy. */
export function tidy1(x: TensorInput, fn: (x: Tensor) => Tensor): Tensor {
  return tf.tidy(() => fn(asTensor(x)));
}

/** Asserts that `n` is an integer in [min, ∞) (a JS-side argument check). */
export function checkInteger(name: string, what: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}: ${what} must be an integer >= ${min}, got ${n}`);
}

type SaveFn = (tensors: Tensor[]) => void;

/**
 * `value`, or — when the active backend registers a kernel named
 * `kernelName` (e.g. @pyro-ts/backend-native's 'PyroLgamma', one libtorch
 * call) — that kernel on input `x`. Use as the forward of `withGrad1`, whose
 * hand-written gradient then applies to both.
 */
export function kernelOr(kernelName: string, value: (x: Tensor) => Tensor, attrs: Record<string, number> = {}): (x: Tensor) => Tensor {
  return (x: Tensor) =>
    tf.getKernel(kernelName, tf.getBackend()) !== undefined
      ? (tf.engine().runKernel(kernelName, { x } as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as Tensor)
      : value(x);
}

/**
 * A unary op with a hand-written gradient: `value(x)` runs with the tape off
 * (its intermediates are not recorded); the backward pass calls
 * `grad(x, y, dy)` with the saved input and output.
 */
export function withGrad1(value: (x: Tensor) => Tensor, grad: (x: Tensor, y: Tensor, dy: Tensor) => Tensor): (x: Tensor) => Tensor {
  const op = tf.customGrad(((x: Tensor, save: SaveFn) => {
    const y = value(x);
    save([x, y]);
    return { value: y, gradFunc: (dy: Tensor, saved: Tensor[]) => grad(saved[0] as Tensor, saved[1] as Tensor, dy) };
  }) as any);
  return (x: Tensor) => op(x) as Tensor;
}

/**
 * A binary op (on arguments already broadcast to one shape) with a
 * hand-written gradient `grad(a, b, y, dy) -> [da, db]`.
 */
export function withGrad2(
  value: (a: Tensor, b: Tensor) => Tensor,
  grad: (a: Tensor, b: Tensor, y: Tensor, dy: Tensor) => [Tensor, Tensor],
): (a: Tensor, b: Tensor) => Tensor {
  const op = tf.customGrad(((a: Tensor, b: Tensor, save: SaveFn) => {
    const y = value(a, b);
    save([a, b, y]);
    return { value: y, gradFunc: (dy: Tensor, saved: Tensor[]) => grad(saved[0] as Tensor, saved[1] as Tensor, saved[2] as Tensor, dy) };
  }) as any);
  return (a: Tensor, b: Tensor) => op(a, b) as Tensor;
}
