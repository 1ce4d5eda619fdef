// IndependentConstraint: reinterprets batch dims of a base constraint as event dims.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Constraint } from './constraint.js';

/**
 * Wraps a constraint so that `check` also requires every entry of the
 * `reinterpretedBatchNdims` rightmost (batch) dims of the base check to hold.
 */
export class IndependentConstraint extends Constraint {
  readonly className: string = '_IndependentConstraint';
  constructor(
    readonly baseConstraint: Constraint,
    readonly reinterpretedBatchNdims: number,
  ) {
    super('independent');
    if (!(baseConstraint instanceof Constraint)) throw new TypeError('independent: baseConstraint must be a Constraint');
    if (!Number.isInteger(reinterpretedBatchNdims) || reinterpretedBatchNdims < 0) {
      throw new RangeError(`independent: reinterpretedBatchNdims must be a nonnegative integer, got ${reinterpretedBatchNdims}`);
    }
  }
  override get isDiscrete(): boolean {
    return this.baseConstraint.isDiscrete;
  }
  override get eventDim(): number {
    return this.baseConstraint.eventDim + this.reinterpretedBatchNdims;
  }
  protected checkTensor(value: Tensor): Tensor {
    const result = this.baseConstraint.check(value);
    const n = this.reinterpretedBatchNdims;
    if (result.rank < n) {
      const expected = this.baseConstraint.eventDim + n;
      throw new Error(`Expected value.dim() >= ${expected} but got ${value.rank}`);
    }
    if (n === 0) return result;
    const batch = result.shape.slice(0, result.rank - n);
    return tf.all(tf.reshape(result, [...batch, -1]), -1);
  }
  override toString(): string {
    return `IndependentConstraint(${this.baseConstraint.toString()}, ${this.reinterpretedBatchNdims})`;
  }
}
