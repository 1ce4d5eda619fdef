// Transforms onto the simplex: stick-breaking (bijective) and softmax.
import { tf, logsigmoid, softmax } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { realVector, simplex } from '../constraints/index.js';
import { ParameterlessTransform } from './transform.js';
import { clippedSigmoid, cumprodPositive, cumsumLast, FLOAT32_TINY, padLast, sliceLast } from '../internal/util.js';

/** log([K, K-1, ..., 1]) for the last dim of size K. */
function logOffset(k: number): Tensor {
  const v = new Float32Array(k);
  for (let i = 0; i < k; i++) v[i] = Math.log(k - i);
  return tf.tensor1d(v);
}

function needsVector(shape: readonly number[]): void {
  if (shape.length < 1) throw new Error('Too few dimensions on input');
}

/**
 * Unconstrained vectors of size K to the simplex of size K + 1 by
 * stick-breaking (an iterated sigmoid, offset so that x = 0 maps to the
 * uniform point). Bijective.
 */
export class StickBreakingTransform extends ParameterlessTransform {
  readonly className: string = 'StickBreakingTransform';
  get domain(): Constraint {
    return realVector;
  }
  get codomain(): Constraint {
    return simplex;
  }
  override get bijective(): boolean {
    return true;
  }
  override forwardShape(shape: readonly number[]): number[] {
    needsVector(shape);
    return [...shape.slice(0, -1), (shape[shape.length - 1] as number) + 1];
  }
  override inverseShape(shape: readonly number[]): number[] {
    needsVector(shape);
    return [...shape.slice(0, -1), (shape[shape.length - 1] as number) - 1];
  }
  protected call(x: Tensor): Tensor {
    const k = x.shape[x.rank - 1] as number;
    const z = clippedSigmoid(tf.sub(x, logOffset(k)));
    const zCumprod = cumprodPositive(tf.sub(1, z));
    return tf.mul(padLast(z, 0, 1, 1), padLast(zCumprod, 1, 0, 1));
  }
  protected override invCall(y: Tensor): Tensor {
    const yCrop = sliceLast(y, 0, -1);
    const k = yCrop.shape[yCrop.rank - 1] as number;
    const sf = tf.maximum(tf.sub(1, cumsumLast(yCrop)), FLOAT32_TINY);
    return tf.add(tf.sub(tf.log(yCrop), tf.log(sf)), logOffset(k));
  }
  protected override ladj(x: Tensor, y: Tensor): Tensor {
    const k = x.shape[x.rank - 1] as number;
    const xs = tf.sub(x, logOffset(k));
    return tf.sum(tf.add(tf.add(tf.neg(xs), logsigmoid(xs)), tf.log(sliceLast(y, 0, -1))), -1);
  }
}

/**
 * Unconstrained vectors to the simplex by exp-and-normalize. Not bijective
 * (its inverse is `log`), with no log-Jacobian (NotImplementedError), as torch's.
 */
export class SoftmaxTransform extends ParameterlessTransform {
  readonly className: string = 'SoftmaxTransform';
  get domain(): Constraint {
    return realVector;
  }
  get codomain(): Constraint {
    return simplex;
  }
  override forwardShape(shape: readonly number[]): number[] {
    needsVector(shape);
    return shape.slice();
  }
  override inverseShape(shape: readonly number[]): number[] {
    needsVector(shape);
    return shape.slice();
  }
  protected call(x: Tensor): Tensor {
    return softmax(x, -1);
  }
  protected override invCall(y: Tensor): Tensor {
    return tf.log(y);
  }
}
