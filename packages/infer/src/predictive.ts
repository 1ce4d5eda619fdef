// Predictive (Pyro's `pyro.infer.Predictive`): samples of a model's sites
// with its latent sites set to posterior samples.
import { tf, isTensor, sizeOf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { BlockMessenger, condition, mask, pruneSubsampleSites, trace, type Trace } from '@pyro-ts/poutine';
import { plate } from '@pyro-ts/primitives';
import { snapshotTrace } from './trace-snapshot.js';
import { tidyValue } from './tidy.js';
import type { Guide, Model } from './types.js';
import { warnOnce } from './warn.js';

export interface PredictiveOptions<A extends unknown[]> {
  /** Posterior samples by site name, each with the samples along its first dim. */
  posteriorSamples?: Record<string, Tensor>;
  /** A guide to draw the latent sites from (not with `posteriorSamples`); its samples are returned too. */
  guide?: Guide<A>;
  /** Number of samples; taken from `posteriorSamples` when given. */
  numSamples?: number;
  /**
   * Sites to return. Default: every sample site not in `posteriorSamples`
   * (every site, with a guide); `null`: every sample site; `_RETURN` may be listed.
   */
  returnSites?: string[] | null;
  /** Draw all samples at once in an outermost plate (the model's batch dims must all be declared with plates). */
  parallel?: boolean;
}

/** The number of nested vectorized plates in one run of `model` (under block). */
function guessMaxPlateNesting<A extends unknown[]>(model: Model<A>, args: A): number {
  return tf.tidy(() => {
    const tr = new BlockMessenger().run(() => trace(model).getTrace(...args));
    const dims: number[] = [];
    for (const n of tr.nodes.values()) if (n.type === 'sample') for (const f of n.condIndepStack) if (f.vectorized) dims.push(f.dim as number);
    return dims.length > 0 ? -Math.min(...dims) : 0;
  });
}

type SiteShapes = Map<string, number[] | null>;

/** Pyro's `_predictive`; runs inside the caller's tidy. */
function predictiveSamples<A extends unknown[]>(
  model0: Model<A>,
  posteriorSamples: Record<string, Tensor>,
  numSamples: number,
  returnSites: string[] | null,
  parallel: boolean,
  args: A,
): Record<string, Tensor> {
  const model = mask(model0, false);
  const mpn = guessMaxPlateNesting(model, args);
  const vectorize = (...a: A): unknown => plate('_num_predictive_samples', numSamples, { dim: -mpn - 1 }, () => model(...a));
  const modelTrace = pruneSubsampleSites(trace(model).getTrace(...args));
  const reshaped: Record<string, Tensor> = {};
  for (const [name, s] of Object.entries(posteriorSamples)) {
    const shape = s.shape.slice(1);
    reshaped[name] = tf.reshape(s, [numSamples, ...new Array<number>(Math.max(0, mpn - shape.length)).fill(1), ...shape]);
  }
  const shapes: SiteShapes = new Map();
  for (const name of [...modelTrace.stochasticNodes, ...modelTrace.observationNodes]) {
    const site = modelTrace.sampleSite(name);
    const append = Math.max(0, mpn - site.fn.batchShape.length);
    const shape = [numSamples, ...new Array<number>(append).fill(1), ...(site.value as Tensor).shape];
    if (returnSites === null) shapes.set(name, shape);
    else if (returnSites.length > 0) {
      if (returnSites.includes(name)) shapes.set(name, shape);
    } else if (!(name in posteriorSamples)) shapes.set(name, shape);
  }
  if (returnSites !== null && returnSites.includes('_RETURN')) {
    const v = modelTrace.nodes.get('_RETURN')?.value;
    shapes.set('_RETURN', isTensor(v) ? [numSamples, ...v.shape] : null);
  }

  const out: Record<string, Tensor> = {};
  if (!parallel) {
    const collected: Array<Record<string, Tensor>> = [];
    for (let i = 0; i < numSamples; i++) {
      const data: Record<string, Tensor> = {};
      for (const [k, v] of Object.entries(posteriorSamples)) data[k] = tf.gather(v, i);
      const tr = trace(condition(model, data)).getTrace(...args);
      const row: Record<string, Tensor> = {};
      for (const site of shapes.keys()) {
        const v = tr.nodes.get(site)?.value;
        if (!isTensor(v)) throw new Error(`Predictive: site '${site}' has no tensor value`);
        row[site] = v;
      }
      collected.push(row);
    }
    for (const [site, shape] of shapes) {
      const stacked = tf.stack(collected.map((r) => r[site] as Tensor));
      out[site] = shape === null ? stacked : tf.reshape(stacked, shape);
    }
    return out;
  }
  const tr = trace(condition(vectorize, reshaped)).getTrace(...args);
  for (const [site, shape] of shapes) {
    const v = tr.nodes.get(site)?.value;
    if (!isTensor(v)) throw new Error(`Predictive: site '${site}' has no tensor value`);
    if (shape === null) out[site] = v;
    else out[site] = v.size < sizeOf(shape) ? tf.broadcastTo(v, shape) : tf.reshape(v, shape);
  }
  return out;
}

/**
 * Pyro's `Predictive(model, posterior_samples, guide, num_samples,
 * return_sites, parallel)`: runs the model with its latent sites
 * conditioned on posterior samples (given, or drawn from `guide`) and
 * returns samples of the requested sites, each with the samples along its
 * first dim (`[numSamples, 1, ..., value shape]`, padded to the model's
 * plate nesting). Log-probabilities are masked out, so nothing is scored.
 */
export class Predictive<A extends unknown[] = any[]> {
  readonly model: Model<A>;
  readonly posteriorSamples: Record<string, Tensor>;
  readonly guide: Guide<A> | undefined;
  readonly numSamples: number;
  readonly returnSites: string[] | null;
  readonly parallel: boolean;

  constructor(model: Model<A>, options: PredictiveOptions<A> = {}) {
    const posteriorSamples = options.posteriorSamples ?? {};
    if (options.posteriorSamples === undefined && options.numSamples === undefined) throw new Error('Either posteriorSamples or numSamples must be specified.');
    let numSamples = options.numSamples;
    for (const sample of Object.values(posteriorSamples)) {
      const batch = sample.shape[0] as number;
      if (numSamples === undefined) numSamples = batch;
      else if (numSamples !== batch) {
        warnOnce(`Sample's leading dimension size ${batch} is different from the provided ${numSamples} numSamples argument. Defaulting to ${batch}.`);
        numSamples = batch;
      }
    }
    if (numSamples === undefined) throw new Error('No sample sites in posterior samples to infer `numSamples`.');
    if (options.guide !== undefined && Object.keys(posteriorSamples).length > 0) throw new Error('`posteriorSamples` cannot be provided with the `guide` argument.');
    this.model = model;
    this.posteriorSamples = posteriorSamples;
    this.guide = options.guide;
    this.numSamples = numSamples;
    this.returnSites = options.returnSites === undefined ? [] : options.returnSites;
    this.parallel = options.parallel ?? false;
  }

  /** Samples of the return sites by name (Pyro's `forward`); the caller owns the tensors. */
  forward(...args: A): Record<string, Tensor> {
    return tf.tidy(() => {
      let samples = this.posteriorSamples;
      let returnSites = this.returnSites;
      if (this.guide !== undefined) {
        if (returnSites !== null && returnSites.length === 0) returnSites = null;
        samples = predictiveSamples(this.guide, samples, this.numSamples, null, this.parallel, args);
      }
      return predictiveSamples(this.model, samples, this.numSamples, returnSites, this.parallel, args);
    });
  }

  /**
   * One vectorized trace of the model conditioned on the samples (Pyro's
   * `get_vectorized_trace`); the caller disposes it.
   */
  getVectorizedTrace(...args: A): Trace {
    return tidyValue(() => {
      let samples = this.posteriorSamples;
      if (this.guide !== undefined) samples = predictiveSamples(this.guide, samples, this.numSamples, [], this.parallel, args);
      const model = mask(this.model, false);
      const mpn = guessMaxPlateNesting(model, args);
      const reshaped: Record<string, Tensor> = {};
      for (const [name, s] of Object.entries(samples)) {
        const shape = s.shape.slice(1);
        reshaped[name] = tf.reshape(s, [this.numSamples, ...new Array<number>(Math.max(0, mpn - shape.length)).fill(1), ...shape]);
      }
      const vectorized = (...a: A): unknown => plate('_num_predictive_samples', this.numSamples, { dim: -mpn - 1 }, () => model(...a));
      return snapshotTrace(trace(condition(vectorized, reshaped)).getTrace(...args));
    });
  }
}
