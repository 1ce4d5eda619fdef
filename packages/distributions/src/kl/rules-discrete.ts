// torch's KL rules between discrete families (closed forms).
import { tf, softplus } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { NotImplementedError } from '../errors.js';
import { Bernoulli } from '../families/bernoulli.js';
import { Binomial } from '../families/binomial.js';
import { Categorical } from '../families/categorical.js';
import { Geometric } from '../families/geometric.js';
import { OneHotCategorical } from '../families/one-hot-categorical.js';
import { Poisson } from '../families/poisson.js';
import type { KLEntry } from './registry.js';
import { klDivergence } from './registry.js';

/** `x` with `value` where `cond` (both broadcast to x's shape); call inside tf.tidy. */
function fillWhere(x: Tensor, cond: Tensor, value: number): Tensor {
  return tf.where(tf.broadcastTo(cond, x.shape), tf.fill(x.shape, value), x);
}

function klBernoulliBernoulli(p: Bernoulli, q: Bernoulli): Tensor {
  const pp = p.probs;
  const qp = q.probs;
  const pl = p.logits;
  const ql = q.logits;
  let t1 = tf.mul(pp, tf.sub(softplus(tf.neg(ql)), softplus(tf.neg(pl))));
  t1 = fillWhere(fillWhere(t1, tf.equal(qp, 0), Infinity), tf.equal(pp, 0), 0);
  let t2 = tf.mul(tf.sub(1, pp), tf.sub(softplus(ql), softplus(pl)));
  t2 = fillWhere(fillWhere(t2, tf.equal(qp, 1), Infinity), tf.equal(pp, 1), 0);
  return tf.add(t1, t2);
}

function klCategoricalCategorical(p: Categorical, q: Categorical): Tensor {
  const pp = p.probs;
  let t = tf.mul(pp, tf.sub(p.logits, q.logits));
  t = fillWhere(fillWhere(t, tf.equal(q.probs, 0), Infinity), tf.equal(pp, 0), 0);
  return tf.sum(t, -1);
}

function klOneHotOneHot(p: OneHotCategorical, q: OneHotCategorical): Tensor {
  return klDivergence(p.categorical, q.categorical);
}

function klPoissonPoisson(p: Poisson, q: Poisson): Tensor {
  const pr = p.rate;
  const qr = q.rate;
  return tf.sub(tf.mul(pr, tf.sub(tf.log(pr), tf.log(qr))), tf.sub(pr, qr));
}

function klGeometricGeometric(p: Geometric, q: Geometric): Tensor {
  return tf.sub(tf.sub(tf.neg(p.entropy()), tf.div(tf.log1p(tf.neg(q.probs)), p.probs)), q.logits);
}

function klBinomialBinomial(p: Binomial, q: Binomial): Tensor {
  const pn = p.totalCount;
  const qn = q.totalCount;
  if (tf.any(tf.less(pn, qn)).dataSync()[0] === 1) {
    throw new NotImplementedError('KL between Binomials where q.total_count > p.total_count is not implemented');
  }
  const pp = p.probs;
  const kl = tf.mul(pn, tf.add(tf.mul(pp, tf.sub(p.logits, q.logits)), tf.sub(tf.log1p(tf.neg(pp)), tf.log1p(tf.neg(q.probs)))));
  return fillWhere(kl, tf.greater(pn, qn), Infinity);
}

export const DISCRETE_RULES: KLEntry[] = [
  { p: Bernoulli, q: Bernoulli, fn: klBernoulliBernoulli },
  { p: Categorical, q: Categorical, fn: klCategoricalCategorical },
  { p: OneHotCategorical, q: OneHotCategorical, fn: klOneHotOneHot },
  { p: Poisson, q: Poisson, fn: klPoissonPoisson },
  { p: Geometric, q: Geometric, fn: klGeometricGeometric },
  { p: Binomial, q: Binomial, fn: klBinomialBinomial },
];
