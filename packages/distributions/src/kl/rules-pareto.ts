// torch 1.13's KL rules involving the Pareto distribution: Pareto ‖ Pareto,
// Exponential, Gamma, Normal (closed forms) and the pairs whose support
// makes the divergence infinite; Uniform ‖ Pareto.
import { tf, lgamma } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Distribution } from '../distribution/internal.js';
import { Beta } from '../families/beta.js';
import { ContinuousBernoulli } from '../families/continuous-bernoulli.js';
import { Exponential } from '../families/exponential.js';
import { Gamma } from '../families/gamma.js';
import { Gumbel } from '../families/gumbel.js';
import { Laplace } from '../families/laplace.js';
import { Normal } from '../families/normal.js';
import { Pareto } from '../families/pareto.js';
import { Uniform } from '../families/uniform.js';
import type { KLEntry } from './registry.js';

/** `x` with `value` where `cond` holds. Call inside tf.tidy. */
function fillWhere(x: Tensor, cond: Tensor, value: number): Tensor {
  return tf.where(tf.broadcastTo(cond, x.shape), tf.fill(x.shape, value), x);
}

/** torch's `_infinite_like(p.param)`: +∞ of p's batch shape. */
function infinite(p: Distribution): Tensor {
  return tf.fill(p.batchShape, Infinity);
}

/** α_q log(s_p / s_q) − log(α_q / α_p) + α_q / α_p − 1; +∞ where s_p < s_q. */
function klParetoPareto(p: Pareto, q: Pareto): Tensor {
  const ps = p.scale;
  const qs = q.scale;
  const alphaRatio = tf.div(q.alpha, p.alpha);
  const t1 = tf.mul(q.alpha, tf.log(tf.div(ps, qs)));
  const result = tf.sub(tf.add(tf.sub(t1, tf.log(alphaRatio)), alphaRatio), 1);
  return fillWhere(result, tf.less(ps, qs), Infinity);
}

/** log(α / (s λ)) − 1/α + α s λ / (α − 1) − 1; +∞ where α ≤ 1. */
function klParetoExponential(p: Pareto, q: Exponential): Tensor {
  const a = p.alpha;
  const sr = tf.mul(p.scale, q.rate);
  const result = tf.sub(tf.add(tf.sub(tf.log(tf.div(a, sr)), tf.reciprocal(a)), tf.div(tf.mul(a, sr), tf.sub(a, 1))), 1);
  return fillWhere(result, tf.lessEqual(a, 1), Infinity);
}

function klParetoGamma(p: Pareto, q: Gamma): Tensor {
  const a = p.alpha;
  const s = p.scale;
  const k = q.concentration;
  const rate = q.rate;
  const common = tf.add(tf.log(s), tf.reciprocal(a));
  const t1 = tf.sub(tf.log(a), common);
  const t2 = tf.sub(lgamma(k), tf.mul(k, tf.log(rate)));
  const t3 = tf.mul(tf.sub(1, k), common);
  const t4 = tf.div(tf.mul(tf.mul(rate, a), s), tf.sub(a, 1));
  const result = tf.sub(tf.add(tf.add(tf.add(t1, t2), t3), t4), 1);
  return fillWhere(result, tf.lessEqual(a, 1), Infinity);
}

function klParetoNormal(p: Pareto, q: Normal): Tensor {
  const a = p.alpha;
  const s = p.scale;
  const qs = q.scale;
  const twoVar = tf.mul(tf.square(qs), 2);
  const common = tf.div(s, tf.sub(a, 1));
  const t1 = tf.log(tf.div(tf.mul(tf.mul(qs, a), Math.sqrt(2 * Math.PI)), s));
  const t2 = tf.reciprocal(a);
  const t3 = tf.div(tf.mul(a, tf.square(common)), tf.sub(a, 2));
  const t4 = tf.square(tf.sub(tf.mul(a, common), q.loc));
  const result = tf.sub(tf.add(tf.sub(t1, t2), tf.div(tf.add(t3, t4), twoVar)), 1);
  return fillWhere(result, tf.lessEqual(a, 2), Infinity);
}

/** x log x. */
function xLogX(x: Tensor): Tensor {
  return tf.mul(x, tf.log(x));
}

function klUniformPareto(p: Uniform, q: Pareto): Tensor {
  const low = p.low;
  const high = p.high;
  const width = tf.sub(high, low);
  const a = q.alpha;
  const t1 = tf.log(tf.mul(tf.mul(a, tf.pow(q.scale, a)), width));
  const t2 = tf.div(tf.sub(tf.sub(xLogX(high), xLogX(low)), width), width);
  const result = tf.sub(tf.mul(t2, tf.add(a, 1)), t1);
  return fillWhere(result, tf.less(low, q.scale), Infinity);
}

export const PARETO_RULES: KLEntry[] = [
  { p: Pareto, q: Pareto, fn: klParetoPareto },
  { p: Pareto, q: Exponential, fn: klParetoExponential },
  { p: Pareto, q: Gamma, fn: klParetoGamma },
  { p: Pareto, q: Normal, fn: klParetoNormal },
  { p: Uniform, q: Pareto, fn: klUniformPareto },
  ...[Beta, ContinuousBernoulli, Uniform].map((Q) => ({ p: Pareto, q: Q, fn: infinite })),
  ...[Beta, ContinuousBernoulli, Exponential, Gamma, Gumbel, Laplace, Normal].map((P) => ({ p: P, q: Pareto, fn: infinite })),
];
