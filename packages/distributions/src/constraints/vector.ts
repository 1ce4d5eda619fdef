// Constraints on vectors (event_dim 1): simplex, one-hot, multinomial counts,
// ordered vectors, the unit sphere.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Constraint } from './constraint.js';
import { paramTensor, type Param } from '../internal/params.js';

/** The unit simplex in the rightmost dim: `x >= 0` and `|sum(x) - 1| < 1e-6`. */
export class Simplex extends Constraint {
  readonly className: string = '_Simplex';
  constructor() {
    super('simplex');
  }
  override get eventDim(): number {
    return 1;
  }
  protected checkTensor(value: Tensor): Tensor {
    return tf.logicalAnd(tf.all(tf.greaterEqual(value, 0), -1), tf.less(tf.abs(tf.sub(tf.sum(value, -1), 1)), 1e-6));
  }
}

/** One-hot vectors. */
export class OneHot extends Constraint {
  readonly className: string = '_OneHot';
  constructor() {
    super('one_hot');
  }
  override get isDiscrete(): boolean {
    return true;
  }
  override get eventDim(): number {
    return 1;
  }
  protected checkTensor(value: Tensor): Tensor {
    const isBoolean = tf.logicalOr(tf.equal(value, 0), tf.equal(value, 1));
    return tf.logicalAnd(tf.all(isBoolean, -1), tf.equal(tf.sum(value, -1), 1));
  }
}

/**
 * Nonnegative counts summing to at most `upperBound` (torch checks the weaker
 * `sum <= upperBound`, and so do we). Repr `Multinomial()`.
 */
export class Multinomial extends Constraint {
  readonly className: string = '_Multinomial';
  constructor(readonly upperBound: Param) {
    super('multinomial');
  }
  override get isDiscrete(): boolean {
    return true;
  }
  override get eventDim(): number {
    return 1;
  }
  protected checkTensor(value: Tensor): Tensor {
    return tf.logicalAnd(tf.all(tf.greaterEqual(value, 0), -1), tf.lessEqual(tf.sum(value, -1), paramTensor(this.upperBound)));
  }
}

/** Pyro's `ordered_vector`: strictly increasing along the rightmost dim. */
export class OrderedVector extends Constraint {
  readonly className: string = '_OrderedVector';
  constructor() {
    super('ordered_vector');
  }
  override get eventDim(): number {
    return 1;
  }
  protected checkTensor(value: Tensor): Tensor {
    if (value.rank === 0) return tf.scalar(false, 'bool');
    const n = value.shape[value.rank - 1] as number;
    const batch = value.shape.slice(0, -1);
    if (n === 1) return tf.ones(batch, 'bool');
    const hi = tf.slice(value, [...batch.map(() => 0), 1], [...batch.map(() => -1), n - 1]);
    const lo = tf.slice(value, [...batch.map(() => 0), 0], [...batch.map(() => -1), n - 1]);
    return tf.all(tf.greater(hi, lo), -1);
  }
}

/**
 * Pyro's `positive_ordered_vector`: ordered and positive. As in Pyro 1.8.6
 * its `eventDim` is 0 although `check` reduces the rightmost dim.
 */
export class PositiveOrderedVector extends Constraint {
  readonly className: string = '_PositiveOrderedVector';
  constructor() {
    super('positive_ordered_vector');
  }
  protected checkTensor(value: Tensor): Tensor {
    const ordered = new OrderedVector().check(value);
    const positive = tf.all(tf.greater(value, 0), -1);
    return tf.logicalAnd(ordered, positive);
  }
}

/**
 * Pyro's `sphere`: unit Euclidean norm in the rightmost dim, to within
 * `10 * eps(float32) * sqrt(n)`. Repr `Sphere`.
 */
export class Sphere extends Constraint {
  readonly className: string = '_Sphere';
  readonly reltol = 10.0;
  constructor() {
    super('sphere');
  }
  override get eventDim(): number {
    return 1;
  }
  protected checkTensor(value: Tensor): Tensor {
    const eps = 1.1920928955078125e-7; // torch.finfo(torch.float32).eps
    const n = value.shape[value.rank - 1] as number;
    const norm = tf.sqrt(tf.sum(tf.square(value), -1));
    return tf.less(tf.abs(tf.sub(norm, 1)), this.reltol * eps * Math.sqrt(n));
  }
  override toString(): string {
    return 'Sphere';
  }
}
