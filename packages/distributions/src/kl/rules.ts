// The built-in KL rules: Pyro's rules for the wrappers and torch's rules
// for the families, as one list the registry starts from.
import { tf, broadcastShapes, shapesEqual } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { NotImplementedError } from '../errors.js';
import { sumRightmostLenient } from '../internal/util.js';
import { Distribution, Independent, MaskedDistribution, maskTensor } from '../distribution/internal.js';
import { Delta } from '../distribution/delta.js';
import { TransformedDistribution } from '../distribution/transformed.js';
import type { KLEntry } from './registry.js';
import { klDivergence } from './registry.js';
import { FAMILY_RULES } from './rules-families.js';
import { PARETO_RULES } from './rules-pareto.js';

/** Pyro: KL(Delta ‖ q) = -q.logProb(v) (the entropy of a point mass is taken as 0). */
function klDelta(p: Delta, q: Distribution): Tensor {
  return tf.neg(q.logProb(p.v));
}

/** Pyro: reinterpreted dims shared by p and q are summed after the KL of the bases. */
function klIndependentIndependent(p: Independent, q: Independent): Tensor {
  const shared = Math.min(p.reinterpretedBatchNdims, q.reinterpretedBatchNdims);
  const pn = p.reinterpretedBatchNdims - shared;
  const qn = q.reinterpretedBatchNdims - shared;
  const pp = pn > 0 ? new Independent(p.baseDist, pn) : p.baseDist;
  const qq = qn > 0 ? new Independent(q.baseDist, qn) : q.baseDist;
  const kl = klDivergence(pp, qq);
  return shared > 0 ? sumRightmostLenient(kl, shared) : kl;
}

/** Pyro: the KL of the bases, masked by both masks (0 when either mask is false). */
function klMaskedMasked(p: MaskedDistribution, q: MaskedDistribution): Tensor {
  const pm = p.maskValue;
  const qm = q.maskValue;
  if (pm === false || qm === false) return tf.scalar(0);
  const kl = klDivergence(p.baseDist, q.baseDist);
  if (pm === true && qm === true) return kl;
  const shape = broadcastShapes(p.batchShape, q.batchShape);
  let mask: Tensor;
  if (pm === true) mask = maskTensor(qm as Exclude<typeof qm, boolean>, q.batchShape);
  else if (qm === true || pm === qm) mask = maskTensor(pm, p.batchShape);
  else mask = tf.logicalAnd(maskTensor(pm, p.batchShape), maskTensor(qm, q.batchShape));
  const target = broadcastShapes(shape, kl.shape);
  const klb = shapesEqual(kl.shape, target) ? kl : tf.broadcastTo(kl, target);
  return tf.where(tf.broadcastTo(mask, target), klb, tf.zerosLike(klb));
}

/** torch: equal transforms and event shapes reduce to the KL of the bases. */
function klTransformedTransformed(p: TransformedDistribution, q: TransformedDistribution): Tensor {
  const same = p.transforms.length === q.transforms.length && p.transforms.every((t, i) => t.equals(q.transforms[i]!));
  if (!same || !shapesEqual(p.eventShape, q.eventShape)) throw new NotImplementedError('KL between TransformedDistributions with different transforms or event shapes is not implemented');
  return klDivergence(p.baseDist, q.baseDist);
}

export const BUILTIN_RULES: KLEntry[] = [
  { p: Delta, q: Distribution, fn: klDelta },
  { p: Independent, q: Independent, fn: klIndependentIndependent },
  { p: MaskedDistribution, q: MaskedDistribution, fn: klMaskedMasked },
  { p: TransformedDistribution, q: TransformedDistribution, fn: klTransformedTransformed },
  ...FAMILY_RULES,
  ...PARETO_RULES,
];
