// Initialization strategies for autoguides (Pyro's
// `pyro/infer/autoguide/initialization.py`). A strategy is a function of a
// model's sample site (its message, with the distribution in `fn`) that
// returns an initial constrained value of the site's shape. The
// configurable ones are also factories: `initToMedian({ numSamples: 30 })`
// returns a strategy, as Pyro's `init_to_median(num_samples=30)` does.
import { tf, isTensor, asTensor, rand } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Independent, MaskedDistribution, transformTo } from '@pyro-ts/distributions';
import type { Distribution, TensorInput } from '@pyro-ts/distributions';
import type { SampleMessage } from '@pyro-ts/poutine';

/** An initialization strategy: the initial constrained value of a latent sample site. */
export type InitFn = (site: SampleMessage) => Tensor;

function isSite(x: unknown): x is SampleMessage {
  return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'sample' && 'fn' in x;
}

/** Pyro's `_is_multivariate`: the event (under Independent and Masked wrappers) has a dim larger than 1. */
function isMultivariate(d: Distribution): boolean {
  let base = d;
  while (base instanceof Independent || base instanceof MaskedDistribution) base = base.baseDist;
  return base.eventShape.some((s) => s > 1);
}

function anyNaN(x: Tensor): boolean {
  return tf.tidy(() => tf.any(tf.isNaN(x)).dataSync()[0] === 1);
}

/** torch's `_validate_sample`: the value must lie in the support (throws otherwise). */
function checkInSupport(d: Distribution, value: Tensor): void {
  const ok = tf.tidy(() => tf.all(d.support.check(value)).dataSync()[0] === 1);
  if (!ok) throw new Error('the value is outside the support of the distribution');
}

/**
 * Pyro's `init_to_feasible`: an arbitrary feasible point, ignoring the
 * distribution's parameters: zero in the unconstrained space, mapped by
 * `transformTo(support)`.
 */
export function initToFeasible(site: SampleMessage): Tensor {
  return tf.tidy(() => {
    const value = site.fn.sample();
    const t = transformTo(site.fn.support);
    return t.forward(tf.zerosLike(t.inverse(value)));
  });
}

/** Pyro's `init_to_sample`: a random draw from the prior. */
export function initToSample(site: SampleMessage): Tensor {
  return site.fn.sample();
}

export interface InitToMedianOptions {
  /** How many prior draws the empirical median is taken over (default 15). */
  numSamples?: number;
  /** The strategy when the median cannot be computed (default `initToFeasible`; null: throw). */
  fallback?: InitFn | null;
}

function medianImpl(site: SampleMessage, numSamples: number, fallback: InitFn | null): Tensor {
  // The median is undefined for multivariate distributions.
  if (isMultivariate(site.fn)) return initToFeasible(site);
  let value: Tensor | undefined;
  try {
    value = tf.tidy(() => {
      const samples = site.fn.sample([numSamples]);
      if (anyNaN(samples)) throw new Error('NaN sample');
      // torch.median: the lower of the two middle values, over dim 0
      const rank = samples.rank;
      const perm = [...Array.from({ length: rank - 1 }, (_, i) => i + 1), 0];
      const moved = rank > 1 ? tf.transpose(samples, perm) : samples;
      const { values } = tf.topk(moved, numSamples, true);
      const k = (numSamples - 1) >> 1;
      const v = tf.squeeze(tf.slice(values, [...new Array<number>(rank - 1).fill(0), numSamples - 1 - k], [...moved.shape.slice(0, -1), 1]), [rank - 1]);
      return v;
    });
    checkInSupport(site.fn, value);
    return value;
  } catch (e) {
    value?.dispose();
    if (e instanceof TypeError) throw e;
  }
  if (fallback !== null) return fallback(site);
  throw new Error(`No init strategy specified for site '${site.name}'`);
}

/**
 * Pyro's `init_to_median`: the empirical median of `numSamples` prior
 * draws (15 by default); `initToFeasible` for a multivariate site; the
 * `fallback` when the median is not defined (NaN, outside the support, or
 * the distribution cannot sample).
 */
export function initToMedian(site: SampleMessage): Tensor;
export function initToMedian(options?: InitToMedianOptions): InitFn;
export function initToMedian(arg?: SampleMessage | InitToMedianOptions): Tensor | InitFn {
  if (isSite(arg)) return medianImpl(arg, 15, initToFeasible);
  const numSamples = arg?.numSamples ?? 15;
  const fallback = arg?.fallback === undefined ? initToFeasible : arg.fallback;
  if (!Number.isInteger(numSamples) || numSamples < 1) throw new Error(`initToMedian: numSamples must be a positive integer, got ${numSamples}`);
  return (site: SampleMessage) => medianImpl(site, numSamples, fallback);
}

export interface InitToMeanOptions {
  /** The strategy when the mean is not defined (default `initToMedian`; null: throw). */
  fallback?: InitFn | null;
}

function meanImpl(site: SampleMessage, fallback: InitFn | null): Tensor {
  let value: Tensor | undefined;
  try {
    value = site.fn.mean;
    if (anyNaN(value)) throw new Error('NaN mean');
    checkInSupport(site.fn, value);
    return value;
  } catch (e) {
    value?.dispose();
    // infinite variance (e.g. Cauchy) or a mean outside the support
    if (e instanceof TypeError) throw e;
  }
  if (fallback !== null) return fallback(site);
  throw new Error(`No init strategy specified for site '${site.name}'`);
}

/**
 * Pyro's `init_to_mean`: the prior mean; the `fallback` (default
 * `initToMedian`) where it is not defined or is NaN.
 */
export function initToMean(site: SampleMessage): Tensor;
export function initToMean(options?: InitToMeanOptions): InitFn;
export function initToMean(arg?: SampleMessage | InitToMeanOptions): Tensor | InitFn {
  if (isSite(arg)) return meanImpl(arg, initToMedian);
  const fallback = arg?.fallback === undefined ? initToMedian : arg.fallback;
  return (site: SampleMessage) => meanImpl(site, fallback);
}

export interface InitToUniformOptions {
  /** Half-width of the unconstrained box `(-radius, radius)` (default 2). */
  radius?: number;
}

function uniformImpl(site: SampleMessage, radius: number): Tensor {
  return tf.tidy(() => {
    const value = site.fn.sample();
    const t = transformTo(site.fn.support);
    const u = t.inverse(value);
    return t.forward(rand(u.shape, -radius, radius));
  });
}

/**
 * Pyro's `init_to_uniform`: a random point of `(-radius, radius)` (default
 * radius 2) in the unconstrained space, mapped by `transformTo(support)`.
 * Draws from the library's seeded generator.
 */
export function initToUniform(site: SampleMessage): Tensor;
export function initToUniform(options?: InitToUniformOptions): InitFn;
export function initToUniform(arg?: SampleMessage | InitToUniformOptions): Tensor | InitFn {
  if (isSite(arg)) return uniformImpl(arg, 2);
  const radius = arg?.radius ?? 2;
  if (!(radius > 0)) throw new Error(`initToUniform: radius must be positive, got ${radius}`);
  return (site: SampleMessage) => uniformImpl(site, radius);
}

export interface InitToValueOptions {
  /** Initial constrained values by site name (tensors, numbers or nested arrays). */
  values?: Record<string, Tensor | TensorInput>;
  /** The strategy for sites not in `values` (default `initToUniform`; null: throw). */
  fallback?: InitFn | null;
}

/**
 * Pyro's `init_to_value(values=..., fallback=init_to_uniform)`: the given
 * value for the sites named in `values`, the `fallback` for the others.
 * The values stay the caller's (the guide copies them).
 */
export function initToValue(options: InitToValueOptions = {}): InitFn {
  const values = options.values ?? {};
  const fallback = options.fallback === undefined ? initToUniform : options.fallback;
  return (site: SampleMessage) => {
    if (Object.prototype.hasOwnProperty.call(values, site.name)) {
      const v = values[site.name] as Tensor | TensorInput;
      return isTensor(v) ? v : asTensor(v as Parameters<typeof asTensor>[0]);
    }
    if (fallback !== null) return fallback(site);
    throw new Error(`No init strategy specified for site '${site.name}'`);
  };
}

export interface InitToGeneratedOptions {
  /** Called once per model execution; returns the strategy for that execution (default: `() => initToUniform`). */
  generate?: () => InitFn;
}

/**
 * Pyro's `init_to_generated(generate=...)`: the strategy that `generate()`
 * returns, with `generate` called anew once per model execution (detected,
 * as in Pyro, by the first site of an execution coming round again). E.g. random values for
 * `initToValue`:
 *
 * ```ts
 * const init = initToGenerated({ generate: () => initToValue({ values: { x: randn([100]) } }) });
 * ```
 */
export function initToGenerated(options: InitToGeneratedOptions = {}): InitFn {
  const generate = options.generate ?? (() => initToUniform);
  let current: InitFn | null = null;
  let seen = new Set<string>();
  return (site: SampleMessage) => {
    if (current === null || seen.has(site.name)) {
      current = generate();
      seen = new Set([site.name]);
    }
    return current(site);
  };
}

