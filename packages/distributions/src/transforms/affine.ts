// AffineTransform: y = loc + scale * x, element-wise, with an optional event dim.
import { tf, broadcastShapes } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { real, independent } from '../constraints/index.js';
import { Transform, type Sign } from './transform.js';
import { paramShape, paramTensor, type Param } from '../internal/params.js';

/**
 * y = loc + scale · x. `loc` and `scale` are numbers, arrays, tensors (kept,
 * not copied: they stay the caller's) or functions computing a tensor. With
 * `eventDim` > 0 the log-Jacobian sums over that many rightmost dims.
 */
export class AffineTransform extends Transform {
  readonly className: string = 'AffineTransform';
  private readonly _eventDim: number;
  private readonly _domain: Constraint;

  constructor(
    readonly loc: Param,
    readonly scale: Param,
    eventDim = 0,
  ) {
    super();
    this._eventDim = eventDim;
    this._domain = eventDim === 0 ? real : independent(real, eventDim);
  }

  override get eventDim(): number {
    return this._eventDim;
  }
  get domain(): Constraint {
    return this._domain;
  }
  get codomain(): Constraint {
    return this._domain;
  }
  override get bijective(): boolean {
    return true;
  }

  /** +1/-1 (0 for a zero scale) for a number scale, else a new tensor of signs (the caller disposes it). */
  override get sign(): Sign {
    if (typeof this.scale === 'number') return this.scale > 0 ? 1 : this.scale < 0 ? -1 : 0;
    return tf.tidy(() => tf.sign(paramTensor(this.scale)));
  }

  override equals(other: Transform): boolean {
    if (!(other instanceof AffineTransform)) return false;
    if (other === this) return true;
    const same = (a: Param, b: Param): boolean => {
      if (typeof a === 'number' && typeof b === 'number') return a === b;
      return tf.tidy(() => tf.all(tf.equal(paramTensor(a), paramTensor(b))).dataSync()[0] === 1);
    };
    return same(this.loc, other.loc) && same(this.scale, other.scale);
  }

  override forwardShape(shape: readonly number[]): number[] {
    return broadcastShapes(shape, paramShape(this.loc), paramShape(this.scale));
  }
  override inverseShape(shape: readonly number[]): number[] {
    return broadcastShapes(shape, paramShape(this.loc), paramShape(this.scale));
  }

  protected call(x: Tensor): Tensor {
    return tf.add(paramTensor(this.loc), tf.mul(paramTensor(this.scale), x));
  }
  protected override invCall(y: Tensor): Tensor {
    return tf.div(tf.sub(y, paramTensor(this.loc)), paramTensor(this.scale));
  }
  protected override ladj(x: Tensor, _y: Tensor): Tensor {
    let shape = x.shape.slice();
    let result: Tensor =
      typeof this.scale === 'number' ? tf.fill(x.shape, Math.log(Math.abs(this.scale))) : tf.log(tf.abs(paramTensor(this.scale)));
    const n = this._eventDim;
    if (n > 0) {
      const batch = result.shape.slice(0, Math.max(0, result.rank - n));
      result = tf.sum(tf.reshape(result, [...batch, -1]), -1);
      shape = shape.slice(0, Math.max(0, shape.length - n));
    }
    return tf.broadcastTo(result, shape);
  }
}
