// AutoDiagonalNormal (Pyro's): a diagonal Normal over the latent vector.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { AffineTransform, Normal, constraints } from '@pyro-ts/distributions';
import type { Constraint, Distribution, Transform } from '@pyro-ts/distributions';
import type { Model } from './guide.js';
import { AutoContinuous, type AutoContinuousOptions } from './auto-continuous.js';
import { checkInitScale } from './auto-normal.js';

export interface AutoDiagonalNormalOptions extends AutoContinuousOptions {
  /** The initial scale of every unconstrained latent (default 0.1). */
  initScale?: number;
}

/**
 * Pyro's `AutoDiagonalNormal`: `Normal(loc, scale).toEvent(1)` over the
 * latent vector, with the parameters `AutoDiagonalNormal.loc` (initialized
 * by `initLocFn`) and `AutoDiagonalNormal.scale` (constraint
 * `scaleConstraint`, Pyro's `softplus_positive`; initially `initScale`).
 */
export class AutoDiagonalNormal extends AutoContinuous {
  static override readonly guideName: string = 'AutoDiagonalNormal';
  /** The constraint of the scale (Pyro's `scale_constraint`). */
  static scaleConstraint: Constraint = constraints.softplusPositive;
  /** The initial scale. */
  readonly initScale: number;

  constructor(model: Model, options: AutoDiagonalNormalOptions = {}) {
    const initScale = checkInitScale(options.initScale ?? 0.1);
    super(model, options);
    this.initScale = initScale;
  }

  protected override setupPrototype(...args: unknown[]): void {
    super.setupPrototype(...args);
    this.declareParam('loc', this.initLoc());
    this.declareParam('scale', tf.fill([this.latentDim], this.initScale), { constraint: (this.constructor as typeof AutoDiagonalNormal).scaleConstraint });
  }

  /** The parameter `loc` (see `AutoGuide.getParam`). */
  get loc(): Tensor {
    return this.getParam('loc');
  }

  /** The parameter `scale`. */
  get scale(): Tensor {
    return this.getParam('scale');
  }

  override getBaseDist(): Distribution {
    return new Normal(0, 1).expand([this.latentDim]).toEvent(1);
  }

  override getTransform(): Transform {
    return new AffineTransform(this.loc, this.scale);
  }

  override getPosterior(): Distribution {
    return new Normal(this.loc, this.scale).toEvent(1);
  }

  protected override locScale(): [Tensor, Tensor] {
    return [this.loc, this.scale];
  }
}
