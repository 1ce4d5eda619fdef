// Element-wise (event_dim 0) transforms: exp, power, sigmoid, softplus, tanh, abs.
import { tf, broadcastShapes, expm1, log1p, softplus } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { real, positive, unitInterval, interval } from '../constraints/index.js';
import { ParameterlessTransform, Transform, type Sign } from './transform.js';
import { paramShape, paramTensor, type Param } from '../internal/params.js';
import { clippedSigmoid, FLOAT32_EPS, FLOAT32_TINY } from '../internal/util.js';

/** y = exp(x). */
export class ExpTransform extends ParameterlessTransform {
  readonly className: string = 'ExpTransform';
  get domain(): Constraint {
    return real;
  }
  get codomain(): Constraint {
    return positive;
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): Sign {
    return 1;
  }
  protected call(x: Tensor): Tensor {
    return tf.exp(x);
  }
  protected override invCall(y: Tensor): Tensor {
    return tf.log(y);
  }
  protected override ladj(x: Tensor, _y: Tensor): Tensor {
    return tf.clone(x);
  }
}

/**
 * y = x^exponent on the positive half line. As in torch 1.13, `sign` is +1
 * whatever the exponent's sign (later torch versions return sign(exponent)).
 */
export class PowerTransform extends Transform {
  readonly className: string = 'PowerTransform';
  constructor(readonly exponent: Param) {
    super();
  }
  get domain(): Constraint {
    return positive;
  }
  get codomain(): Constraint {
    return positive;
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): Sign {
    return 1;
  }
  override equals(other: Transform): boolean {
    if (!(other instanceof PowerTransform)) return false;
    if (other === this) return true;
    return tf.tidy(() => tf.all(tf.equal(paramTensor(this.exponent), paramTensor(other.exponent))).dataSync()[0] === 1);
  }
  override forwardShape(shape: readonly number[]): number[] {
    return broadcastShapes(shape, paramShape(this.exponent));
  }
  override inverseShape(shape: readonly number[]): number[] {
    return broadcastShapes(shape, paramShape(this.exponent));
  }
  protected call(x: Tensor): Tensor {
    return tf.pow(x, paramTensor(this.exponent));
  }
  protected override invCall(y: Tensor): Tensor {
    return tf.pow(y, tf.reciprocal(paramTensor(this.exponent)));
  }
  protected override ladj(x: Tensor, y: Tensor): Tensor {
    return tf.log(tf.abs(tf.div(tf.mul(paramTensor(this.exponent), y), x)));
  }
}

/**
 * Pyro's `PositivePowerTransform`: y = sign(x)·|x|^exponent on the real
 * line, for exponent > 0 (checked when the exponent is a number or array).
 */
export class PositivePowerTransform extends Transform {
  readonly className: string = 'PositivePowerTransform';
  constructor(readonly exponent: Param) {
    super();
    if (typeof exponent === 'number' && !(exponent > 0)) throw new RangeError(`Expected exponent > 0 but got:${exponent}`);
  }
  get domain(): Constraint {
    return real;
  }
  get codomain(): Constraint {
    return real;
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): Sign {
    return 1;
  }
  override forwardShape(shape: readonly number[]): number[] {
    return broadcastShapes(shape, paramShape(this.exponent));
  }
  override inverseShape(shape: readonly number[]): number[] {
    return broadcastShapes(shape, paramShape(this.exponent));
  }
  protected call(x: Tensor): Tensor {
    return tf.mul(tf.pow(tf.abs(x), paramTensor(this.exponent)), tf.sign(x));
  }
  protected override invCall(y: Tensor): Tensor {
    return tf.mul(tf.pow(tf.abs(y), tf.reciprocal(paramTensor(this.exponent))), tf.sign(y));
  }
  protected override ladj(x: Tensor, y: Tensor): Tensor {
    return tf.add(tf.log(paramTensor(this.exponent)), tf.log(tf.div(y, x)));
  }
}

/** y = sigmoid(x), clipped to [tiny, 1 - eps] of float32 as torch clips to its dtype. */
export class SigmoidTransform extends ParameterlessTransform {
  readonly className: string = 'SigmoidTransform';
  get domain(): Constraint {
    return real;
  }
  get codomain(): Constraint {
    return unitInterval;
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): Sign {
    return 1;
  }
  protected call(x: Tensor): Tensor {
    return clippedSigmoid(x);
  }
  protected override invCall(y: Tensor): Tensor {
    const c = tf.clipByValue(y, FLOAT32_TINY, 1 - FLOAT32_EPS);
    return tf.sub(tf.log(c), log1p(tf.neg(c)));
  }
  protected override ladj(x: Tensor, _y: Tensor): Tensor {
    return tf.sub(tf.neg(softplus(tf.neg(x))), softplus(x));
  }
}

/** y = softplus(x) = log(1 + exp(x)) (Pyro's class, whose inverse is y + log(-expm1(-y))). */
export class SoftplusTransform extends ParameterlessTransform {
  readonly className: string = 'SoftplusTransform';
  get domain(): Constraint {
    return real;
  }
  get codomain(): Constraint {
    return positive;
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): Sign {
    return 1;
  }
  protected call(x: Tensor): Tensor {
    return softplus(x);
  }
  protected override invCall(y: Tensor): Tensor {
    return softplusInv(y);
  }
  protected override ladj(x: Tensor, _y: Tensor): Tensor {
    return tf.neg(softplus(tf.neg(x)));
  }
}

/** The inverse of softplus: y + log(-expm1(-y)). */
export function softplusInv(y: Tensor): Tensor {
  return tf.add(y, tf.log(tf.neg(expm1(tf.neg(y)))));
}

const TANH_CODOMAIN = interval(-1.0, 1.0);

/** y = tanh(x); the log-Jacobian uses 2(log 2 - x - softplus(-2x)) for stability. */
export class TanhTransform extends ParameterlessTransform {
  readonly className: string = 'TanhTransform';
  get domain(): Constraint {
    return real;
  }
  get codomain(): Constraint {
    return TANH_CODOMAIN;
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): Sign {
    return 1;
  }
  protected call(x: Tensor): Tensor {
    return tf.tanh(x);
  }
  protected override invCall(y: Tensor): Tensor {
    return tf.atanh(y);
  }
  protected override ladj(x: Tensor, _y: Tensor): Tensor {
    return tf.mul(2, tf.sub(tf.sub(Math.LN2, x), softplus(tf.mul(-2, x))));
  }
}

/** y = |x| (not bijective; its inverse is the identity on the positive half line). */
export class AbsTransform extends ParameterlessTransform {
  readonly className: string = 'AbsTransform';
  get domain(): Constraint {
    return real;
  }
  get codomain(): Constraint {
    return positive;
  }
  protected call(x: Tensor): Tensor {
    return tf.abs(x);
  }
  protected override invCall(y: Tensor): Tensor {
    return tf.clone(y);
  }
}
