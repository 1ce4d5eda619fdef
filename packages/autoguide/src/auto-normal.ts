// AutoNormal: a mean-field Normal guide with a loc and scale per site
// (Pyro's `AutoNormal`).
import { tf, sumRightmost } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Delta, Normal, bijectTo, constraints } from '@pyro-ts/distributions';
import type { Constraint } from '@pyro-ts/distributions';
import { getMask } from '@pyro-ts/poutine';
import { sample } from '@pyro-ts/primitives';
import { AutoGuide, type AutoGuideOptions, type LatentValues, type Model } from './guide.js';
import { InitMessenger } from './init-messenger.js';
import { initToFeasible, type InitFn } from './initialization.js';
import { helpfulSupportErrors, periodicRepeat } from './utils.js';

export interface AutoNormalOptions extends AutoGuideOptions {
  /** The initialization strategy of the locs (default `initToFeasible`). */
  initLocFn?: InitFn;
  /** The initial scale of every unconstrained latent (default 0.1). */
  initScale?: number;
}

/** Checks Pyro's `init_scale > 0`. */
export function checkInitScale(initScale: number): number {
  if (typeof initScale !== 'number' || !(initScale > 0)) throw new Error(`Expected init_scale > 0. but got ${String(initScale)}`);
  return initScale;
}

/**
 * Pyro's `AutoNormal`: each latent site `z` is `bijectTo(support)` of an
 * auxiliary site `z_unconstrained ~ Normal(loc, scale)`, with the
 * parameters `AutoNormal.locs.z` and `AutoNormal.scales.z` (constraint
 * `scaleConstraint`, Pyro's `softplus_positive`), of the unconstrained
 * value's shape; inside a subsampled plate they have the plate's full size
 * and each call uses the subsample's rows.
 *
 * ```ts
 * const guide = new AutoNormal(model, { initLocFn: initToMedian, initScale: 0.1 });
 * ```
 */
export class AutoNormal extends AutoGuide {
  static override readonly guideName: string = 'AutoNormal';
  /** The constraint of the scales (Pyro's `scale_constraint`); a subclass may change it. */
  static scaleConstraint: Constraint = constraints.softplusPositive;
  /** The initialization strategy. */
  readonly initLocFn: InitFn;
  /** The initial scale. */
  readonly initScale: number;
  /** The event dims of the unconstrained latents, by site. */
  protected eventDims = new Map<string, number>();

  constructor(model: Model, options: AutoNormalOptions = {}) {
    const initLocFn = options.initLocFn ?? initToFeasible;
    const initScale = checkInitScale(options.initScale ?? 0.1);
    super(new InitMessenger(initLocFn).wrap(model), options);
    this.initLocFn = initLocFn;
    this.initScale = initScale;
  }

  protected override setupPrototype(...args: unknown[]): void {
    super.setupPrototype(...args);
    this.eventDims = new Map();
    const scaleConstraint = (this.constructor as typeof AutoNormal).scaleConstraint;
    for (const [name, site] of this.latentSites()) {
      const value = site.value as Tensor;
      // the event dim of the unconstrained value may differ from the constrained one
      const initLoc = helpfulSupportErrors(site, () => tf.tidy(() => tf.clone(bijectTo(site.fn.support).inverse(value))));
      const eventDim = site.fn.eventDim + initLoc.rank - value.rank;
      this.eventDims.set(name, eventDim);
      const loc = tf.tidy(() => {
        let l = initLoc;
        // when subsampling, repeat the initial value to the full size
        for (const frame of site.condIndepStack) {
          const full = frame.fullSize ?? frame.size;
          if (full !== frame.size) l = periodicRepeat(l, full, (frame.dim as number) - eventDim);
        }
        return l;
      });
      if (loc !== initLoc) initLoc.dispose();
      this.declareParam(`locs.${name}`, loc, { constraint: constraints.real, eventDim });
      this.declareParam(`scales.${name}`, tf.fill(loc.shape, this.initScale), { constraint: scaleConstraint, eventDim });
    }
  }

  /** The loc and scale parameters of a site (Pyro's `_get_loc_and_scale`). */
  protected getLocAndScale(name: string): [Tensor, Tensor] {
    return [this.getParam(`locs.${name}`), this.getParam(`scales.${name}`)];
  }

  forward(...args: any[]): LatentValues {
    this.ensurePrototype(args);
    const plates = this.makePlates(...args);
    const result: LatentValues = {};
    for (const [name, site] of this.latentSites()) {
      const transform = bijectTo(site.fn.support);
      const eventDim = site.fn.eventDim;
      result[name] = this.inPlates(site, plates, () => {
        const [loc, scale] = this.getLocAndScale(name);
        const unconstrained = sample(`${name}_unconstrained`, new Normal(loc, scale).toEvent(this.eventDims.get(name) as number), {
          infer: { isAuxiliary: true },
        });
        const value = transform.forward(unconstrained);
        let logDensity: Tensor | number = 0;
        if (getMask() !== false) {
          const ld = transform.inv.logAbsDetJacobian(value, unconstrained);
          logDensity = sumRightmost(ld, ld.rank - value.rank + eventDim);
        }
        return sample(name, new Delta({ v: value, logDensity, eventDim }));
      });
    }
    return result;
  }

  /** `bijectTo(support)` of each site's loc: new tensors the caller owns. */
  override median(..._args: any[]): LatentValues {
    return tf.tidy(() => {
      const medians: LatentValues = {};
      for (const [name, site] of this.latentSites()) {
        const [loc] = this.getLocAndScale(name);
        const m = bijectTo(site.fn.support).forward(loc);
        medians[name] = m === loc ? tf.clone(loc) : m;
      }
      return medians;
    });
  }

  /**
   * `bijectTo(support)` of the Normal(loc, scale) quantiles of each site:
   * tensors of shape `[qs.length, ...siteShape]` the caller owns.
   */
  override quantiles(qs: readonly number[], ..._args: any[]): LatentValues {
    return tf.tidy(() => {
      const results: LatentValues = {};
      for (const [name, site] of this.latentSites()) {
        const [loc, scale] = this.getLocAndScale(name);
        const q = tf.reshape(tf.tensor1d(qs as number[]), [-1, ...new Array<number>(loc.rank).fill(1)]);
        const values = new Normal(loc, scale).icdf(q);
        results[name] = bijectTo(site.fn.support).forward(values);
      }
      return results;
    });
  }
}
