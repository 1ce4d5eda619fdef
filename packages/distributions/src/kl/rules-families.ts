// torch's KL rules between members of one family (closed forms).
import { tf, batchMahalanobis, broadcastShapes, diagonal, triangularSolve } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Normal } from '../families/normal.js';
import { Exponential } from '../families/exponential.js';
import { Laplace } from '../families/laplace.js';
import { MultivariateNormal } from '../families/multivariate-normal.js';
import { Independent } from '../distribution/internal.js';
import { Delta } from '../distribution/delta.js';
import { NotImplementedError } from '../errors.js';
import { ValueError } from '../distribution/errors.js';
import type { KLEntry } from './registry.js';

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

export const FAMILY_RULES: KLEntry[] = [
  { p: Normal, q: Normal, fn: klNormalNormal },
  { p: Exponential, q: Exponential, fn: klExponentialExponential },
  { p: Laplace, q: Laplace, fn: klLaplaceLaplace },
  { p: MultivariateNormal, q: MultivariateNormal, fn: klMvnMvn },
  { p: Independent, q: MultivariateNormal, fn: klIndependentMvn },
];
