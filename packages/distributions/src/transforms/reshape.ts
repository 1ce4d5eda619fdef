// torch's ReshapeTransform: reshapes the rightmost (event) dims.
import { tf, sizeOf, shapesEqual, formatShape } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { independent, real } from '../constraints/index.js';
import { Transform } from './transform.js';

/** Reshapes an event of shape `inShape` to `outShape` (same number of elements); log-Jacobian 0. */
export class ReshapeTransform extends Transform {
  readonly className: string = 'ReshapeTransform';
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];
  constructor(inShape: readonly number[], outShape: readonly number[]) {
    super();
    this.inShape = [...inShape];
    this.outShape = [...outShape];
    if (sizeOf(inShape) !== sizeOf(outShape)) throw new Error('in_shape, out_shape have different numbers of elements');
  }
  get domain(): Constraint {
    return independent(real, this.inShape.length);
  }
  get codomain(): Constraint {
    return independent(real, this.outShape.length);
  }
  override get bijective(): boolean {
    return true;
  }
  override forwardShape(shape: readonly number[]): number[] {
    return reshapeShape(shape, this.inShape, this.outShape);
  }
  override inverseShape(shape: readonly number[]): number[] {
    return reshapeShape(shape, this.outShape, this.inShape);
  }
  protected call(x: Tensor): Tensor {
    return tf.reshape(x, [...x.shape.slice(0, x.rank - this.inShape.length), ...this.outShape]);
  }
  protected override invCall(y: Tensor): Tensor {
    return tf.reshape(y, [...y.shape.slice(0, y.rank - this.outShape.length), ...this.inShape]);
  }
  protected override ladj(x: Tensor, _y: Tensor): Tensor {
    return tf.zeros(x.shape.slice(0, x.rank - this.inShape.length));
  }
}

function reshapeShape(shape: readonly number[], from: readonly number[], to: readonly number[]): number[] {
  if (shape.length < from.length) throw new Error('Too few dimensions on input');
  const cut = shape.length - from.length;
  if (!shapesEqual(shape.slice(cut), from)) {
    throw new Error(`Shape mismatch: expected ${formatShape(shape.slice(cut))} but got ${formatShape(from)}`);
  }
  return [...shape.slice(0, cut), ...to];
}
