// CorrCholeskyTransform: unconstrained vectors to Cholesky factors of correlation matrices.
import { tf, eye, log1p, softplus } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { realVector, corrCholesky } from '../constraints/index.js';
import { ParameterlessTransform } from './transform.js';
import { trilMatrixToVec, vecToTrilMatrix } from '../internal/tril-vec.js';
import { cumsumLast, FLOAT32_EPS, padLast, sliceLast } from '../internal/util.js';

/**
 * A vector of length D(D-1)/2 to the D×D lower Cholesky factor of a
 * correlation matrix: tanh into (-1, 1), then a signed stick-breaking per
 * row so that each row has unit norm (torch's CorrCholeskyTransform).
 * The log-Jacobian is that of x and the strictly lower part of y.
 */
export class CorrCholeskyTransform extends ParameterlessTransform {
  readonly className: string = 'CorrCholeskyTransform';
  get domain(): Constraint {
    return realVector;
  }
  get codomain(): Constraint {
    return corrCholesky;
  }
  override get bijective(): boolean {
    return true;
  }
  override forwardShape(shape: readonly number[]): number[] {
    if (shape.length < 1) throw new Error('Too few dimensions on input');
    const n = shape[shape.length - 1] as number;
    const d = Math.round(Math.sqrt(0.25 + 2 * n) + 0.5);
    if ((d * (d - 1)) / 2 !== n) throw new Error('Input is not a flattend lower-diagonal number');
    return [...shape.slice(0, -1), d, d];
  }
  override inverseShape(shape: readonly number[]): number[] {
    if (shape.length < 2) throw new Error('Too few dimensions on input');
    if (shape[shape.length - 2] !== shape[shape.length - 1]) throw new Error('Input is not square');
    const d = shape[shape.length - 1] as number;
    return [...shape.slice(0, -2), (d * (d - 1)) / 2];
  }
  protected call(x: Tensor): Tensor {
    const t = tf.clipByValue(tf.tanh(x), -1 + FLOAT32_EPS, 1 - FLOAT32_EPS);
    const r = vecToTrilMatrix(t, -1);
    // sqrt(1 - r²) cumulated by products, computed as exp(cumsum(½ log1p(-r²))).
    const z1mCumprodSqrt = tf.exp(cumsumLast(tf.mul(0.5, log1p(tf.neg(tf.square(r))))));
    const n = r.shape[r.rank - 1] as number;
    return tf.mul(tf.add(r, eye(n)), padLast(sliceLast(z1mCumprodSqrt, 0, -1), 1, 0, 1));
  }
  protected override invCall(y: Tensor): Tensor {
    const yCumsum = tf.sub(1, cumsumLast(tf.square(y)));
    const shifted = padLast(sliceLast(yCumsum, 0, -1), 1, 0, 1);
    const t = tf.div(trilMatrixToVec(y, -1), tf.sqrt(trilMatrixToVec(shifted, -1)));
    return tf.div(tf.sub(log1p(t), log1p(tf.neg(t))), 2);
  }
  protected override ladj(x: Tensor, y: Tensor): Tensor {
    const y1mCumsum = tf.sub(1, cumsumLast(tf.square(y)));
    const stickBreaking = tf.mul(0.5, tf.sum(tf.log(trilMatrixToVec(y1mCumsum, -2)), -1));
    const tanh = tf.mul(-2, tf.sum(tf.sub(tf.add(x, softplus(tf.mul(-2, x))), Math.LN2), -1));
    return tf.add(stickBreaking, tanh);
  }
}

/** Pyro's deprecated alias of CorrCholeskyTransform. */
export class CorrLCholeskyTransform extends CorrCholeskyTransform {
  override readonly className: string = 'CorrLCholeskyTransform';
}
