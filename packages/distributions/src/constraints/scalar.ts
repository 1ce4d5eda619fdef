// Element-wise real constraints: real, boolean, half-lines and intervals.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Constraint } from './constraint.js';
import { paramTensor, type Param } from '../internal/params.js';
import { reprParam } from '../internal/repr.js';

/** The extended real line `[-inf, inf]` (false only for NaN). */
export class Real extends Constraint {
  readonly className: string = '_Real';
  constructor() {
    super('real');
  }
  protected checkTensor(value: Tensor): Tensor {
    return tf.equal(value, value);
  }
}

/** The two values `{0, 1}`. */
export class BooleanConstraint extends Constraint {
  readonly className: string = '_Boolean';
  constructor() {
    super('boolean');
  }
  override get isDiscrete(): boolean {
    return true;
  }
  protected checkTensor(value: Tensor): Tensor {
    return tf.logicalOr(tf.equal(value, 0), tf.equal(value, 1));
  }
}

/** The half line `(lowerBound, inf]`. */
export class GreaterThan extends Constraint {
  readonly className: string = '_GreaterThan';
  constructor(readonly lowerBound: Param) {
    super('greater_than');
  }
  protected checkTensor(value: Tensor): Tensor {
    return tf.less(paramTensor(this.lowerBound), value);
  }
  override toString(): string {
    return `${this.className.slice(1)}(lower_bound=${reprParam(this.lowerBound)})`;
  }
}

/** The half line `[lowerBound, inf)`. */
export class GreaterThanEq extends Constraint {
  readonly className: string = '_GreaterThanEq';
  constructor(readonly lowerBound: Param) {
    super('greater_than_eq');
  }
  protected checkTensor(value: Tensor): Tensor {
    return tf.lessEqual(paramTensor(this.lowerBound), value);
  }
  override toString(): string {
    return `${this.className.slice(1)}(lower_bound=${reprParam(this.lowerBound)})`;
  }
}

/** The half line `[-inf, upperBound)`. */
export class LessThan extends Constraint {
  readonly className: string = '_LessThan';
  constructor(readonly upperBound: Param) {
    super('less_than');
  }
  protected checkTensor(value: Tensor): Tensor {
    return tf.less(value, paramTensor(this.upperBound));
  }
  override toString(): string {
    return `${this.className.slice(1)}(upper_bound=${reprParam(this.upperBound)})`;
  }
}

/** The closed interval `[lowerBound, upperBound]`. */
export class Interval extends Constraint {
  readonly className: string = '_Interval';
  constructor(
    readonly lowerBound: Param,
    readonly upperBound: Param,
  ) {
    super('interval');
  }
  protected checkTensor(value: Tensor): Tensor {
    return tf.logicalAnd(tf.lessEqual(paramTensor(this.lowerBound), value), tf.lessEqual(value, paramTensor(this.upperBound)));
  }
  override toString(): string {
    return `${this.className.slice(1)}(lower_bound=${reprParam(this.lowerBound)}, upper_bound=${reprParam(this.upperBound)})`;
  }
}

/** The half-open interval `[lowerBound, upperBound)`. */
export class HalfOpenInterval extends Constraint {
  readonly className: string = '_HalfOpenInterval';
  constructor(
    readonly lowerBound: Param,
    readonly upperBound: Param,
  ) {
    super('half_open_interval');
  }
  protected checkTensor(value: Tensor): Tensor {
    return tf.logicalAnd(tf.lessEqual(paramTensor(this.lowerBound), value), tf.less(value, paramTensor(this.upperBound)));
  }
  override toString(): string {
    return `${this.className.slice(1)}(lower_bound=${reprParam(this.lowerBound)}, upper_bound=${reprParam(this.upperBound)})`;
  }
}

/**
 * Pyro's `softplus_positive`: the positive half line, of its own class so
 * that `bijectTo` / `transformTo` map it through `SoftplusTransform`.
 */
export class SoftplusPositive extends GreaterThan {
  override readonly className: string = '_SoftplusPositive';
  constructor() {
    super(0.0);
    Object.defineProperty(this, 'name', { value: 'softplus_positive' });
  }
}
