// AutoLowRankMultivariateNormal (Pyro's): a low-rank plus diagonal
// covariance Normal over the latent vector.
import { tf, randn } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { LowRankMultivariateNormal, constraints } from '@pyro-ts/distributions';
import type { Constraint, Distribution } from '@pyro-ts/distributions';
import type { Model } from './guide.js';
import { AutoContinuous, type AutoContinuousOptions } from './auto-continuous.js';
import { checkInitScale } from './auto-normal.js';

export interface AutoLowRankMultivariateNormalOptions extends AutoContinuousOptions {
  /** Approximate initial scale of every unconstrained latent (default 0.1). */
  initScale?: number;
  /** The rank of the low-rank part of the covariance (default: about the square root of `latentDim`). */
  rank?: number;
}

/**
 * Pyro's `AutoLowRankMultivariateNormal`:
 * `LowRankMultivariateNormal(loc, cov_factor * scale[:, None], scale²)`
 * over the latent vector, with the parameters
 * `AutoLowRankMultivariateNormal.loc` (initialized by `initLocFn`),
 * `AutoLowRankMultivariateNormal.scale` (constraint `scaleConstraint`,
 * Pyro's `softplus_positive`; initially `sqrt(0.5) * initScale`) and
 * `AutoLowRankMultivariateNormal.cov_factor` (`[latentDim, rank]`, drawn
 * from Normal(0, 1/sqrt(rank)) with the library's seeded generator, so that
 * `cov_factor cov_factorᵀ` has about the scale of the diagonal).
 */
export class AutoLowRankMultivariateNormal extends AutoContinuous {
  static override readonly guideName: string = 'AutoLowRankMultivariateNormal';
  /** The constraint of the scale (Pyro's `scale_constraint`). */
  static scaleConstraint: Constraint = constraints.softplusPositive;
  /** The initial scale. */
  readonly initScale: number;
  /** The rank (set on the first call when not given). */
  rank: number | undefined;

  constructor(model: Model, options: AutoLowRankMultivariateNormalOptions = {}) {
    const initScale = checkInitScale(options.initScale ?? 0.1);
    const rank = options.rank;
    if (!(rank === undefined || (Number.isInteger(rank) && rank > 0))) throw new Error(`Expected rank > 0 but got ${String(rank)}`);
    super(model, options);
    this.initScale = initScale;
    this.rank = rank;
  }

  protected override setupPrototype(...args: unknown[]): void {
    super.setupPrototype(...args);
    this.declareParam('loc', this.initLoc());
    if (this.rank === undefined) this.rank = Math.round(Math.sqrt(this.latentDim));
    const rank = this.rank;
    const ctor = this.constructor as typeof AutoLowRankMultivariateNormal;
    this.declareParam('scale', tf.fill([this.latentDim], Math.sqrt(0.5) * this.initScale), { constraint: ctor.scaleConstraint });
    this.declareParam(
      'cov_factor',
      tf.tidy(() => tf.mul(randn([this.latentDim, rank]), 1 / Math.sqrt(rank))),
    );
  }

  /** The parameter `loc` (see `AutoGuide.getParam`). */
  get loc(): Tensor {
    return this.getParam('loc');
  }

  /** The parameter `scale`. */
  get scale(): Tensor {
    return this.getParam('scale');
  }

  /** The parameter `cov_factor`. */
  get covFactor(): Tensor {
    return this.getParam('cov_factor');
  }

  override getPosterior(): Distribution {
    const scale = this.scale;
    const covFactor = tf.mul(this.covFactor, tf.expandDims(scale, -1));
    return new LowRankMultivariateNormal(this.loc, covFactor, tf.square(scale));
  }

  protected override locScale(): [Tensor, Tensor] {
    const scale = tf.mul(this.scale, tf.sqrt(tf.add(tf.sum(tf.square(this.covFactor), -1), 1)));
    return [this.loc, scale];
  }
}
