// Pyro's Normalize: projects vectors onto the unit p-norm sphere.
import { tf, detach } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { realVector, sphere } from '../constraints/index.js';
import { Transform } from './transform.js';
import { FLOAT32_TINY, padLast } from '../internal/util.js';

/** The p-norm of the last dim, keeping it (torch.linalg.vector_norm). */
function vectorNorm(x: Tensor, p: number): Tensor {
  if (p === 2) return tf.sqrt(tf.sum(tf.square(x), -1, true));
  if (p === Infinity) return tf.max(tf.abs(x), -1, true);
  if (p === 0) return tf.sum(tf.cast(tf.notEqual(x, 0), 'float32'), -1, true);
  if (p === 1) return tf.sum(tf.abs(x), -1, true);
  return tf.pow(tf.sum(tf.pow(tf.abs(x), p), -1, true), 1 / p);
}

/**
 * x / ‖x‖_p (Pyro's `safe_normalize`): the zero vector maps to
 * [1, 0, ..., 0] instead of NaN. Not bijective; the inverse is the identity;
 * no log-Jacobian.
 */
export class Normalize extends Transform {
  readonly className: string = 'Normalize';
  constructor(readonly p = 2) {
    super();
    if (!(p >= 0)) throw new RangeError(`Normalize: p must be >= 0, got ${p}`);
  }
  get domain(): Constraint {
    return realVector;
  }
  get codomain(): Constraint {
    return sphere;
  }
  override equals(other: Transform): boolean {
    return other instanceof Normalize && other.p === this.p;
  }
  protected call(x: Tensor): Tensor {
    const y = tf.div(x, tf.maximum(vectorNorm(x, this.p), FLOAT32_TINY));
    const allZero = tf.all(tf.equal(detach(y), 0), -1, true); // no gradient through the test
    const n = x.shape[x.rank - 1] as number;
    const first = padLast(tf.ones([...x.shape.slice(0, -1), 1]), 0, n - 1, 0);
    return tf.where(tf.logicalAnd(allZero, tf.cast(first, 'bool')), first, y);
  }
  protected override invCall(y: Tensor): Tensor {
    return tf.clone(y);
  }
}
