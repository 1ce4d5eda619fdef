// lgamma, digamma, polygamma.
//
// lgamma: Lanczos' approximation with g = 5 and six terms (C. Lanczos, SIAM
// J. Numer. Anal. B 1 (1964) 86-96; coefficients as tabulated in Press et al.,
// *Numerical Recipes*, 2nd ed., §6.1; relative error of Gamma below 2e-10 for
// x > 0), far below float32's 6e-8. Negative arguments use the reflection
// formula lgamma(x) = log(pi / |sin(pi x)|) - lgamma(1 - x).
// The float32 result is accurate to ~1e-6 absolute near the zeros at 1 and 2
// (terms of size ~4 cancel there) and to ~1e-6 relative elsewhere.
//
// digamma: psi(x) = psi(x + 6) - sum_{k<6} 1/(x + k), with the asymptotic
// series psi(z) ~ log z - 1/(2z) - sum_k B_2k / (2k z^2k) (A&S 6.3.18) at
// z = x + 6 >= 6, truncated after z^-8 (error < 3e-9). Reflection
// psi(x) = psi(1 - x) - pi cot(pi x) for x < 0.
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import { LOG_PI, SQRT_2PI, type TensorInput, checkInteger, cotPi, kernelOr, polyval, reduceHalfPeriod, tidy1, withGrad1, select } from './internal.js';
import { polygammaOp } from './polygamma-core.js';

/** Lanczos (g = 5, n = 6) coefficients, Numerical Recipes §6.1. */
const LANCZOS = [76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.001208650973866179, -0.5395239384953e-5];
const LANCZOS_C0 = 1.000000000190015;

/** lgamma(y) for y >= 0 (Lanczos); +Infinity at 0, NaN at +Infinity (handled by the caller). */
function lanczosLgamma(y: Tensor): Tensor {
  // ser = c0 + sum_j c_j / (y + j), j = 1..6, as one vectorized reduction.
  const denom = tf.add(tf.expandDims(y, -1), tf.range(1, 7, 1, 'float32'));
  const ser = tf.add(tf.sum(tf.div(tf.tensor1d(LANCZOS, 'float32'), denom), -1), LANCZOS_C0);
  // (y + 1/2) log(y + 11/2) - (y + 11/2) = (y + 1/2)(log(y + 11/2) - 1) - 5
  const head = tf.sub(tf.mul(tf.add(y, 0.5), tf.sub(tf.log(tf.add(y, 5.5)), 1)), 5);
  return tf.sub(tf.add(head, tf.log(tf.mul(ser, SQRT_2PI))), tf.log(y));
}

function lgammaValue(x: Tensor): Tensor {
  const negative = tf.less(x, 0);
  const core = lanczosLgamma(select(negative, tf.sub(1, x), x));
  // log(pi / |sin(pi x)|) - lgamma(1 - x); +inf at the poles where sin(pi r) = 0 exactly.
  const sinAbs = tf.abs(tf.sin(tf.mul(reduceHalfPeriod(x), Math.PI)));
  const reflected = tf.sub(tf.sub(LOG_PI, tf.log(sinAbs)), core);
  const value = select(negative, reflected, core);
  return select(tf.isInf(x), tf.fill(x.shape, Infinity), value);
}

const DIGAMMA_SHIFT = 6;
/** B_2k / (2k) for k = 1..4: 1/12, -1/120, 1/252, -1/240. */
const DIGAMMA_ASYMPTOTIC = [1 / 12, -1 / 120, 1 / 252, -1 / 240];

function digammaNonNegative(y: Tensor): Tensor {
  const direct = tf.sum(tf.reciprocal(tf.add(tf.expandDims(y, -1), tf.range(0, DIGAMMA_SHIFT, 1, 'float32'))), -1);
  const z = tf.add(y, DIGAMMA_SHIFT);
  const w = tf.reciprocal(z);
  const w2 = tf.square(w);
  const asymptotic = tf.sub(tf.sub(tf.log(z), tf.mul(w, 0.5)), tf.mul(w2, polyval(w2, DIGAMMA_ASYMPTOTIC)));
  return tf.sub(asymptotic, direct);
}

function digammaValue(x: Tensor): Tensor {
  const negative = tf.less(x, 0);
  const core = digammaNonNegative(select(negative, tf.sub(1, x), x));
  const r = reduceHalfPeriod(x);
  const reflected = tf.sub(core, tf.mul(cotPi(r), Math.PI));
  const value = select(negative, reflected, core);
  // torch: NaN at negative integers (digamma(0) = -inf comes from 1/x above,
  // and digamma(-0) = +inf).
  return select(tf.logicalAnd(negative, tf.equal(r, 0)), tf.fill(x.shape, NaN), value);
}

const digammaOp = withGrad1(kernelOr('PyroDigamma', digammaValue), (x, _y, dy) => tf.mul(dy, polygammaOp(1)(x)));
const lgammaOp = withGrad1(kernelOr('PyroLgamma', lgammaValue), (x, _y, dy) => tf.mul(dy, digammaOp(x)));

/**
 * log|Gamma(x)| (torch.lgamma). +Infinity at 0, the negative integers and
 * ±Infinity. Gradient: digamma(x).
 */
export function lgamma(x: TensorInput): Tensor {
  return tidy1(x, lgammaOp);
}

/**
 * psi(x) = d/dx lgamma(x) (torch.digamma): -Infinity at 0, NaN at the
 * negative integers (torch >= 1.8 semantics). Gradient: polygamma(1, x).
 */
export function digamma(x: TensorInput): Tensor {
  return tidy1(x, digammaOp);
}

/**
 * psi^(n)(x), the n-th derivative of digamma (torch.polygamma), for any
 * integer n >= 0 (n = 0 is digamma). Uses the Hurwitz zeta function for
 * n >= 1 and the n-times differentiated reflection formula for x < 0; at
 * the poles (x = 0, -1, ...) it is (-1)^(n+1) Infinity. Gradient:
 * polygamma(n + 1, x).
 */
export function polygamma(n: number, x: TensorInput): Tensor {
  checkInteger('polygamma', 'the order n', n, 0);
  return tidy1(x, n === 0 ? digammaOp : polygammaOp(n));
}

/** lgamma on a tensor, for use inside other ops (no tidy). */
export const lgammaTensor: (x: Tensor) => Tensor = lgammaOp;
/** digamma on a tensor, for use inside other ops (no tidy). */
export const digammaTensor: (x: Tensor) => Tensor = digammaOp;

/** 1/(12z) - 1/(360z^3) + 1/(1260z^5) - 1/(1680z^7): A&S 6.1.41 with B_2..B_8. */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680];

/**
 * lgamma(z) - [(z - 1/2) log z - z + log(2 pi)/2], the remainder of Stirling's
 * formula, by its asymptotic series; accurate (< 1e-10 relative) for z >= 10.
 */
export function stirlingCorrection(z: Tensor): Tensor {
  const w = tf.reciprocal(z);
  return tf.mul(w, polyval(tf.square(w), STIRLING));
}
