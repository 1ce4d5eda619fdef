// AutoMultivariateNormal (Pyro's): a full-covariance Normal over the
// latent vector, through a Cholesky factor.
import { tf, eye } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { LowerCholeskyAffine, MultivariateNormal, Normal, constraints } from '@pyro-ts/distributions';
import type { Constraint, Distribution, Transform } from '@pyro-ts/distributions';
import type { Model } from './guide.js';
import { AutoContinuous, type AutoContinuousOptions } from './auto-continuous.js';
import { checkInitScale } from './auto-normal.js';

export interface AutoMultivariateNormalOptions extends AutoContinuousOptions {
  /** The initial scale of every unconstrained latent (default 0.1). */
  initScale?: number;
}

/**
 * Pyro's `AutoMultivariateNormal`: `MultivariateNormal(loc, scaleTril)`
 * over the latent vector with `scaleTril = scale[:, None] * scale_tril`
 * and the parameters `AutoMultivariateNormal.loc` (initialized by
 * `initLocFn`), `AutoMultivariateNormal.scale` (constraint
 * `scaleConstraint`, Pyro's `softplus_positive`; initially `initScale`)
 * and `AutoMultivariateNormal.scale_tril` (constraint
 * `scaleTrilConstraint`, Pyro's `unit_lower_cholesky`; initially the
 * identity).
 */
export class AutoMultivariateNormal extends AutoContinuous {
  static override readonly guideName: string = 'AutoMultivariateNormal';
  /** The constraint of the scale (Pyro's `scale_constraint`). */
  static scaleConstraint: Constraint = constraints.softplusPositive;
  /** The constraint of the unit lower-triangular factor (Pyro's `scale_tril_constraint`). */
  static scaleTrilConstraint: Constraint = constraints.unitLowerCholesky;
  /** The initial scale. */
  readonly initScale: number;

  constructor(model: Model, options: AutoMultivariateNormalOptions = {}) {
    const initScale = checkInitScale(options.initScale ?? 0.1);
    super(model, options);
    this.initScale = initScale;
  }

  protected override setupPrototype(...args: unknown[]): void {
    super.setupPrototype(...args);
    const ctor = this.constructor as typeof AutoMultivariateNormal;
    this.declareParam('loc', this.initLoc());
    this.declareParam('scale', tf.fill([this.latentDim], this.initScale), { constraint: ctor.scaleConstraint });
    this.declareParam('scale_tril', eye(this.latentDim), { constraint: ctor.scaleTrilConstraint });
  }

  /** The parameter `loc` (see `AutoGuide.getParam`). */
  get loc(): Tensor {
    return this.getParam('loc');
  }

  /** The parameter `scale`. */
  get scale(): Tensor {
    return this.getParam('scale');
  }

  /** The parameter `scale_tril` (unit lower-triangular). */
  get scaleTril(): Tensor {
    return this.getParam('scale_tril');
  }

  /** `scale[:, None] * scale_tril`, the Cholesky factor of the posterior covariance (a new tensor). */
  protected fullScaleTril(): Tensor {
    return tf.mul(tf.expandDims(this.scale, -1), this.scaleTril);
  }

  override getBaseDist(): Distribution {
    return new Normal(0, 1).expand([this.latentDim]).toEvent(1);
  }

  // (the factor first: Pyro's order of the param sites is scale, scale_tril, loc)
  override getTransform(): Transform {
    const scaleTril = this.fullScaleTril();
    return new LowerCholeskyAffine(this.loc, scaleTril);
  }

  override getPosterior(): Distribution {
    const scaleTril = this.fullScaleTril();
    return new MultivariateNormal({ loc: this.loc, scaleTril });
  }

  protected override locScale(): [Tensor, Tensor] {
    const scale = tf.sqrt(tf.sum(tf.square(this.fullScaleTril()), -1));
    return [this.loc, scale];
  }
}
