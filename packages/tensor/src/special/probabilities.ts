// Sigmoid-family functions and torch.distributions.utils' probability helpers.
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import { FLOAT32_EPS, type TensorInput, tidy1, withGrad1, select } from './internal.js';
import { log1pTensor } from './elementary.js';
import { softmax } from './log-space.js';

// softplus(x) = max(x, 0) + log1p(exp(-|x|)): exact for x -> -inf (exp(x) to
// full relative precision, e.g. softplus(-40) = 4.25e-18) and equal to x in
// float32 above 17 -- the same numbers as torch's threshold = 20 rule
// (x > 20 -> x), since log1p(exp(-20)) = 2e-9 is below half an ulp of 20.
const softplusOp = withGrad1(
  (x) => tf.add(tf.relu(x), log1pTensor(tf.exp(tf.neg(tf.abs(x))))),
  (x, _y, dy) => tf.mul(dy, tf.sigmoid(x)),
);

/**
 * log(1 + exp(x)) (torch.nn.functional.softplus with beta = 1, threshold =
 * 20), accurate in both tails. Gradient sigmoid(x).
 */
export function softplus(x: TensorInput): Tensor {
  return tidy1(x, softplusOp);
}

/** 1 / (1 + exp(-x)) (tf.sigmoid: exact 0 at -Infinity and 1 at Infinity). */
export function sigmoid(x: TensorInput): Tensor {
  return tidy1(x, (t) => tf.sigmoid(t));
}

/**
 * log(sigmoid(x)) = -softplus(-x) (torch.nn.functional.logsigmoid), accurate
 * in both tails (logsigmoid(-800) = -800, logsigmoid(40) = -4.2e-18).
 * Gradient sigmoid(-x).
 */
export function logsigmoid(x: TensorInput): Tensor {
  return tidy1(x, (t) => tf.neg(softplusOp(tf.neg(t))));
}

function makeLogitEps(eps: number): (p: Tensor) => Tensor {
  // logit(clamp(p, eps, 1 - eps)). The clamped ends are the constants
  // ±(log(eps) - log1p(-eps)), so 1 - eps need not be representable:
  // logit(1, 1e-6) = 13.8155 as in float64 torch.
  const atEps = Math.log(eps) - Math.log1p(-eps);
  return withGrad1(
    (p) => {
      const q = tf.sub(1, p);
      const inside = tf.sub(tf.log(p), tf.log(q));
      return select(tf.less(p, eps), tf.fill(p.shape, atEps), select(tf.less(q, eps), tf.fill(p.shape, -atEps), inside));
    },
    (p, _y, dy) => {
      const q = tf.sub(1, p);
      const inside = tf.logicalAnd(tf.greaterEqual(p, eps), tf.greaterEqual(q, eps));
      return select(inside, tf.div(dy, tf.mul(p, q)), tf.zerosLike(p));
    },
  );
}

/**
 * log(p / (1 - p)) (torch.logit). With `eps`, p is first clamped to
 * [eps, 1 - eps] and the gradient is 0 outside that interval, as in torch.
 * Gradient 1 / (p (1 - p)).
 */
export function logit(p: TensorInput, eps?: number | null): Tensor {
  if (eps === undefined || eps === null) return tidy1(p, (t) => tf.log(tf.div(t, tf.sub(1, t))));
  if (!(eps >= 0 && eps < 0.5)) throw new Error(`logit: eps must be in [0, 0.5), got ${eps}`);
  return tidy1(p, makeLogitEps(eps));
}

/**
 * Clamps probabilities to [eps, 1 - eps] with eps the machine epsilon of the
 * dtype (torch.distributions.utils.clamp_probs). We compute in float32, so
 * eps = 2^-23 = 1.19e-7 (torch in float64 uses 2.2e-16): clampProbs(0) =
 * 1.19e-7 and clampProbs(1) = 1 - 1.19e-7. Gradient 1 inside, 0 outside.
 */
export function clampProbs(p: TensorInput): Tensor {
  return tidy1(p, (t) => tf.clipByValue(t, FLOAT32_EPS, 1 - FLOAT32_EPS));
}

/**
 * Logits from probabilities (torch.distributions.utils.probs_to_logits):
 * log(clampProbs(p)), or with `isBinary` log(p) - log1p(-p) of the clamped p.
 */
export function probsToLogits(p: TensorInput, isBinary = false): Tensor {
  return tidy1(p, (t) => {
    const c = tf.clipByValue(t, FLOAT32_EPS, 1 - FLOAT32_EPS);
    return isBinary ? tf.sub(tf.log(c), log1pTensor(tf.neg(c))) : tf.log(c);
  });
}

/**
 * Probabilities from logits (torch.distributions.utils.logits_to_probs):
 * sigmoid(l) with `isBinary`, else softmax over the last axis.
 */
export function logitsToProbs(logits: TensorInput, isBinary = false): Tensor {
  return isBinary ? sigmoid(logits) : softmax(logits, -1);
}
