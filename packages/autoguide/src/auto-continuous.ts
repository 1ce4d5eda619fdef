// AutoContinuous: guides over all latents packed into one unconstrained
// vector (Pyro's `AutoContinuous`, ADVI).
import { tf, broadcastShapes, sumRightmost } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Delta, NotImplementedError, Normal, TransformedDistribution, bijectTo } from '@pyro-ts/distributions';
import type { Distribution, Transform } from '@pyro-ts/distributions';
import type { ParamStore } from '@pyro-ts/param-store';
import { getMask } from '@pyro-ts/poutine';
import type { SampleMessage } from '@pyro-ts/poutine';
import { sample } from '@pyro-ts/primitives';
import { AutoGuide, type LatentValues, type Model } from './guide.js';
import { InitMessenger } from './init-messenger.js';
import { initToMedian, type InitFn } from './initialization.js';
import { helpfulSupportErrors, product } from './utils.js';

export interface AutoContinuousOptions {
  /** The initialization strategy of the latent vector (default `initToMedian`). */
  initLocFn?: InitFn;
  /** The param store of the guide's parameters (default: `getParamStore()` at each use). */
  store?: ParamStore;
}

/**
 * Base class of the guides over one unconstrained vector of all latents
 * (Pyro's `AutoContinuous`, after Kucukelbir et al., *Automatic
 * Differentiation Variational Inference*): each latent site is mapped to
 * the unconstrained space by `bijectTo(support)` and flattened; the pieces
 * are concatenated, in the prototype's site order, into one vector of size
 * `latentDim`. A subclass gives the posterior over that vector
 * (`getPosterior`, or `getBaseDist` and `getTransform`); each call samples
 * it at the auxiliary site `_<name>_latent` and returns every site's value
 * as a `Delta` with the log-Jacobian of its transform as log-density.
 * Latent sites must be continuous, and the model's structure fixed.
 */
export abstract class AutoContinuous extends AutoGuide {
  static override readonly guideName: string = 'AutoContinuous';
  /** The initialization strategy. */
  readonly initLocFn: InitFn;
  /** The size of the unconstrained latent vector (0 before the first call). */
  latentDim = 0;
  /** The unconstrained shape of each site. */
  protected unconstrainedShapes = new Map<string, number[]>();

  constructor(model: Model, options: AutoContinuousOptions = {}) {
    const initLocFn = options.initLocFn ?? initToMedian;
    super(new InitMessenger(initLocFn).wrap(model), { store: options.store });
    this.initLocFn = initLocFn;
  }

  protected override setupPrototype(...args: unknown[]): void {
    super.setupPrototype(...args);
    this.unconstrainedShapes = new Map();
    for (const [name, site] of this.latentSites()) {
      // the unconstrained shape may differ from the constrained one
      const shape = helpfulSupportErrors(site, () => tf.tidy(() => bijectTo(site.fn.support).inverse(site.value as Tensor).shape.slice()));
      this.unconstrainedShapes.set(name, shape);
    }
    this.latentDim = [...this.unconstrainedShapes.values()].reduce((a, s) => a + product(s), 0);
    if (this.latentDim === 0) throw new Error(`${this.pyroName} found no latent variables; Use an empty guide instead`);
  }

  /** The initial latent vector: every site's initial value, unconstrained and flattened (a new tensor). */
  protected initLoc(): Tensor {
    return tf.tidy(() => {
      const parts = this.latentSites().map(([, site]) => tf.reshape(bijectTo(site.fn.support).inverse(site.value as Tensor), [-1]));
      const latent = tf.concat(parts);
      if (latent.size !== this.latentDim) throw new Error(`${this.pyroName}: initial latent of size ${latent.size}, expected ${this.latentDim}`);
      return latent;
    });
  }

  /**
   * The base distribution of the posterior written as
   * `new TransformedDistribution(getBaseDist(), getTransform(...args))`
   * (Pyro's `get_base_dist`); it does not depend on the model's arguments.
   */
  getBaseDist(): Distribution {
    throw new NotImplementedError(`${this.pyroName}.getBaseDist is not implemented`);
  }

  /** The transform of the base distribution (Pyro's `get_transform`); it may depend on the model's arguments. */
  getTransform(..._args: any[]): Transform {
    throw new NotImplementedError(`${this.pyroName}.getTransform is not implemented`);
  }

  /** The posterior over the latent vector (Pyro's `get_posterior`). */
  getPosterior(...args: any[]): Distribution {
    return new TransformedDistribution(this.getBaseDist(), this.getTransform(...args));
  }

  /** Samples the latent vector at the auxiliary site `_<name>_latent` (Pyro's `sample_latent`). */
  override sampleLatent(...args: any[]): Tensor {
    return sample(`_${this.pyroName}_latent`, this.getPosterior(...args), { infer: { isAuxiliary: true } });
  }

  /**
   * Splits a latent vector (`[..., latentDim]`; leading dims are batch dims,
   * e.g. vectorized particles) into each site's unconstrained value (Pyro's
   * `_unpack_latent`). The values are new tensors (views, in torch).
   */
  unpackLatent(latent: Tensor): Array<[SampleMessage, Tensor]> {
    const batchShape = latent.shape.slice(0, -1);
    const out: Array<[SampleMessage, Tensor]> = [];
    let pos = 0;
    for (const [name, site] of this.latentSites()) {
      const constrainedShape = (site.value as Tensor).shape;
      const unconstrainedShape = this.unconstrainedShapes.get(name) as number[];
      const size = product(unconstrainedShape);
      const eventDim = site.fn.eventDim + unconstrainedShape.length - constrainedShape.length;
      const shape = broadcastShapes(unconstrainedShape, [...batchShape, ...new Array<number>(eventDim).fill(1)]);
      const begin = [...new Array<number>(batchShape.length).fill(0), pos];
      const sizes = [...batchShape, size];
      out.push([site, tf.tidy(() => tf.reshape(tf.slice(latent, begin, sizes), shape))]);
      pos += size;
    }
    if (pos !== latent.shape[latent.rank - 1]) throw new Error(`${this.pyroName}: a latent of size ${latent.shape[latent.rank - 1]} does not match latentDim ${pos}`);
    return out;
  }

  forward(...args: any[]): LatentValues {
    this.ensurePrototype(args);
    const latent = this.sampleLatent(...args);
    const plates = this.makePlates(...args);
    const result: LatentValues = {};
    for (const [site, unconstrained] of this.unpackLatent(latent)) {
      const transform = bijectTo(site.fn.support);
      const value = transform.forward(unconstrained);
      const eventDim = site.fn.eventDim;
      let logDensity: Tensor | number = 0;
      if (getMask() !== false) {
        const ld = transform.inv.logAbsDetJacobian(value, unconstrained);
        logDensity = sumRightmost(ld, ld.rank - value.rank + eventDim);
      }
      const delta = new Delta({ v: value, logDensity, eventDim });
      result[site.name] = this.inPlates(site, plates, () => sample(site.name, delta));
    }
    return result;
  }

  /** The loc and marginal scale of the latent vector, for `median` and `quantiles` (Pyro's `_loc_scale`). */
  protected locScale(..._args: any[]): [Tensor, Tensor] {
    throw new NotImplementedError(`${this.pyroName}.locScale is not implemented`);
  }

  /** `bijectTo(support)` of each site's part of the loc: new tensors the caller owns. */
  override median(...args: any[]): LatentValues {
    return tf.tidy(() => {
      const [loc] = this.locScale(...args);
      const out: LatentValues = {};
      for (const [site, u] of this.unpackLatent(loc)) out[site.name] = bijectTo(site.fn.support).forward(u);
      return out;
    });
  }

  /**
   * `bijectTo(support)` of each site's part of the quantiles of the
   * marginals Normal(loc, scale): tensors of shape `[qs.length, ...siteShape]`
   * the caller owns.
   */
  override quantiles(qs: readonly number[], ...args: any[]): LatentValues {
    return tf.tidy(() => {
      const [loc, scale] = this.locScale(...args);
      const q = tf.reshape(tf.tensor1d(qs as number[]), [-1, 1]);
      const latents = tf.unstack(new Normal(loc, scale).icdf(q));
      const parts: Record<string, Tensor[]> = {};
      for (const latent of latents) {
        for (const [site, u] of this.unpackLatent(latent)) (parts[site.name] ??= []).push(bijectTo(site.fn.support).forward(u));
      }
      const out: LatentValues = {};
      for (const [k, v] of Object.entries(parts)) out[k] = tf.stack(v);
      return out;
    });
  }
}
