// Modified Bessel functions of the first kind of orders 0 and 1: i0, i0e,
// i1, i1e and log I_v (torch VonMises's _log_modified_bessel_fn).
//
// Abramowitz & Stegun 9.8.1-9.8.4 (the polynomials torch's VonMises uses):
//   |x| < 3.75, y = (x/3.75)^2:  I0 = P0(y),  I1 = x P1(y)        (|err| < 1.6e-7, 8e-9)
//   |x| >= 3.75, y = 3.75/|x|:   sqrt|x| e^-|x| I0 = Q0(y),  ... I1 = Q1(y)  (< 1.9e-7, 2.2e-7)
// so about 5e-7 relative in float32. I0 is even, I1 odd; the scaled forms
// are i0e = e^-|x| I0, i1e = e^-|x| I1. i0 and i1 overflow float32 (like
// torch in float32) once they exceed 3.4e38, near |x| = 91.9.
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import { type TensorInput, polyval, tidy1, withGrad1, select } from './internal.js';
import { log1pTensor } from './elementary.js';

const I0_SMALL = [1.0, 3.5156229, 3.0899424, 1.2067492, 0.2659732, 0.0360768, 0.0045813];
const I0_LARGE = [0.39894228, 0.01328592, 0.00225319, -0.00157565, 0.00916281, -0.02057706, 0.02635537, -0.01647633, 0.00392377];
const I1_SMALL = [0.5, 0.87890594, 0.51498869, 0.15084934, 0.02658733, 0.00301532, 0.00032411];
const I1_LARGE = [0.39894228, -0.03988024, -0.00362018, 0.00163801, -0.01031555, 0.02282967, -0.02895312, 0.01787654, -0.00420059];
const THRESHOLD = 3.75;

interface Pieces {
  ax: Tensor;
  small: Tensor; // |x| < 3.75
  /** P(y) at y = (x/3.75)^2, evaluated at min(|x|, 3.75) so it stays finite */
  smallPoly: Tensor;
  /** Q(y) at y = 3.75/|x|, evaluated at max(|x|, 3.75) */
  largePoly: Tensor;
  /** max(|x|, 3.75) */
  axLarge: Tensor;
  /** (min(|x|, 3.75)/3.75)^2 */
  ySmall: Tensor;
}

function pieces(x: Tensor, order: 0 | 1): Pieces {
  const ax = tf.abs(x);
  const small = tf.less(ax, THRESHOLD);
  const axLarge = tf.maximum(ax, THRESHOLD);
  const ySmall = tf.square(tf.div(tf.minimum(ax, THRESHOLD), THRESHOLD));
  const yLarge = tf.div(THRESHOLD, axLarge);
  return {
    ax,
    small,
    smallPoly: polyval(ySmall, order === 0 ? I0_SMALL : I1_SMALL),
    largePoly: polyval(yLarge, order === 0 ? I0_LARGE : I1_LARGE),
    axLarge,
    ySmall,
  };
}

/** e^-|x| I_v(|x|) (always >= 0). */
function scaledAbs(x: Tensor, order: 0 | 1): Tensor {
  const p = pieces(x, order);
  const smallValue = order === 0 ? p.smallPoly : tf.mul(p.smallPoly, p.ax);
  const small = tf.mul(smallValue, tf.exp(tf.neg(p.ax)));
  const large = tf.div(p.largePoly, tf.sqrt(p.axLarge));
  return select(p.small, small, large);
}

/** I_v(|x|) (always >= 0); e^|x| Q / sqrt|x| is formed as one exp to delay overflow. */
function unscaledAbs(x: Tensor, order: 0 | 1): Tensor {
  const p = pieces(x, order);
  const small = order === 0 ? p.smallPoly : tf.mul(p.smallPoly, p.ax);
  const large = tf.exp(tf.add(tf.sub(p.axLarge, tf.mul(tf.log(p.axLarge), 0.5)), tf.log(p.largePoly)));
  return select(p.small, small, large);
}

/** log I_v(|x|) without overflow; log1p keeps log I0 relative for tiny x. */
function logAbs(x: Tensor, order: 0 | 1): Tensor {
  const p = pieces(x, order);
  const small =
    order === 0
      ? log1pTensor(tf.mul(p.ySmall, polyval(p.ySmall, I0_SMALL.slice(1)))) // P0(y) = 1 + y R(y)
      : tf.log(tf.mul(p.smallPoly, p.ax));
  const large = tf.add(tf.sub(p.axLarge, tf.mul(tf.log(p.axLarge), 0.5)), tf.log(p.largePoly));
  return select(p.small, small, large);
}

const withSign = (x: Tensor, v: Tensor): Tensor => tf.mul(tf.sign(x), v);

function i0eValue(x: Tensor): Tensor {
  return scaledAbs(x, 0);
}
function i1eValue(x: Tensor): Tensor {
  return withSign(x, scaledAbs(x, 1));
}

/** I1(x)/x, with the limit 1/2 at x = 0 (for the derivatives). */
function i1OverX(x: Tensor, i1: Tensor): Tensor {
  const zero = tf.equal(x, 0);
  return select(zero, tf.fill(x.shape, 0.5), tf.div(i1, select(zero, tf.onesLike(x), x)));
}

const i0eOp = withGrad1(i0eValue, (x, y, dy) => tf.mul(dy, tf.sub(i1eValue(x), tf.mul(tf.sign(x), y))));
const i1eOp = withGrad1(i1eValue, (x, y, dy) => tf.mul(dy, tf.sub(tf.sub(i0eValue(x), tf.mul(tf.sign(x), y)), i1OverX(x, y))));
const i0Op = withGrad1(
  (x) => unscaledAbs(x, 0),
  (x, _y, dy) => tf.mul(dy, withSign(x, unscaledAbs(x, 1))),
);
const i1Op = withGrad1(
  (x) => withSign(x, unscaledAbs(x, 1)),
  (x, y, dy) => tf.mul(dy, tf.sub(unscaledAbs(x, 0), i1OverX(x, y))),
);

/** I0(x), the modified Bessel function of order 0 (torch.special.i0). Gradient I1(x). */
export function i0(x: TensorInput): Tensor {
  return tidy1(x, i0Op);
}
/** e^-|x| I0(x) (torch.special.i0e). Gradient i1e(x) - sign(x) i0e(x). */
export function i0e(x: TensorInput): Tensor {
  return tidy1(x, i0eOp);
}
/** I1(x), the modified Bessel function of order 1 (torch.special.i1). Gradient I0(x) - I1(x)/x. */
export function i1(x: TensorInput): Tensor {
  return tidy1(x, i1Op);
}
/** e^-|x| I1(x) (torch.special.i1e). Gradient i0e(x) - i1e(x) (sign(x) + 1/x). */
export function i1e(x: TensorInput): Tensor {
  return tidy1(x, i1eOp);
}

const logBesselOps = {
  0: withGrad1(
    (x) => logAbs(x, 0),
    (x, _y, dy) => tf.mul(dy, tf.mul(tf.sign(x), tf.div(scaledAbs(x, 1), scaledAbs(x, 0)))),
  ),
  1: withGrad1(
    (x) => logAbs(x, 1),
    (x, _y, dy) => {
      // d/dx log I1(x) = I0/I1 - 1/x
      const ratio = tf.div(scaledAbs(x, 0), withSign(x, scaledAbs(x, 1)));
      return tf.mul(dy, tf.sub(ratio, tf.reciprocal(x)));
    },
  ),
} as const;

/**
 * log I_order(x) for order 0 or 1, for x >= 0 (torch VonMises's
 * `_log_modified_bessel_fn`, the same A&S polynomials), without overflow
 * (log I0(1e4) = 9994.48). For order 0 the small-x branch uses log1p, so
 * log I0(1e-5) = 2.5e-11 is relative-accurate. Differences from torch: the
 * argument is |x| (torch's large-x branch is undefined for x < 0, and for
 * order 1 it returns log|I1(x)|). Gradient I1/I0 (order 0), I0/I1 - 1/x
 * (order 1).
 */
export function logBesselI(x: TensorInput, order: 0 | 1 = 0): Tensor {
  if (order !== 0 && order !== 1) throw new Error(`logBesselI: order must be 0 or 1, got ${String(order)}`);
  return tidy1(x, logBesselOps[order]);
}
