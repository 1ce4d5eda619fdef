// torch's KL rules between members of one family (closed forms).
import { tf, batchMahalanobis, broadcastShapes, diagonal, digamma, lgamma, triangularSolve } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Normal } from '../families/normal.js';
import { Exponential } from '../families/exponential.js';
import { Laplace } from '../families/laplace.js';
import { MultivariateNormal } from '../families/multivariate-normal.js';
import { LowRankMultivariateNormal } from '../families/low-rank-multivariate-normal.js';
import { Independent } from '../distribution/internal.js';
import { Delta } from '../distribution/delta.js';
import { NotImplementedError } from '../errors.js';
import { ValueError } from '../distribution/errors.js';
import { Beta } from '../families/beta.js';
import { Dirichlet } from '../families/dirichlet.js';
import { Gamma } from '../families/gamma.js';
import { Gumbel, EULER_GAMMA } from '../families/gumbel.js';
import { Uniform } from '../families/uniform.js';
import type { KLEntry } from './registry.js';
import { DISCRETE_RULES } from './rules-discrete.js';

function klNormalNormal(p: Normal, q: Normal): Tensor {
  const ps = p.scale;
  const qs = q.scale;
  const varRatio = tf.square(tf.div(ps, qs));
  const t1 = tf.square(tf.div(tf.sub(p.loc, q.loc), qs));
  return tf.mul(tf.sub(tf.sub(tf.add(varRatio, t1), 1), tf.log(varRatio)), 0.5);
}

function klExponentialExponential(p: Exponential, q: Exponential): Tensor {
  const ratio = tf.div(q.rate, p.rate);
  return tf.sub(tf.sub(ratio, tf.log(ratio)), 1);
}

function klLaplaceLaplace(p: Laplace, q: Laplace): Tensor {
  // torch's closed form: -log(ps/qs) + |pl - ql|/qs + (ps/qs) exp(-|pl - ql|/ps) - 1.
  const ps = p.scale;
  const qs = q.scale;
  const scaleRatio = tf.div(ps, qs);
  const locAbsDiff = tf.abs(tf.sub(p.loc, q.loc));
  const t1 = tf.neg(tf.log(scaleRatio));
  const t2 = tf.div(locAbsDiff, qs);
  const t3 = tf.mul(scaleRatio, tf.exp(tf.neg(tf.div(locAbsDiff, ps))));
  return tf.sub(tf.add(tf.add(t1, t2), t3), 1);
}

function klMvnMvn(p: MultivariateNormal, q: MultivariateNormal): Tensor {
  if (p.eventShape[0] !== q.eventShape[0]) throw new ValueError('KL-divergence between two Multivariate Normals with different event shapes cannot be computed');
  const n = p.eventShape[0] as number;
  const pl = p.unbroadcastedScaleTril();
  const ql = q.unbroadcastedScaleTril();
  const halfTerm1 = tf.sub(tf.sum(tf.log(diagonal(ql)), -1), tf.sum(tf.log(diagonal(pl)), -1));
  const batch = broadcastShapes(ql.shape.slice(0, -2), pl.shape.slice(0, -2));
  // tr(Σq⁻¹ Σp) = |Lq⁻¹ Lp|²_F.
  const x = triangularSolve(tf.broadcastTo(ql, [...batch, n, n]), tf.broadcastTo(pl, [...batch, n, n]), { upper: false });
  const term2 = tf.sum(tf.square(x), [-2, -1]);
  const term3 = batchMahalanobis(ql, tf.sub(q.loc, p.loc));
  return tf.add(halfTerm1, tf.mul(tf.sub(tf.add(term2, term3), n), 0.5));
}

/** The same Gaussian as a MultivariateNormal with a Cholesky factor (for the low-rank KL rules); call inside tf.tidy. */
function asMvn(d: MultivariateNormal | LowRankMultivariateNormal): MultivariateNormal {
  if (d instanceof MultivariateNormal) return d;
  return new MultivariateNormal(d.loc, { scaleTril: d.scaleTril, validateArgs: false });
}

/** torch's three rules with a low-rank side, through the dense Cholesky factor W Wᵀ + D = L Lᵀ (m ≪ n is not exploited). */
function klGaussians(p: MultivariateNormal | LowRankMultivariateNormal, q: MultivariateNormal | LowRankMultivariateNormal): Tensor {
  return klMvnMvn(asMvn(p), asMvn(q));
}

/** Pyro's Independent ‖ MultivariateNormal rule: Independent(Delta, 1) and Independent(Normal, 1). */
function klIndependentMvn(p: Independent, q: MultivariateNormal): Tensor {
  const base = p.baseDist;
  if (base instanceof Delta && p.reinterpretedBatchNdims === 1) return tf.neg(q.logProb(base.v));
  if (base instanceof Normal && p.reinterpretedBatchNdims === 1) {
    const dim = q.eventShape[0] as number;
    const scale = base.scale;
    const pCov = tf.square(scale);
    const qPrecision = diagonal(q.precisionMatrix);
    return tf.sub(
      tf.sub(tf.sub(tf.mul(tf.sum(tf.mul(pCov, qPrecision), -1), 0.5), 0.5 * dim * (1 + Math.log(2 * Math.PI))), q.logProb(base.loc)),
      tf.sum(tf.log(scale), -1),
    );
  }
  throw new NotImplementedError(`No KL(p || q) is implemented for p = Independent(${base.className}, ${p.reinterpretedBatchNdims}) and q = MultivariateNormal`);
}

function klBetaBeta(p: Beta, q: Beta): Tensor {
  const pa = p.concentration1;
  const pb = p.concentration0;
  const qa = q.concentration1;
  const qb = q.concentration0;
  const sp = tf.add(pa, pb);
  const sq = tf.add(qa, qb);
  const t1 = tf.add(tf.add(lgamma(qa), lgamma(qb)), lgamma(sp));
  const t2 = tf.add(tf.add(lgamma(pa), lgamma(pb)), lgamma(sq));
  const t3 = tf.mul(tf.sub(pa, qa), digamma(pa));
  const t4 = tf.mul(tf.sub(pb, qb), digamma(pb));
  const t5 = tf.mul(tf.sub(sq, sp), digamma(sp));
  return tf.add(tf.add(tf.add(tf.sub(t1, t2), t3), t4), t5);
}

function klGammaGamma(p: Gamma, q: Gamma): Tensor {
  const pc = p.concentration;
  const qc = q.concentration;
  const pr = p.rate;
  const qr = q.rate;
  const t1 = tf.mul(qc, tf.log(tf.div(pr, qr)));
  const t2 = tf.sub(lgamma(qc), lgamma(pc));
  const t3 = tf.mul(tf.sub(pc, qc), digamma(pc));
  const t4 = tf.mul(tf.sub(qr, pr), tf.div(pc, pr));
  return tf.add(tf.add(tf.add(t1, t2), t3), t4);
}

function klDirichletDirichlet(p: Dirichlet, q: Dirichlet): Tensor {
  const pc = p.concentration;
  const qc = q.concentration;
  const sp = tf.sum(pc, -1);
  const sq = tf.sum(qc, -1);
  const t1 = tf.sub(lgamma(sp), lgamma(sq));
  const t2 = tf.sum(tf.sub(lgamma(pc), lgamma(qc)), -1);
  const t3 = tf.sub(pc, qc);
  const t4 = tf.sub(digamma(pc), tf.expandDims(digamma(sp), -1));
  return tf.add(tf.sub(t1, t2), tf.sum(tf.mul(t3, t4), -1));
}

function klUniformUniform(p: Uniform, q: Uniform): Tensor {
  const result = tf.log(tf.div(tf.sub(q.high, q.low), tf.sub(p.high, p.low)));
  const outside = tf.logicalOr(tf.greater(q.low, p.low), tf.less(q.high, p.high));
  return tf.where(tf.broadcastTo(outside, result.shape), tf.fill(result.shape, Infinity), result);
}

function klGumbelGumbel(p: Gumbel, q: Gumbel): Tensor {
  const ct1 = tf.div(p.scale, q.scale);
  const ct2 = tf.div(q.loc, q.scale);
  const ct3 = tf.div(p.loc, q.scale);
  const t1 = tf.add(tf.sub(tf.neg(tf.log(ct1)), ct2), ct3);
  const t2 = tf.mul(ct1, EULER_GAMMA);
  const t3 = tf.exp(tf.sub(tf.add(ct2, lgamma(tf.add(ct1, 1))), ct3));
  return tf.sub(tf.add(tf.add(t1, t2), t3), 1 + EULER_GAMMA);
}

export const FAMILY_RULES: KLEntry[] = [
  { p: Normal, q: Normal, fn: klNormalNormal },
  { p: Exponential, q: Exponential, fn: klExponentialExponential },
  { p: Laplace, q: Laplace, fn: klLaplaceLaplace },
  { p: MultivariateNormal, q: MultivariateNormal, fn: klMvnMvn },
  { p: Independent, q: MultivariateNormal, fn: klIndependentMvn },
  { p: LowRankMultivariateNormal, q: LowRankMultivariateNormal, fn: klGaussians },
  { p: LowRankMultivariateNormal, q: MultivariateNormal, fn: klGaussians },
  { p: MultivariateNormal, q: LowRankMultivariateNormal, fn: klGaussians },
  { p: Beta, q: Beta, fn: klBetaBeta },
  { p: Gamma, q: Gamma, fn: klGammaGamma },
  { p: Dirichlet, q: Dirichlet, fn: klDirichletDirichlet },
  { p: Uniform, q: Uniform, fn: klUniformUniform },
  { p: Gumbel, q: Gumbel, fn: klGumbelGumbel },
  ...DISCRETE_RULES,
];
