// Discrete integer constraints.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Constraint } from './constraint.js';
import { paramTensor, type Param } from '../internal/params.js';
import { reprParam } from '../internal/repr.js';

function isInteger(value: Tensor): Tensor {
  return tf.equal(tf.mod(value, 1), 0);
}

/**
 * The integers in `[lowerBound, upperBound]`. In `toString()` integer-valued
 * numbers print as Python ints (`IntegerInterval(lower_bound=0, upper_bound=3)`)
 * and 0-d tensors as Python floats (`upper_bound=10.0`), as Pyro's reprs do.
 */
export class IntegerInterval extends Constraint {
  readonly className: string = '_IntegerInterval';
  constructor(
    readonly lowerBound: Param,
    readonly upperBound: Param,
  ) {
    super('integer_interval');
  }
  override get isDiscrete(): boolean {
    return true;
  }
  protected checkTensor(value: Tensor): Tensor {
    return tf.logicalAnd(
      isInteger(value),
      tf.logicalAnd(tf.lessEqual(paramTensor(this.lowerBound), value), tf.lessEqual(value, paramTensor(this.upperBound))),
    );
  }
  override toString(): string {
    return `${this.className.slice(1)}(lower_bound=${reprParam(this.lowerBound, true)}, upper_bound=${reprParam(this.upperBound, true)})`;
  }
}

/** The integers in `(-inf, upperBound]`. */
export class IntegerLessThan extends Constraint {
  readonly className: string = '_IntegerLessThan';
  constructor(readonly upperBound: Param) {
    super('integer_less_than');
  }
  override get isDiscrete(): boolean {
    return true;
  }
  protected checkTensor(value: Tensor): Tensor {
    return tf.logicalAnd(isInteger(value), tf.lessEqual(value, paramTensor(this.upperBound)));
  }
  override toString(): string {
    return `${this.className.slice(1)}(upper_bound=${reprParam(this.upperBound, true)})`;
  }
}

/** The integers in `[lowerBound, inf)` (`nonnegative_integer`, `positive_integer`). */
export class IntegerGreaterThan extends Constraint {
  readonly className: string = '_IntegerGreaterThan';
  constructor(readonly lowerBound: Param) {
    super('integer_greater_than');
  }
  override get isDiscrete(): boolean {
    return true;
  }
  protected checkTensor(value: Tensor): Tensor {
    return tf.logicalAnd(isInteger(value), tf.greaterEqual(value, paramTensor(this.lowerBound)));
  }
  override toString(): string {
    return `${this.className.slice(1)}(lower_bound=${reprParam(this.lowerBound, true)})`;
  }
}

/** Pyro's `integer`: any integer value. Its repr is `Integer` (no parentheses, as Pyro's). */
export class Integer extends Constraint {
  readonly className: string = '_Integer';
  constructor() {
    super('integer');
  }
  override get isDiscrete(): boolean {
    return true;
  }
  protected checkTensor(value: Tensor): Tensor {
    return isInteger(value);
  }
  override toString(): string {
    return 'Integer';
  }
}
