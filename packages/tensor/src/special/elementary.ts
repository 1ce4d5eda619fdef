// log1p, expm1, xlogy, xlog1py: accurate near 0 on every backend.
//
// tfjs's own Log1p/Expm1 kernels are exact on cpu but compute log(1 + x) and
// exp(x) - 1 on WebGPU, which loses every digit for |x| < 1e-7. These
// compositions use Kahan's correction instead ("Miscalculating area and
// angles of a needle-like triangle", 2000, §"log1p"; Higham, *Accuracy and
// Stability of Numerical Algorithms*, §1.14.1): with u = fl(1 + x),
// log1p(x) = log(u) * x / (u - 1), which is exact to a few ulps whenever
// log is, and similarly expm1(x) = (u - 1) * x / log(u) with u = fl(exp(x)).
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import { type TensorInput, broadcastPair, tidy1, withGrad1, withGrad2 } from './internal.js';

function log1pValue(x: Tensor): Tensor {
  const u = tf.add(x, 1);
  const kahan = tf.mul(tf.log(u), tf.div(x, tf.sub(u, 1)));
  // u == 1: x is below half an ulp of 1 and log1p(x) = x to float32
  // precision; x == +inf: the ratio is inf/inf.
  return tf.where(tf.logicalOr(tf.equal(u, 1), tf.equal(x, Infinity)), x, kahan);
}

const log1pOp = withGrad1(log1pValue, (x, _y, dy) => tf.div(dy, tf.add(x, 1)));

/**
 * log(1 + x), accurate for tiny |x| (log1p(1e-10) = 1e-10) on every backend.
 * log1p(-1) = -Infinity, log1p(x < -1) = NaN. Gradient 1 / (1 + x).
 */
export function log1p(x: TensorInput): Tensor {
  return tidy1(x, log1pOp);
}

function expm1Value(x: Tensor): Tensor {
  const u = tf.exp(x);
  const v = tf.sub(u, 1);
  // Kahan: (u - 1) * x / log(u); at u == 1 it is 0/0 and expm1(x) = x.
  const kahan = tf.where(tf.equal(v, 0), x, tf.div(tf.mul(v, x), tf.log(u)));
  // For |x| >= 1/2, u - 1 has no cancellation (and covers ±inf, underflow).
  return tf.where(tf.less(tf.abs(x), 0.5), kahan, v);
}

const expm1Op = withGrad1(expm1Value, (_x, y, dy) => tf.mul(dy, tf.add(y, 1)));

/**
 * exp(x) - 1, accurate for tiny |x| on every backend. expm1(-inf) = -1.
 * Gradient exp(x).
 */
export function expm1(x: TensorInput): Tensor {
  return tidy1(x, expm1Op);
}

/** 0 where x == 0 and y is not NaN (torch's convention), else `value`. */
function zeroWhereXIsZero(x: Tensor, y: Tensor, value: Tensor): Tensor {
  const zero = tf.logicalAnd(tf.equal(x, 0), tf.logicalNot(tf.isNaN(y)));
  return tf.where(zero, tf.zerosLike(value), value);
}

const xlogyOp = withGrad2(
  (x, y) => zeroWhereXIsZero(x, y, tf.mul(x, tf.log(y))),
  (x, y, _out, dy) => {
    const dx = tf.where(tf.equal(x, 0), tf.zerosLike(x), tf.log(y));
    return [tf.mul(dy, dx), tf.div(tf.mul(dy, x), y)];
  },
);

/**
 * x * log(y) with xlogy(0, y) = 0 for every y that is not NaN (torch.xlogy).
 * Broadcasts. Gradients: log(y) (0 where x == 0) and x / y.
 */
export function xlogy(x: TensorInput, y: TensorInput): Tensor {
  return tf.tidy(() => {
    const [a, b] = broadcastPair(x, y);
    return xlogyOp(a, b);
  });
}

const xlog1pyOp = withGrad2(
  (x, y) => zeroWhereXIsZero(x, y, tf.mul(x, log1pValue(y))),
  (x, y, _out, dy) => {
    const dx = tf.where(tf.equal(x, 0), tf.zerosLike(x), log1pValue(y));
    return [tf.mul(dy, dx), tf.div(tf.mul(dy, x), tf.add(y, 1))];
  },
);

/**
 * x * log1p(y) with xlog1py(0, y) = 0 for every y that is not NaN
 * (torch.special.xlog1py). Broadcasts. Gradients: log1p(y) (0 where x == 0)
 * and x / (1 + y).
 */
export function xlog1py(x: TensorInput, y: TensorInput): Tensor {
  return tf.tidy(() => {
    const [a, b] = broadcastPair(x, y);
    return xlog1pyOp(a, b);
  });
}

/** log1p for internal use on tensors already inside a tidy (no tidy of its own). */
export const log1pTensor: (x: Tensor) => Tensor = log1pOp;
/** expm1 for internal use on tensors already inside a tidy. */
export const expm1Tensor: (x: Tensor) => Tensor = expm1Op;
