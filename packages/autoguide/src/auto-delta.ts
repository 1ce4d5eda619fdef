// AutoDelta: a MAP guide of point masses (Pyro's `AutoDelta`).
import { tf, detach } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Delta, transformTo } from '@pyro-ts/distributions';
import { sample } from '@pyro-ts/primitives';
import { AutoGuide, type AutoGuideOptions, type LatentValues, type Model } from './guide.js';
import { InitMessenger } from './init-messenger.js';
import { initToMedian, type InitFn } from './initialization.js';
import { helpfulSupportErrors, periodicRepeat } from './utils.js';

export interface AutoDeltaOptions extends AutoGuideOptions {
  /** The initialization strategy of the point masses (default `initToMedian`). */
  initLocFn?: InitFn;
}

/**
 * Pyro's `AutoDelta`: a `Delta` at a learnable point for every latent
 * site, i.e. MAP inference in the constrained space. The point of site
 * `z` is the parameter `AutoDelta.z`, with the site's support as its
 * constraint; inside a subsampled plate it has the plate's full size and
 * each call uses the subsample's rows.
 *
 * ```ts
 * const guide = new AutoDelta(model, { initLocFn: initToMean });
 * ```
 */
export class AutoDelta extends AutoGuide {
  static override readonly guideName: string = 'AutoDelta';
  /** The initialization strategy. */
  readonly initLocFn: InitFn;

  constructor(model: Model, options: AutoDeltaOptions = {}) {
    const initLocFn = options.initLocFn ?? initToMedian;
    super(new InitMessenger(initLocFn).wrap(model), options);
    this.initLocFn = initLocFn;
  }

  protected override setupPrototype(...args: unknown[]): void {
    super.setupPrototype(...args);
    for (const [name, site] of this.latentSites()) {
      const eventDim = site.fn.eventDim;
      helpfulSupportErrors(site, () => transformTo(site.fn.support));
      const init = tf.tidy(() => {
        let value: Tensor = tf.clone(site.value as Tensor);
        // when subsampling, repeat the initial value to the full size
        for (const frame of site.condIndepStack) {
          const full = frame.fullSize ?? frame.size;
          if (full !== frame.size) value = periodicRepeat(value, full, (frame.dim as number) - eventDim);
        }
        return value;
      });
      this.declareParam(name, init, { constraint: site.fn.support, eventDim });
    }
  }

  forward(...args: any[]): LatentValues {
    this.ensurePrototype(args);
    const plates = this.makePlates(...args);
    const result: LatentValues = {};
    for (const [name, site] of this.latentSites()) {
      result[name] = this.inPlates(site, plates, () => sample(name, new Delta({ v: this.getParam(name), eventDim: site.fn.eventDim })));
    }
    return result;
  }

  /** The point of each site (Pyro runs the guide): new tensors the caller owns. */
  override median(...args: any[]): LatentValues {
    return tf.tidy(() => {
      const values = this(...args);
      const out: LatentValues = {};
      for (const [k, v] of Object.entries(values)) out[k] = detach(v);
      return out;
    });
  }
}
