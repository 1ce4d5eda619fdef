// MultivariateStudentT(df, loc, scaleTril): Pyro's multivariate Student t
// (pyro.distributions.MultivariateStudentT).
import { tf, batchMahalanobis, broadcastShapes, choleskyInverse, diagonal, lgamma, matrixTranspose, randn } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { lowerCholesky, positive, realVector } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { toTensor } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { ValueError } from '../distribution/errors.js';
import { Distribution } from '../distribution/internal.js';
import { batchMatVec } from './multivariate-normal.js';
import { standardGamma } from './standard-gamma.js';

export interface MultivariateStudentTArgs extends DistributionOptions {
  df: TensorInput;
  loc: TensorInput;
  scaleTril: TensorInput;
}

const LOG_PI = Math.log(Math.PI);

/**
 * The multivariate t with `df` > 0 degrees of freedom, location `loc`
 * (`[..., n]`) and lower Cholesky scale `scaleTril` (`[..., n, n]`):
 * loc + L z / √(χ²_df / df) with z ~ N(0, I). `covarianceMatrix` is L Lᵀ
 * (as Pyro: the covariance of the distribution is df / (df − 2) · L Lᵀ).
 * `rsample` is differentiable in all three parameters (df through the
 * implicit Gamma gradient).
 */
export class MultivariateStudentT extends Distribution {
  constructor(df: TensorInput, loc: TensorInput, scaleTril: TensorInput, options?: DistributionOptions);
  constructor(df: TensorInput, loc: TensorInput, args: Omit<MultivariateStudentTArgs, 'df' | 'loc'>);
  constructor(args: MultivariateStudentTArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('MultivariateStudentT', args, ['df', 'loc', 'scaleTril']);
    const df = required('MultivariateStudentT', kw, 'df');
    const loc = required('MultivariateStudentT', kw, 'loc');
    const scaleTril = required('MultivariateStudentT', kw, 'scaleTril');
    const locShape = inputShape(loc);
    const lShape = inputShape(scaleTril);
    if (locShape.length < 1) throw new ValueError('loc must be at least one-dimensional.');
    const n = locShape[locShape.length - 1] as number;
    if (lShape.length < 2 || lShape[lShape.length - 1] !== n || lShape[lShape.length - 2] !== n) {
      throw new ValueError(`scale_tril must have shape (..., ${n}, ${n}) to match loc of shape (..., ${n}), got (${lShape.join(', ')})`);
    }
    super(broadcastShapes(inputShape(df), locShape.slice(0, -1), lShape.slice(0, -2)), [n], kw);
    Object.assign(this._params, { df, loc, scaleTril });
    this.validateParams();
  }

  override get className(): string {
    return 'MultivariateStudentT';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { df: positive, loc: realVector, scaleTril: lowerCholesky };
  }

  protected override paramEventRank(name: string): number {
    return name === 'df' ? 0 : name === 'loc' ? 1 : 2;
  }

  override get support(): Constraint {
    return realVector;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** The scale factor as given, not broadcast (Pyro's `_unbroadcasted_scale_tril`). Call inside tf.tidy. */
  unbroadcastedScaleTril(): Tensor {
    return toTensor(this._params.scaleTril as TensorInput);
  }

  get df(): Tensor {
    return this.pOut('df');
  }

  get loc(): Tensor {
    return this.pOut('loc');
  }

  get scaleTril(): Tensor {
    return this.pOut('scaleTril');
  }

  /** L Lᵀ broadcast to `batchShape + [n, n]` (not the covariance, which is df / (df − 2) times it). */
  get covarianceMatrix(): Tensor {
    return tf.tidy(() => {
      const l = this.unbroadcastedScaleTril();
      const n = this.eventShape[0] as number;
      return tf.broadcastTo(tf.matMul(l, matrixTranspose(l)), [...this.batchShape, n, n]);
    });
  }

  /** (L Lᵀ)⁻¹ broadcast to `batchShape + [n, n]`. */
  get precisionMatrix(): Tensor {
    return tf.tidy(() => {
      const n = this.eventShape[0] as number;
      return tf.broadcastTo(choleskyInverse(this.unbroadcastedScaleTril()), [...this.batchShape, n, n]);
    });
  }

  override expand(batchShape: readonly number[]): MultivariateStudentT {
    return this.expandedCopy(batchShape);
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      const df = this.p('df');
      const x = randn(shape);
      // χ²(df) = 2 Gamma(df / 2, 1), one per sample and batch element.
      const z = tf.mul(standardGamma(tf.broadcastTo(tf.mul(df, 0.5), shape.slice(0, -1))), 2);
      const y = tf.mul(x, tf.expandDims(tf.rsqrt(tf.div(z, df)), -1));
      return tf.add(this.p('loc'), batchMatVec(this.unbroadcastedScaleTril(), y));
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const n = this.eventShape[0] as number;
      const df = this.p('df');
      const l = this.unbroadcastedScaleTril();
      const m = batchMahalanobis(l, tf.sub(v, this.p('loc')));
      const halfLogDet = tf.sum(tf.log(diagonal(l)), -1);
      const z = tf.add(
        tf.add(halfLogDet, tf.add(tf.mul(tf.log(df), 0.5 * n), 0.5 * n * LOG_PI)),
        tf.sub(lgamma(tf.mul(df, 0.5)), lgamma(tf.mul(tf.add(df, n), 0.5))),
      );
      return tf.sub(tf.mul(tf.mul(tf.add(df, n), -0.5), tf.log1p(tf.div(m, df))), z);
    });
  }

  /** loc, NaN where df ≤ 1. */
  override get mean(): Tensor {
    return tf.tidy(() => {
      const loc = this.p('loc');
      const undefinedMean = tf.expandDims(tf.lessEqual(this.p('df'), 1), -1);
      return tf.where(tf.broadcastTo(undefinedMean, loc.shape), tf.fill(loc.shape, NaN), loc);
    });
  }

  /** diag(L Lᵀ) · df / (df − 2); +∞ where 1 < df ≤ 2, NaN where df ≤ 1. */
  override get variance(): Tensor {
    return tf.tidy(() => {
      const df = this.p('df');
      const shape = [...this.batchShape, ...this.eventShape];
      const diag = tf.broadcastTo(tf.sum(tf.square(this.unbroadcastedScaleTril()), -1), shape);
      const finite = tf.mul(diag, tf.expandDims(tf.div(df, tf.sub(df, 2)), -1));
      const dfe = tf.broadcastTo(tf.expandDims(df, -1), shape);
      const v = tf.where(tf.lessEqual(dfe, 2), tf.fill(shape, Infinity), finite);
      return tf.where(tf.lessEqual(dfe, 1), tf.fill(shape, NaN), v);
    });
  }
}
