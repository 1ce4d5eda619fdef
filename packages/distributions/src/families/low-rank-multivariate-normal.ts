// LowRankMultivariateNormal(loc, covFactor, covDiag): a Gaussian with
// covariance W Wᵀ + diag(D) (torch.distributions.LowRankMultivariateNormal).
import { tf, broadcastShapes, formatShape, randn, cholesky, batchMahalanobis, diagonal, eye, matrixTranspose, diagEmbed, inversePD } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { independent, positive, real, realVector } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { toTensor } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { ValueError } from '../distribution/errors.js';
import { Distribution } from '../distribution/internal.js';
import { batchMatVec } from './multivariate-normal.js';

export interface LowRankMultivariateNormalArgs extends DistributionOptions {
  loc: TensorInput;
  covFactor: TensorInput;
  covDiag: TensorInput;
}

/**
 * `new LowRankMultivariateNormal(loc, covFactor, covDiag)`: mean `loc`
 * (`[..., n]`), covariance `covFactor covFactorᵀ + diag(covDiag)` with
 * `covFactor` `[..., n, m]` and `covDiag` `[..., n]` > 0. Log-densities use
 * the capacitance matrix I + Wᵀ D⁻¹ W (m × m), as torch does.
 */
export class LowRankMultivariateNormal extends Distribution {
  constructor(loc: TensorInput, covFactor: TensorInput, covDiag: TensorInput, options?: DistributionOptions);
  constructor(args: LowRankMultivariateNormalArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('LowRankMultivariateNormal', args, ['loc', 'covFactor', 'covDiag']);
    const loc = required('LowRankMultivariateNormal', kw, 'loc');
    const covFactor = required('LowRankMultivariateNormal', kw, 'covFactor');
    const covDiag = required('LowRankMultivariateNormal', kw, 'covDiag');
    const ls = inputShape(loc);
    const ws = inputShape(covFactor);
    const ds = inputShape(covDiag);
    if (ls.length < 1) throw new ValueError('loc must be at least one-dimensional.');
    const n = ls[ls.length - 1] as number;
    if (ws.length < 2) throw new ValueError('cov_factor must be at least two-dimensional, with optional leading batch dimensions');
    if (ws[ws.length - 2] !== n) throw new ValueError(`cov_factor must be a batch of matrices with shape ${n} x m`);
    if (ds[ds.length - 1] !== n) throw new ValueError(`cov_diag must be a batch of vectors with shape ${formatShape([n])}`);
    const batch = broadcastShapes(ls.slice(0, -1), ws.slice(0, -2), ds.slice(0, -1));
    super(batch, [n], kw);
    Object.assign(this._params, { loc, covFactor, covDiag });
    this.validateParams();
  }

  override get className(): string {
    return 'LowRankMultivariateNormal';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { loc: realVector, covFactor: independent(real, 2), covDiag: independent(positive, 1) };
  }

  protected override paramEventRank(name: string): number {
    return name === 'covFactor' ? 2 : 1;
  }

  override get support(): Constraint {
    return realVector;
  }

  override get hasRsample(): boolean {
    return true;
  }

  get loc(): Tensor {
    return this.pOut('loc');
  }

  get covFactor(): Tensor {
    return this.pOut('covFactor');
  }

  get covDiag(): Tensor {
    return this.pOut('covDiag');
  }

  override expand(batchShape: readonly number[]): LowRankMultivariateNormal {
    return this.expandedCopy(batchShape);
  }

  /** W and D broadcast to a common batch shape, and the Cholesky factor of I + Wᵀ D⁻¹ W. Call inside tf.tidy. */
  protected parts(): { w: Tensor; d: Tensor; capTril: Tensor } {
    const w0 = toTensor(this._params.covFactor as TensorInput);
    const d0 = toTensor(this._params.covDiag as TensorInput);
    const batch = broadcastShapes(w0.shape.slice(0, -2), d0.shape.slice(0, -1));
    const n = this.eventShape[0] as number;
    const m = w0.shape[w0.rank - 1] as number;
    const w = tf.broadcastTo(w0, [...batch, n, m]);
    const d = tf.broadcastTo(d0, [...batch, n]);
    const wtDinv = tf.div(matrixTranspose(w), tf.expandDims(d, -2));
    const k = tf.add(tf.matMul(wtDinv, w), eye(m));
    return { w, d, capTril: cholesky(k) };
  }

  override get mean(): Tensor {
    return this.loc;
  }

  override get mode(): Tensor {
    return this.loc;
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      const w = toTensor(this._params.covFactor as TensorInput);
      const d = toTensor(this._params.covDiag as TensorInput);
      return tf.broadcastTo(tf.add(tf.sum(tf.square(w), -1), d), [...this.batchShape, ...this.eventShape]);
    });
  }

  get covarianceMatrix(): Tensor {
    return tf.tidy(() => {
      const { w, d } = this.parts();
      const n = this.eventShape[0] as number;
      return tf.broadcastTo(tf.add(tf.matMul(w, matrixTranspose(w)), diagEmbed(d)), [...this.batchShape, n, n]);
    });
  }

  get scaleTril(): Tensor {
    return tf.tidy(() => {
      const { w, d } = this.parts();
      const n = this.eventShape[0] as number;
      const sqrtD = tf.expandDims(tf.sqrt(d), -1);
      const dw = tf.div(w, sqrtD);
      const k = tf.add(tf.matMul(dw, matrixTranspose(dw)), eye(n));
      return tf.broadcastTo(tf.mul(sqrtD, cholesky(k)), [...this.batchShape, n, n]);
    });
  }

  get precisionMatrix(): Tensor {
    return tf.tidy(() => inversePD(this.covarianceMatrix));
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      const w = toTensor(this._params.covFactor as TensorInput);
      const m = w.shape[w.rank - 1] as number;
      const epsW = randn([...shape.slice(0, -1), m]);
      const epsD = randn(shape);
      const d = toTensor(this._params.covDiag as TensorInput);
      return tf.add(tf.add(this.p('loc'), batchMatVec(w, epsW)), tf.mul(tf.sqrt(d), epsD));
    });
  }

  /** log det(W Wᵀ + D) = 2 Σ log diag(capTril) + Σ log D. Call inside tf.tidy. */
  protected logDet(d: Tensor, capTril: Tensor): Tensor {
    return tf.add(tf.mul(tf.sum(tf.log(diagonal(capTril)), -1), 2), tf.sum(tf.log(d), -1));
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const { w, d, capTril } = this.parts();
      const diff = tf.sub(v, this.p('loc'));
      // Woodbury: xᵀ Σ⁻¹ x = Σ x²/D − |C⁻¹ Wᵀ D⁻¹ x|² with C = chol(I + Wᵀ D⁻¹ W).
      const wtDinvX = tf.sum(tf.mul(matrixTranspose(tf.div(w, tf.expandDims(d, -1))), tf.expandDims(diff, -2)), -1);
      const maha = tf.sub(tf.sum(tf.div(tf.square(diff), d), -1), batchMahalanobis(capTril, wtDinvX));
      const n = this.eventShape[0] as number;
      return tf.mul(tf.add(tf.add(maha, this.logDet(d, capTril)), n * Math.log(2 * Math.PI)), -0.5);
    });
  }

  override entropy(): Tensor {
    return tf.tidy(() => {
      const { d, capTril } = this.parts();
      const n = this.eventShape[0] as number;
      const h = tf.mul(tf.add(this.logDet(d, capTril), n * (1 + Math.log(2 * Math.PI))), 0.5);
      return tf.broadcastTo(h, this.batchShape);
    });
  }
}
