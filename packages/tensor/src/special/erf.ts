// erf, erfc, erfcx.
//
// tfjs's tf.erf is Abramowitz & Stegun 7.1.26 (absolute error 1.5e-7): it
// returns 0 for erf(1e-10) and has no relative accuracy in the erfc tails.
// Here:
// * erfc(z), z >= 0: the Chebyshev fit of Press et al., *Numerical Recipes*,
//   2nd ed., §6.2 (erfcc): erfc(z) = t exp(-z^2 + P(t)), t = 1 / (1 + z/2),
//   P of degree 9, fractional error below 1.2e-7 for every z >= 0. Without
//   the exp(-z^2) factor the same formula is erfcx(z) = exp(z^2) erfc(z), and
//   log erfc(z) = log t + P(t) - z^2 never underflows (used by logNdtr).
//   In float32 the relative error grows like 2 z^2 * 6e-8 in the far tail
//   (z^2 is rounded), which is also erfc's own condition number there.
// * erf(x), |x| < 1/2: the Maclaurin series 2/sqrt(pi) sum (-1)^k x^(2k+1) /
//   (k! (2k+1)) to k = 6 (A&S 7.1.5); |x| >= 1/2: sign(x) (1 - erfc(|x|)).
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import { TWO_OVER_SQRT_PI, type TensorInput, polyval, tidy1, withGrad1, select } from './internal.js';

/** Numerical Recipes erfcc coefficients, lowest degree first. */
const ERFCC = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];

/** erf Maclaurin coefficients 2/sqrt(pi) (-1)^k / (k! (2k+1)), k = 0..6 (as a polynomial in x^2). */
const ERF_SERIES = (() => {
  const out: number[] = [];
  let fact = 1;
  for (let k = 0; k <= 6; k++) {
    if (k > 0) fact *= k;
    out.push((TWO_OVER_SQRT_PI * (k % 2 === 0 ? 1 : -1)) / (fact * (2 * k + 1)));
  }
  return out;
})();

/** The pieces of erfc(z) = t exp(poly - z^2) for z >= 0. */
export interface ErfcParts {
  t: Tensor;
  poly: Tensor;
}

export function erfcParts(z: Tensor): ErfcParts {
  const t = tf.reciprocal(tf.add(tf.mul(z, 0.5), 1));
  return { t, poly: polyval(t, ERFCC) };
}

/** erfc(z) for z >= 0, given z^2 (callers can supply a better-rounded square). */
export function erfcNonNegative(z: Tensor, zSquared: Tensor): Tensor {
  const { t, poly } = erfcParts(z);
  return tf.mul(t, tf.exp(tf.sub(poly, zSquared)));
}

/** erfcx(z) = exp(z^2) erfc(z) for z >= 0. */
export function erfcxNonNegative(z: Tensor): Tensor {
  const { t, poly } = erfcParts(z);
  return tf.mul(t, tf.exp(poly));
}

function erfcValue(x: Tensor): Tensor {
  const e = erfcNonNegative(tf.abs(x), tf.square(x));
  return select(tf.less(x, 0), tf.sub(2, e), e);
}

function erfValue(x: Tensor): Tensor {
  const series = tf.mul(x, polyval(tf.square(x), ERF_SERIES));
  const tail = tf.mul(tf.sign(x), tf.sub(1, erfcNonNegative(tf.abs(x), tf.square(x))));
  return select(tf.less(tf.abs(x), 0.5), series, tail);
}

function erfcxValue(x: Tensor): Tensor {
  const e = erfcxNonNegative(tf.abs(x));
  // x < 0: erfcx(x) = 2 exp(x^2) - erfcx(-x) (no cancellation: the first term is >= 2).
  return select(tf.less(x, 0), tf.sub(tf.mul(tf.exp(tf.square(x)), 2), e), e);
}

/** 2/sqrt(pi) exp(-x^2), the derivative of erf. */
function erfDerivative(x: Tensor): Tensor {
  return tf.mul(tf.exp(tf.neg(tf.square(x))), TWO_OVER_SQRT_PI);
}

const erfOp = withGrad1(erfValue, (x, _y, dy) => tf.mul(dy, erfDerivative(x)));
const erfcOp = withGrad1(erfcValue, (x, _y, dy) => tf.neg(tf.mul(dy, erfDerivative(x))));
const erfcxOp = withGrad1(erfcxValue, (x, y, dy) => tf.mul(dy, tf.sub(tf.mul(tf.mul(x, y), 2), TWO_OVER_SQRT_PI)));

/**
 * The error function, accurate to ~2e-7 relative for every x (erf(1e-10) =
 * 1.128e-10). Gradient 2/sqrt(pi) exp(-x^2).
 */
export function erf(x: TensorInput): Tensor {
  return tidy1(x, erfOp);
}

/**
 * The complementary error function 1 - erf(x), with relative accuracy in the
 * upper tail (erfc(6) = 2.15e-17) up to float32's underflow near x = 9.2
 * (subnormals to 10.05). Gradient -2/sqrt(pi) exp(-x^2).
 */
export function erfc(x: TensorInput): Tensor {
  return tidy1(x, erfcOp);
}

/**
 * The scaled complementary error function exp(x^2) erfc(x)
 * (torch.special.erfcx); ~1/(x sqrt(pi)) for large x, +Infinity once
 * exp(x^2) overflows for x < -9.4. Gradient 2 x erfcx(x) - 2/sqrt(pi).
 */
export function erfcx(x: TensorInput): Tensor {
  return tidy1(x, erfcxOp);
}
