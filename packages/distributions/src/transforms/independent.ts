// IndependentTransform: reinterprets batch dims of a base transform as event dims.
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { independent } from '../constraints/index.js';
import { Transform, type Sign } from './transform.js';
import { sumRightmostLenient } from '../internal/util.js';

/**
 * The base transform with `reinterpretedBatchNdims` more rightmost dims
 * treated as event dims: same forward and inverse, log-Jacobian summed over
 * those dims.
 */
export class IndependentTransform extends Transform {
  readonly className: string = 'IndependentTransform';
  constructor(
    readonly baseTransform: Transform,
    readonly reinterpretedBatchNdims: number,
  ) {
    super();
  }
  get domain(): Constraint {
    return independent(this.baseTransform.domain, this.reinterpretedBatchNdims);
  }
  get codomain(): Constraint {
    return independent(this.baseTransform.codomain, this.reinterpretedBatchNdims);
  }
  override get bijective(): boolean {
    return this.baseTransform.bijective;
  }
  override get sign(): Sign {
    return this.baseTransform.sign;
  }
  override equals(other: Transform): boolean {
    return (
      other instanceof IndependentTransform &&
      other.reinterpretedBatchNdims === this.reinterpretedBatchNdims &&
      this.baseTransform.equals(other.baseTransform)
    );
  }
  override forwardShape(shape: readonly number[]): number[] {
    return this.baseTransform.forwardShape(shape);
  }
  override inverseShape(shape: readonly number[]): number[] {
    return this.baseTransform.inverseShape(shape);
  }
  override toString(): string {
    return `IndependentTransform(${this.baseTransform.toString()}, ${this.reinterpretedBatchNdims})`;
  }
  protected call(x: Tensor): Tensor {
    if (x.rank < this.domain.eventDim) throw new Error('Too few dimensions on input');
    return this.baseTransform.forward(x);
  }
  protected override invCall(y: Tensor): Tensor {
    if (y.rank < this.codomain.eventDim) throw new Error('Too few dimensions on input');
    return this.baseTransform.inverse(y);
  }
  protected override ladj(x: Tensor, y: Tensor): Tensor {
    return sumRightmostLenient(this.baseTransform.logAbsDetJacobian(x, y), this.reinterpretedBatchNdims);
  }
}
