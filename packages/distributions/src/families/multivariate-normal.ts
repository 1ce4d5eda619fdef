// MultivariateNormal(loc, covarianceMatrix | precisionMatrix | scaleTril):
// torch.distributions.MultivariateNormal.
import { tf, broadcastShapes, randn, cholesky, triangularSolve, batchMahalanobis, diagonal, matrixTranspose, choleskyInverse, eye } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { lowerCholesky, positiveDefinite, realVector } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { toTensor } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { ValueError } from '../distribution/errors.js';
import { Distribution } from '../distribution/internal.js';

export interface MultivariateNormalArgs extends DistributionOptions {
  loc: TensorInput;
  covarianceMatrix?: TensorInput;
  precisionMatrix?: TensorInput;
  scaleTril?: TensorInput;
}

const MATRICES = ['covarianceMatrix', 'precisionMatrix', 'scaleTril'] as const;
type MatrixName = (typeof MATRICES)[number];

/**
 * The lower Cholesky factor of the covariance P⁻¹ from a precision matrix
 * P, without inverting P: with J the exchange matrix, J P J = Lf Lfᵀ gives
 * P⁻¹ = (J Lf⁻ᵀ J)(J Lf⁻ᵀ J)ᵀ, and J Lf⁻ᵀ J is lower triangular. Call inside tf.tidy.
 */
export function precisionToScaleTril(p: Tensor): Tensor {
  const r = p.rank;
  const n = p.shape[r - 1] as number;
  const lf = cholesky(tf.reverse(p, [r - 2, r - 1]));
  const lInv = matrixTranspose(tf.reverse(lf, [r - 2, r - 1]));
  return triangularSolve(lInv, eye(n), { upper: false });
}

/** y = L x for lower-triangular L `[..., n, n]` and vectors x `[..., n]` (batch dims broadcast). Call inside tf.tidy. */
export function batchMatVec(l: Tensor, x: Tensor): Tensor {
  return tf.sum(tf.mul(l, tf.expandDims(x, -2)), -1);
}

/**
 * `new MultivariateNormal(loc, { covarianceMatrix | precisionMatrix |
 * scaleTril })` or `new MultivariateNormal({ loc, scaleTril })`: a Gaussian
 * with mean `loc` (`[..., n]`) and exactly one of a covariance, a precision
 * or a lower Cholesky factor of the covariance (`[..., n, n]`). The third
 * positional argument form of torch, `(loc, covarianceMatrix)`, is accepted
 * too.
 */
export class MultivariateNormal extends Distribution {
  protected readonly matrixName: MatrixName;

  constructor(loc: TensorInput, covarianceMatrix?: TensorInput, precisionMatrix?: TensorInput, scaleTril?: TensorInput, options?: DistributionOptions);
  constructor(loc: TensorInput, args: Omit<MultivariateNormalArgs, 'loc'>);
  constructor(args: MultivariateNormalArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('MultivariateNormal', args, ['loc', ...MATRICES]);
    const loc = required('MultivariateNormal', kw, 'loc');
    const given = MATRICES.filter((m) => kw[m] !== undefined && kw[m] !== null);
    if (given.length !== 1) throw new ValueError('Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.');
    const name = given[0] as MatrixName;
    const m = kw[name] as TensorInput;
    const locShape = inputShape(loc);
    const mShape = inputShape(m);
    if (locShape.length < 1) throw new ValueError('loc must be at least one-dimensional.');
    if (mShape.length < 2) {
      const what = name === 'scaleTril' ? 'scale_tril' : name === 'covarianceMatrix' ? 'covariance_matrix' : 'precision_matrix';
      throw new ValueError(`${what} matrix must be at least two-dimensional, with optional leading batch dimensions`);
    }
    const batch = broadcastShapes(mShape.slice(0, -2), locShape.slice(0, -1));
    super(batch, locShape.slice(-1), kw);
    this._params.loc = loc;
    this._params[name] = m;
    this.matrixName = name;
    this.validateParams();
  }

  override get className(): string {
    return 'MultivariateNormal';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { loc: realVector, covarianceMatrix: positiveDefinite, precisionMatrix: positiveDefinite, scaleTril: lowerCholesky };
  }

  protected override paramEventRank(name: string): number {
    return name === 'loc' ? 1 : 2;
  }

  override get support(): Constraint {
    return realVector;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** The Cholesky factor of the covariance, not broadcast (torch's `_unbroadcasted_scale_tril`). Call inside tf.tidy. */
  unbroadcastedScaleTril(): Tensor {
    const m = toTensor(this._params[this.matrixName] as TensorInput);
    if (this.matrixName === 'scaleTril') return m;
    if (this.matrixName === 'covarianceMatrix') return cholesky(m);
    return precisionToScaleTril(m);
  }

  private matShape(): number[] {
    const n = this.eventShape[0] as number;
    return [...this.batchShape, n, n];
  }

  get loc(): Tensor {
    return this.pOut('loc');
  }

  get scaleTril(): Tensor {
    return tf.tidy(() => tf.broadcastTo(this.unbroadcastedScaleTril(), this.matShape()));
  }

  get covarianceMatrix(): Tensor {
    if (this.matrixName === 'covarianceMatrix') return this.pOut('covarianceMatrix');
    return tf.tidy(() => {
      const l = this.unbroadcastedScaleTril();
      return tf.broadcastTo(tf.matMul(l, matrixTranspose(l)), this.matShape());
    });
  }

  get precisionMatrix(): Tensor {
    if (this.matrixName === 'precisionMatrix') return this.pOut('precisionMatrix');
    return tf.tidy(() => tf.broadcastTo(choleskyInverse(this.unbroadcastedScaleTril()), this.matShape()));
  }

  override expand(batchShape: readonly number[]): MultivariateNormal {
    return this.expandedCopy(batchShape);
  }

  override get mean(): Tensor {
    return this.loc;
  }

  override get mode(): Tensor {
    return this.loc;
  }

  override get variance(): Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.sum(tf.square(this.unbroadcastedScaleTril()), -1), [...this.batchShape, ...this.eventShape]));
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const eps = randn(this.shape(sampleShape));
      return tf.add(this.p('loc'), batchMatVec(this.unbroadcastedScaleTril(), eps));
    });
  }

  /** Σ log diag L, over the unbroadcast batch dims. Call inside tf.tidy. */
  protected halfLogDet(l: Tensor): Tensor {
    return tf.sum(tf.log(diagonal(l)), -1);
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const l = this.unbroadcastedScaleTril();
      const diff = tf.sub(v, this.p('loc'));
      const m = batchMahalanobis(l, diff);
      const n = this.eventShape[0] as number;
      return tf.sub(tf.mul(tf.add(m, n * Math.log(2 * Math.PI)), -0.5), this.halfLogDet(l));
    });
  }

  override entropy(): Tensor {
    return tf.tidy(() => {
      const n = this.eventShape[0] as number;
      const h = tf.add(this.halfLogDet(this.unbroadcastedScaleTril()), 0.5 * n * (1 + Math.log(2 * Math.PI)));
      return tf.broadcastTo(h, this.batchShape);
    });
  }
}
