// log1p, expm1, xlogy, xlog1py: accurate near 0 on every backend.
//
// tfjs's own Log1p/Expm1 kernels are exact on cpu but compute log(1 + x) and
// exp(x) - 1 on WebGPU, which loses every digit for |x| < 1e-7. Kahan's
// correction log(u) x / (u - 1) does not rescue them there either: WGSL only
// promises log an absolute error of 2^-21 on [0.5, 2] and exp 3 + 2|x| ulps.
// So unless the active backend declares accurate kernels (./kernel-accuracy.ts;
// cpu does), both are evaluated near 0 by series that need only + - * /:
// * log1p(x) = 2 atanh(s), s = x / (2 + x), = 2 s (1 + s^2/3 + s^4/5 + ...)
//   for x in [-1/2, 1] (|s| <= 1/3, 8 terms, truncation < 2e-9); outside that
//   interval 1 + x is outside [0.5, 2] and log(1 + x) is accurate.
// * expm1(x) = sum x^k / k! (Maclaurin, 12 terms, truncation < 2e-9) for
//   |x| < 1; exp(x) - 1 outside, where nothing cancels.

import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import { type TensorInput, broadcastPair, polyval, select, tidy1, withGrad1, withGrad2 } from './internal.js';
import { hasAccurateKernel } from './kernel-accuracy.js';

/** 1/(2k+1), k = 0..7 */
const ATANH = Array.from({ length: 8 }, (_, k) => 1 / (2 * k + 1));

function log1pValue(x: Tensor): Tensor {
  const s = tf.div(x, tf.add(x, 2));
  const series = tf.mul(tf.mul(s, polyval(tf.square(s), ATANH)), 2);
  const near = tf.logicalAnd(tf.greaterEqual(x, -0.5), tf.lessEqual(x, 1));
  return select(near, series, tf.log(tf.add(x, 1)));
}

const log1pOp = withGrad1(log1pValue, (x, _y, dy) => tf.div(dy, tf.add(x, 1)));

/** log1p on a tensor inside a tidy: the backend's kernel where it is declared accurate, else the series. */
export function log1pTensor(x: Tensor): Tensor {
  return hasAccurateKernel('Log1p') ? tf.log1p(x) : log1pOp(x);
}

/**
 * log(1 + x), accurate for tiny |x| (log1p(1e-10) = 1e-10) on every backend.
 * log1p(-1) = -Infinity, log1p(x < -1) = NaN. Gradient 1 / (1 + x).
 */
export function log1p(x: TensorInput): Tensor {
  return tidy1(x, log1pTensor);
}

/** 1/(k+1)!, k = 0..11: expm1(x) = x P(x) */
const EXPM1 = Array.from({ length: 12 }, (_, k) => {
  let f = 1;
  for (let i = 2; i <= k + 1; i++) f *= i;
  return 1 / f;
});

function expm1Value(x: Tensor): Tensor {
  const series = tf.mul(x, polyval(x, EXPM1));
  return select(tf.less(tf.abs(x), 1), series, tf.sub(tf.exp(x), 1));
}

const expm1Op = withGrad1(expm1Value, (_x, y, dy) => tf.mul(dy, tf.add(y, 1)));

/** expm1 on a tensor inside a tidy: the backend's kernel where it is declared accurate, else the series. */
export function expm1Tensor(x: Tensor): Tensor {
  return hasAccurateKernel('Expm1') ? tf.expm1(x) : expm1Op(x);
}

/**
 * exp(x) - 1, accurate for tiny |x| on every backend. expm1(-inf) = -1.
 * Gradient exp(x).
 */
export function expm1(x: TensorInput): Tensor {
  return tidy1(x, expm1Tensor);
}

/** 0 where x == 0 and y is not NaN (torch's convention), else `value`. */
function zeroWhereXIsZero(x: Tensor, y: Tensor, value: Tensor): Tensor {
  const zero = tf.logicalAnd(tf.equal(x, 0), tf.logicalNot(tf.isNaN(y)));
  return select(zero, tf.zerosLike(value), value);
}

const xlogyOp = withGrad2(
  (x, y) => zeroWhereXIsZero(x, y, tf.mul(x, tf.log(y))),
  (x, y, _out, dy) => {
    const dx = select(tf.equal(x, 0), tf.zerosLike(x), tf.log(y));
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
  (x, y) => zeroWhereXIsZero(x, y, tf.mul(x, log1pTensor(y))),
  (x, y, _out, dy) => {
    const dx = select(tf.equal(x, 0), tf.zerosLike(x), log1pTensor(y));
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
