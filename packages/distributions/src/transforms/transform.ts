// The Transform base class and its inverse (torch.distributions.transforms
// Transform and _InverseTransform).
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { NotImplementedError } from '../errors.js';
import { toTensor, type TensorInput } from '../internal/params.js';

/** The sign of a transform's Jacobian determinant: ±1, or a tensor of signs. */
export type Sign = number | Tensor;

/**
 * An invertible (or pseudo-invertible) map `y = t(x)` with a computable
 * log |det dy/dx|, as torch's `Transform`. Public methods accept numbers,
 * nested arrays or tensors, run in `tf.tidy`, and return new tensors the
 * caller owns. A transform owns no tensors: tensor parameters stay the
 * caller's.
 *
 * Subclasses implement `call`, and where defined `invCall` and `ladj`
 * (on float32 tensors, inside the public method's `tf.tidy`).
 */
export abstract class Transform {
  /** torch's / Pyro's class name (`ExpTransform`, `_InverseTransform`, ...). */
  abstract readonly className: string;
  /** The constraint valid inputs satisfy. */
  abstract get domain(): Constraint;
  /** The constraint outputs satisfy (the inverse's inputs). */
  abstract get codomain(): Constraint;

  private _invCache: Transform | undefined;

  /** Whether `inv(t(x)) == x` and `t(inv(y)) == y` on the domain and codomain. */
  get bijective(): boolean {
    return false;
  }

  /** +1 / -1 for monotone increasing / decreasing univariate bijections; throws NotImplementedError otherwise. */
  get sign(): Sign {
    throw new NotImplementedError(`${this.className}.sign is not implemented`);
  }

  /** The event dim when domain and codomain agree (torch raises otherwise). */
  get eventDim(): number {
    if (this.domain.eventDim === this.codomain.eventDim) return this.domain.eventDim;
    throw new Error('Please use either .domain.eventDim or .codomain.eventDim');
  }

  /** The inverse transform; `t.inv.inv === t`. */
  get inv(): Transform {
    if (this._invCache === undefined) this._invCache = new InverseTransform(this);
    return this._invCache;
  }

  /** Sets the object `inv` returns (used by ComposeTransform). */
  protected setInv(inv: Transform): void {
    this._invCache = inv;
  }

  /** y = t(x). */
  forward(x: TensorInput): Tensor {
    return tf.tidy(() => this.call(toTensor(x)));
  }

  /** x = t⁻¹(y). */
  inverse(y: TensorInput): Tensor {
    return tf.tidy(() => this.invCall(toTensor(y)));
  }

  /** log |det dy/dx| given input and output, with the event dims reduced. */
  logAbsDetJacobian(x: TensorInput, y: TensorInput): Tensor {
    return tf.tidy(() => this.ladj(toTensor(x), toTensor(y)));
  }

  /** The output shape for an input shape (default: unchanged). */
  forwardShape(shape: readonly number[]): number[] {
    return shape.slice();
  }

  /** The input shape for an output shape (default: unchanged). */
  inverseShape(shape: readonly number[]): number[] {
    return shape.slice();
  }

  /** Whether `other` is the same transform (torch's `__eq__`; by default: the same object). */
  equals(other: Transform): boolean {
    return other === this;
  }

  /** torch's repr, e.g. `ExpTransform()`. */
  toString(): string {
    return `${this.className}()`;
  }

  protected abstract call(x: Tensor): Tensor;

  protected invCall(_y: Tensor): Tensor {
    throw new NotImplementedError(`${this.className} has no inverse`);
  }

  protected ladj(_x: Tensor, _y: Tensor): Tensor {
    throw new NotImplementedError(`${this.className}.logAbsDetJacobian is not implemented`);
  }
}

/**
 * A transform without parameters, equal to any other instance of its class
 * (torch's `isinstance(other, ExpTransform)` equality).
 */
export abstract class ParameterlessTransform extends Transform {
  override equals(other: Transform): boolean {
    return other === this || (other.className === this.className && other.constructor === this.constructor);
  }
}

/** The inverse of a transform (torch's private `_InverseTransform`; get it with `t.inv`). */
export class InverseTransform extends Transform {
  readonly className: string = '_InverseTransform';
  constructor(readonly base: Transform) {
    super();
    this.setInv(base);
  }
  get domain(): Constraint {
    return this.base.codomain;
  }
  get codomain(): Constraint {
    return this.base.domain;
  }
  override get bijective(): boolean {
    return this.base.bijective;
  }
  override get sign(): Sign {
    return this.base.sign;
  }
  override get eventDim(): number {
    return this.base.eventDim;
  }
  override equals(other: Transform): boolean {
    return other instanceof InverseTransform && this.base.equals(other.base);
  }
  override toString(): string {
    return `_InverseTransform(${this.base.toString()})`;
  }
  override forwardShape(shape: readonly number[]): number[] {
    return this.base.inverseShape(shape);
  }
  override inverseShape(shape: readonly number[]): number[] {
    return this.base.forwardShape(shape);
  }
  protected call(x: Tensor): Tensor {
    return this.base.inverse(x);
  }
  protected override invCall(y: Tensor): Tensor {
    return this.base.forward(y);
  }
  protected override ladj(x: Tensor, y: Tensor): Tensor {
    return tf.neg(this.base.logAbsDetJacobian(y, x));
  }
}
