// `sample`: the primitive statement of a random variable.
import { tf, asTensor, broadcastShapes, formatShape, isTensor } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Distribution, TensorInput } from '@pyro-ts/distributions';
import { MaskMessenger, amIWrapped, applyStack, makeMessage, own, type InferDict, type SampleMessage } from '@pyro-ts/poutine';
import { deterministicSite } from './deterministic.js';

export interface SampleOptions {
  /** The observed value (makes the site observed). */
  obs?: Tensor | TensorInput;
  /**
   * A bool tensor (or nested booleans) broadcastable to the batch shape:
   * where true the value is observed (`obs`), elsewhere it is sampled. The
   * site becomes `<name>_observed`, `<name>_unobserved` and a deterministic
   * `<name>` combining them (Pyro's `obs_mask`).
   */
  obsMask?: Tensor | boolean[] | boolean[][];
  /** Inference configuration, e.g. `{ enumerate: 'parallel' }`. */
  infer?: InferDict;
}

/** The shapes `obs` may have for `fn`: it must end in the event shape and broadcast with the batch shape. */
function checkObsShape(name: string, fn: Distribution, obs: Tensor): void {
  const shape = obs.shape;
  const event = fn.eventShape;
  const batch = fn.batchShape;
  const start = shape.length - event.length;
  let ok = start >= 0 && event.every((d, i) => shape[start + i] === d);
  if (ok) {
    const obsBatch = shape.slice(0, start);
    for (let i = 1; i <= Math.min(obsBatch.length, batch.length); i++) {
      const a = obsBatch[obsBatch.length - i] as number;
      const b = batch[batch.length - i] as number;
      if (a !== b && a !== 1 && b !== 1) ok = false;
    }
  }
  if (!ok) {
    throw new Error(
      `sample('${name}'): the observed value has shape ${formatShape(shape)}, but the distribution has batch shape ` +
        `${formatShape(batch)} and event shape ${formatShape(event)}: obs must end in the event shape and broadcast with the batch shape. ` +
        `Reshape obs, or give the distribution a matching batch shape (expand it, or sample inside a plate of the data's size).`,
    );
  }
}

interface SiteOptions {
  obs?: Tensor;
  infer?: InferDict;
  /** Tensors this statement created (the obs among them) that the site owns. */
  owned?: Tensor[];
}

/** A sample statement with an already converted obs; the tensors in `owned` belong to the site. */
export function sampleSite(name: string, fn: Distribution, options: SiteOptions = {}): Tensor {
  const infer: InferDict = { ...options.infer };
  const { obs } = options;
  const isObserved = infer.isObserved ?? obs !== undefined;
  delete infer.isObserved;
  if (!amIWrapped()) {
    if (obs !== undefined && !infer._deterministic) {
      checkObsShape(name, fn, obs);
      return obs;
    }
    return fn.hasRsample ? fn.rsample() : fn.sample();
  }
  const msg = makeMessage<SampleMessage>({ type: 'sample', name, fn, isObserved, value: obs, infer });
  for (const t of options.owned ?? []) own(msg, t);
  applyStack(msg);
  if (msg.value === undefined) throw new Error(`sample('${name}'): no handler gave the site a value`);
  return msg.value;
}

/**
 * Pyro's `pyro.sample(name, fn, obs=..., obs_mask=..., infer=...)`: a
 * random variable named `name` with distribution `fn`. Under handlers
 * (a trace, SVI, ...) the value comes from the handler stack; otherwise it
 * is drawn (`rsample` when the distribution has it) or, with `obs`, the
 * observation is returned (checked against the distribution's shapes).
 *
 * Memory: a drawn value is owned by the trace that records the site (or,
 * without one, by the caller; inside `tf.tidy`, by the tidy).
 */
export function sample(name: string, fn: Distribution, options: SampleOptions = {}): Tensor {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError('sample: the first argument must be a non-empty site name');
  if (options.obsMask !== undefined) return maskedObserve(name, fn, options);
  let obs: Tensor | undefined;
  const owned: Tensor[] = [];
  if (options.obs !== undefined && options.obs !== null) {
    obs = isTensor(options.obs) ? options.obs : asTensor(options.obs);
    if (obs !== options.obs) owned.push(obs);
  }
  return sampleSite(name, fn, { obs, infer: options.infer, owned });
}

/** Pyro's `_masked_observe`. */
function maskedObserve(name: string, fn: Distribution, options: SampleOptions): Tensor {
  const created: Tensor[] = [];
  const m0 = options.obsMask as Tensor | boolean[];
  const mask = isTensor(m0) ? (m0.dtype === 'bool' ? m0 : tf.cast(m0, 'bool')) : tf.tensor(m0 as boolean[], undefined, 'bool');
  if (mask !== m0) created.push(mask);
  let obs: Tensor | undefined;
  if (options.obs !== undefined) {
    obs = isTensor(options.obs) ? options.obs : asTensor(options.obs);
    if (obs !== options.obs) created.push(obs);
  }
  const observed = new MaskMessenger(mask).run(() => sampleSite(`${name}_observed`, fn, { obs, infer: options.infer }));
  const notMask = tf.logicalNot(mask);
  created.push(notMask);
  const unobserved = new MaskMessenger(notMask).run(() => sampleSite(`${name}_unobserved`, fn, { infer: options.infer }));
  const eventDim = fn.eventShape.length;
  let value: Tensor;
  try {
    value = tf.tidy(() => {
      const batchMask = tf.reshape(mask, [...mask.shape, ...new Array<number>(eventDim).fill(1)]);
      const shape = broadcastShapes(batchMask.shape, observed.shape, unobserved.shape);
      return tf.where(tf.broadcastTo(batchMask, shape), tf.broadcastTo(observed, shape), tf.broadcastTo(unobserved, shape));
    });
  } catch (e) {
    for (const t of created) t.dispose();
    const shape = observed.shape.length >= unobserved.shape.length ? observed.shape : unobserved.shape;
    const batchShape = shape.slice(0, shape.length - eventDim);
    throw new Error(`sample('${name}'): invalid obsMask shape ${formatShape(mask.shape)}; it should be broadcastable to batch_shape = ${formatShape(batchShape)} (${(e as Error).message})`);
  }
  created.push(value);
  return deterministicSite(name, value, eventDim, created);
}
