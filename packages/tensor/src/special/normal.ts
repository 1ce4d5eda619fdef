// The standard normal CDF and its inverse: ndtr, logNdtr, ndtri, and erfinv.
//
// ndtr(x) = erfc(-x/sqrt 2)/2 and logNdtr use the erfc of ./erf.ts with the
// exponent -x^2/2 formed from x directly (not from a rounded x/sqrt 2), and
// logNdtr(x < 0) = log(t) + P(t) - x^2/2 - log 2 in log space, so it never
// underflows (logNdtr(-1e4) = -5e7).
//
// ndtri and erfinv share Wichura's algorithm AS 241, PPND7 (M. J. Wichura,
// "The percentage points of the normal distribution", Applied Statistics 37
// (1988) 477-484): rational approximations with ~1e-7 relative accuracy,
// |p - 1/2| <= 0.425 centrally and r = sqrt(-log(min(p, 1 - p))) in the
// tails (r <= 5 and r > 5). erfinv(y) = ndtri((1 + y)/2)/sqrt 2 is evaluated
// with q = y/2 and the tail probability (1 - |y|)/2 formed exactly, so it is
// accurate for tiny |y| and for |y| near 1 alike.
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import { SQRT_2PI, type TensorInput, kernelOr, polyval, tidy1, withGrad1, select } from './internal.js';
import { erfcNonNegative, erfcParts } from './erf.js';
import { log1pTensor } from './elementary.js';

const SQRT1_2 = Math.SQRT1_2;

function ndtrValue(x: Tensor): Tensor {
  const e = erfcNonNegative(tf.mul(tf.abs(x), SQRT1_2), tf.mul(tf.square(x), 0.5));
  const half = tf.mul(e, 0.5);
  return select(tf.greater(x, 0), tf.sub(1, half), half);
}

/** exp(-x^2/2) / sqrt(2 pi) */
function normalPdf(x: Tensor): Tensor {
  return tf.div(tf.exp(tf.mul(tf.square(x), -0.5)), SQRT_2PI);
}

function logNdtrValue(x: Tensor): Tensor {
  const { t, poly } = erfcParts(tf.mul(tf.abs(x), SQRT1_2));
  const logErfc = tf.sub(tf.add(tf.log(t), poly), tf.mul(tf.square(x), 0.5));
  const lower = tf.sub(logErfc, Math.LN2);
  const upper = log1pTensor(tf.mul(tf.exp(logErfc), -0.5));
  return select(tf.less(x, 0), lower, upper);
}

/** pdf(x) / cdf(x) = sqrt(2/pi) / erfcx(-x/sqrt 2), without overflow or 0/0. */
function inverseMillsRatio(x: Tensor): Tensor {
  const z = tf.mul(x, SQRT1_2);
  const { t, poly } = erfcParts(tf.abs(z));
  const erfcxAbs = tf.mul(t, tf.exp(poly));
  // erfcx(-z): z <= 0 -> erfcx(|z|); z > 0 -> 2 exp(z^2) - erfcx(z).
  const erfcxNeg = select(tf.greater(z, 0), tf.sub(tf.mul(tf.exp(tf.square(z)), 2), erfcxAbs), erfcxAbs);
  return tf.div(Math.sqrt(2 / Math.PI), erfcxNeg);
}

const ndtrOp = withGrad1(ndtrValue, (x, _y, dy) => tf.mul(dy, normalPdf(x)));
const logNdtrOp = withGrad1(logNdtrValue, (x, _y, dy) => tf.mul(dy, inverseMillsRatio(x)));

/**
 * The standard normal CDF Phi(x) (torch.special.ndtr), with relative accuracy
 * in the lower tail down to float32's underflow (x ~ -13). Gradient: the
 * normal density.
 */
export function ndtr(x: TensorInput): Tensor {
  return tidy1(x, ndtrOp);
}

/**
 * log Phi(x) (torch.special.log_ndtr), accurate in both tails: -x^2/2 -
 * log(-x sqrt(2 pi)) + ... for very negative x and -Phi(-x) for large x.
 * Gradient: pdf(x)/Phi(x), computed without overflow.
 */
export function logNdtr(x: TensorInput): Tensor {
  return tidy1(x, logNdtrOp);
}

// AS 241 PPND7 coefficients, lowest degree first.
const A = [3.3871327179, 50.434271938, 159.29113202, 59.10937472];
const B = [1, 17.895169469, 78.757757664, 67.1875636];
const C = [1.4234372777, 2.75681539, 1.3067284816, 0.17023821103];
const D = [1, 0.7370016425, 0.12021132975];
const E = [6.657905115, 3.081226386, 0.42868294337, 0.017337203997];
const F = [1, 0.24197894225, 0.012258202635];

/**
 * PPND7 given q = p - 1/2 and the tail probability min(p, 1 - p) (both
 * formed exactly by the caller); ±Infinity where the tail probability is 0.
 */
function ppnd7(q: Tensor, tailP: Tensor): Tensor {
  const r0 = tf.sub(0.180625, tf.square(q));
  const central = tf.div(tf.mul(q, polyval(r0, A)), polyval(r0, B));
  const r = tf.sqrt(tf.neg(tf.log(tailP)));
  const r1 = tf.sub(r, 1.6);
  const r2 = tf.sub(r, 5);
  const near = tf.div(polyval(r1, C), polyval(r1, D));
  const far = tf.div(polyval(r2, E), polyval(r2, F));
  const sign = tf.sign(q);
  const tail = tf.mul(select(tf.lessEqual(r, 5), near, far), sign);
  const value = select(tf.lessEqual(tf.abs(q), 0.425), central, tail);
  return select(tf.equal(tailP, 0), tf.mul(sign, Infinity), value);
}

function ndtriValue(p: Tensor): Tensor {
  return ppnd7(tf.sub(p, 0.5), tf.minimum(p, tf.sub(1, p)));
}

function erfinvValue(y: Tensor): Tensor {
  return tf.mul(ppnd7(tf.mul(y, 0.5), tf.mul(tf.sub(1, tf.abs(y)), 0.5)), SQRT1_2);
}

const ndtriOp = withGrad1(kernelOr('PyroNdtri', ndtriValue), (_p, x, dy) => tf.mul(dy, tf.mul(tf.exp(tf.mul(tf.square(x), 0.5)), SQRT_2PI)));
const erfinvOp = withGrad1(kernelOr('PyroErfinv', erfinvValue), (_y, x, dy) => tf.mul(dy, tf.mul(tf.exp(tf.square(x)), Math.sqrt(Math.PI) / 2)));

/**
 * The inverse of the standard normal CDF (torch.special.ndtri):
 * ndtri(0) = -Infinity, ndtri(1) = Infinity, NaN outside [0, 1]. Relative
 * accuracy ~4e-7 (AS 241 PPND7). Gradient sqrt(2 pi) exp(ndtri(p)^2 / 2).
 */
export function ndtri(p: TensorInput): Tensor {
  return tidy1(p, ndtriOp);
}

/**
 * The inverse error function (torch.erfinv): erfinv(±1) = ±Infinity, NaN
 * for |y| > 1. Gradient sqrt(pi)/2 exp(erfinv(y)^2).
 */
export function erfinv(y: TensorInput): Tensor {
  return tidy1(y, erfinvOp);
}
