// Gamma(alpha, 1) draws with implicit reparameterization gradients.
//
// Sampling: Marsaglia & Tsang (2000), "A simple method for generating gamma
// variables", ACM TOMS 26(3), vectorized without reading anything back:
// ROUNDS candidates per element are drawn at once and the first accepted
// one is kept. Acceptance is >= 0.95 per candidate for shape >= 1, so all 4
// are rejected with probability < 6e-6; such an element keeps its last
// (rejected) candidate, a draw from the method's proposal, which is within
// a few percent of the target density (or d when that candidate is not
// positive). Shapes alpha < 1 use Gamma(alpha) = Gamma(alpha + 1) U^(1/alpha).
//
// Gradient (tfjs's randomGamma has none): the implicit reparameterization
// of Figurnov et al. (2018), dx/dalpha = -(dP(alpha, x)/dalpha) / p(x; alpha),
// with P the regularized lower incomplete gamma function and p the density.
// For alpha < 120 we differentiate P's power series (x < alpha + 1) or the
// continued fraction of Q = 1 - P (x >= alpha + 1) term by term in forward
// mode, 50 terms each; the ratio needs only digamma, no lgamma, because
// P's prefactor over the density is x / alpha. For alpha >= 120 we use the
// derivative at fixed quantile of the Wilson–Hilferty approximation
// x = alpha (1 - 1/(9 alpha) + z / (3 sqrt(alpha)))^3. Measured against
// float64 central differences of P (standard-gamma.test.ts, quantiles
// 0.001..0.999): relative error < 1e-4 in float32 for alpha < 120, and for
// the Wilson–Hilferty branch < 2e-4 there (< 5e-4 at the 1e-4 quantiles).
import { tf, detach, digamma, rand, randn } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { FLOAT32_TINY } from '../internal/util.js';

/** Candidates drawn per element. */
const ROUNDS = 4;
/** Terms of the series and continued fraction. */
const TERMS = 50;
/** Shapes from which the Wilson–Hilferty derivative is used. */
const LARGE_ALPHA = 120;

/** Gamma(alpha, 1) draws of alpha's shape (float32, >= tiny), without gradient. Call inside tf.tidy. */
export function sampleStandardGamma(alpha: Tensor): Tensor {
  const shape = alpha.shape;
  const boost = tf.less(alpha, 1);
  const a1 = tf.where(boost, tf.add(alpha, 1), alpha);
  const d = tf.sub(a1, 1 / 3);
  const c = tf.rsqrt(tf.mul(d, 9));
  const x = randn([ROUNDS, ...shape]);
  const u = rand([ROUNDS, ...shape]);
  const v = tf.pow(tf.add(tf.mul(c, x), 1), 3);
  const logV = tf.log(tf.maximum(v, FLOAT32_TINY));
  // log u < x²/2 + d − d v + d log v, and v > 0.
  const bound = tf.add(tf.mul(tf.square(x), 0.5), tf.mul(d, tf.add(tf.sub(1, v), logV)));
  const accept = tf.logicalAnd(tf.greater(v, 0), tf.less(tf.log(u), bound));
  const cand = tf.mul(d, v);
  const candidates = tf.unstack(cand);
  const accepted = tf.unstack(accept);
  const last = candidates[ROUNDS - 1] as Tensor;
  let result = tf.where(tf.greater(last, 0), last, d);
  for (let k = ROUNDS - 2; k >= 0; k--) result = tf.where(accepted[k] as Tensor, candidates[k] as Tensor, result);
  const ub = rand(shape as number[]);
  const boosted = tf.exp(tf.add(tf.log(result), tf.div(tf.log(ub), alpha)));
  return tf.maximum(tf.where(boost, boosted, result), FLOAT32_TINY);
}

/**
 * dx/dalpha of a Gamma(alpha, 1) draw x at fixed quantile (elementwise, same
 * shapes). Call inside tf.tidy.
 */
export function standardGammaGrad(alpha: Tensor, x: Tensor): Tensor {
  const small = tf.less(alpha, LARGE_ALPHA);
  const a = tf.where(small, alpha, tf.onesLike(alpha));
  const lx = tf.log(x);
  const psi1 = digamma(tf.add(a, 1));

  // Series: P = x^a e^-x / Γ(a+1) Σ r_n, r_n = Π_{k<=n} x/(a+k);
  // dx/da = −(x/a) Σ r_n (log x − ψ(a+n+1)).
  let r: Tensor = tf.onesLike(a);
  let h: Tensor = tf.zerosLike(a);
  let s: Tensor = tf.sub(lx, psi1);
  for (let n = 1; n < TERMS; n++) {
    const an = tf.add(a, n);
    r = tf.div(tf.mul(r, x), an);
    h = tf.add(h, tf.reciprocal(an));
    s = tf.add(s, tf.mul(r, tf.sub(tf.sub(lx, psi1), h)));
  }
  const series = tf.neg(tf.mul(tf.div(x, a), s));

  // Continued fraction of Q = x^a e^-x / Γ(a) · 1/(b0 + a1/(b1 + a2/(b2 + ...))),
  // b_i = x + 2i + 1 − a, a_i = −i (i − a); evaluated from the tail with
  // its derivative in a. dx/da = x ((log x − ψ(a)) CF + CF').
  let t: Tensor = tf.zerosLike(a);
  let tp: Tensor = tf.zerosLike(a);
  for (let i = TERMS; i >= 1; i--) {
    const ai = tf.mul(tf.sub(a, i), i);
    const den = tf.add(tf.sub(x, tf.sub(a, 2 * i + 1)), t);
    const denp = tf.sub(tp, 1);
    const next = tf.div(ai, den);
    tp = tf.div(tf.sub(tf.mul(den, i), tf.mul(ai, denp)), tf.square(den));
    t = next;
  }
  const den0 = tf.add(tf.sub(tf.add(x, 1), a), t);
  const cf = tf.reciprocal(den0);
  const cfp = tf.neg(tf.div(tf.sub(tp, 1), tf.square(den0)));
  const psi = tf.sub(psi1, tf.reciprocal(a));
  const fraction = tf.mul(x, tf.add(tf.mul(tf.sub(lx, psi), cf), cfp));
  const exact = tf.where(tf.less(x, tf.add(a, 1)), series, fraction);

  // Wilson–Hilferty at fixed z for large alpha.
  const sqrtA = tf.sqrt(alpha);
  const z = tf.mul(tf.add(tf.sub(tf.pow(tf.div(x, alpha), 1 / 3), 1), tf.div(1 / 9, alpha)), tf.mul(sqrtA, 3));
  const w = tf.add(tf.sub(1, tf.div(1 / 9, alpha)), tf.div(z, tf.mul(sqrtA, 3)));
  const dw = tf.sub(tf.div(1 / 9, tf.square(alpha)), tf.div(z, tf.mul(tf.mul(alpha, sqrtA), 6)));
  const wh = tf.add(tf.pow(w, 3), tf.mul(tf.mul(tf.mul(alpha, 3), tf.square(w)), dw));

  return tf.where(small, exact, wh);
}

const standardGammaOp = tf.customGrad(((alpha: Tensor, save: (ts: Tensor[]) => void) => {
  const x = sampleStandardGamma(alpha);
  save([alpha, x]);
  return {
    value: x,
    gradFunc: (dy: Tensor, saved: Tensor[]) => tf.mul(dy, standardGammaGrad(saved[0] as Tensor, saved[1] as Tensor)),
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (alpha: Tensor) => Tensor;

/**
 * Gamma(alpha, 1) draws of alpha's shape with the implicit
 * reparameterization gradient with respect to alpha (torch's
 * `_standard_gamma`). Call inside tf.tidy.
 */
export function standardGamma(alpha: Tensor): Tensor {
  return standardGammaOp(alpha);
}

/** `x` clamped to [lo, hi] in value with the gradient of `x` untouched (torch's in-place clamp of a sample). Call inside tf.tidy. */
export function clampKeepGrad(x: Tensor, lo: number, hi = Infinity): Tensor {
  return tf.add(x, detach(tf.sub(tf.clipByValue(x, lo, hi), x)));
}

/** `clampKeepGrad(x, tiny)`. Call inside tf.tidy. */
export function clampTinyKeepGrad(x: Tensor): Tensor {
  return clampKeepGrad(x, FLOAT32_TINY);
}
