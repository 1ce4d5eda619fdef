// torch's KL rules between members of one family (closed forms).
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Normal } from '../families/normal.js';
import { Exponential } from '../families/exponential.js';
import { Laplace } from '../families/laplace.js';
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

export const FAMILY_RULES: KLEntry[] = [
  { p: Normal, q: Normal, fn: klNormalNormal },
  { p: Exponential, q: Exponential, fn: klExponentialExponential },
  { p: Laplace, q: Laplace, fn: klLaplaceLaplace },
];
