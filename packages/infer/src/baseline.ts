// Baselines of score-function terms (Pyro's `_construct_baseline`), set per
// guide site with `infer: { baseline: { ... } }`.
import { tf, detach, isTensor, shapesEqual } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { ParamStore } from '@pyro-ts/param-store';
import type { SampleMessage } from '@pyro-ts/poutine';

/** A neural baseline: a function of its input, or a tfjs-layers layer/model (anything with `apply`). */
export type BaselineModule = ((input: Tensor) => Tensor) | { apply(input: Tensor): unknown };

/**
 * The options of `infer: { baseline: { ... } }` at a non-reparameterized
 * guide site (Pyro's names in camelCase).
 */
export interface BaselineOptions {
  /** Keep a decaying average of the downstream cost as the baseline (default false). */
  useDecayingAvgBaseline?: boolean;
  /** The average's decay: `avg ← (1 − β)·cost + β·avg` (default 0.9). */
  baselineBeta?: number;
  /**
   * A network predicting the downstream cost from `nnBaselineInput` (its input is
   * detached). Its parameters are trained through the baseline loss
   * `Σ(cost − baseline)²`; register them with `module(...)` in the guide so
   * that SVI trains them. Pyro's `nn_baseline`.
   */
  nnBaseline?: BaselineModule;
  /** Alias of `nnBaseline`. */
  nnBaselineModule?: BaselineModule;
  /** The input of `nnBaseline`. */
  nnBaselineInput?: Tensor;
  /** A baseline tensor computed by the user (trained through the baseline loss too); not with `nnBaseline`. */
  baselineValue?: Tensor;
}

const KNOWN = new Set(['useDecayingAvgBaseline', 'baselineBeta', 'nnBaseline', 'nnBaselineModule', 'nnBaselineInput', 'baselineValue']);

/** The name of the decaying average of site `node` in the param store (Pyro's). */
export function baselineAvgName(node: string): string {
  return `__baseline_avg_downstream_cost_${node}`;
}

function callModule(m: BaselineModule, input: Tensor): Tensor {
  const out = typeof m === 'function' ? m(input) : m.apply(input);
  if (!isTensor(out)) throw new Error('nnBaseline must return a single tensor');
  return out;
}

/**
 * The baseline of a site's downstream cost and its loss term. `used` is
 * false when the site asks for none. Updates the decaying average in
 * `store`. Call inside `tf.tidy`.
 */
export function constructBaseline(
  node: string,
  site: SampleMessage,
  downstreamCost: Tensor,
  store: ParamStore,
): { used: boolean; baseline: Tensor | 0; baselineLoss: Tensor | 0 } {
  const raw = (site.infer.baseline ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) throw new Error(`Unrecognized baseline options at site '${node}': ${unknown.join(', ')} (expected ${[...KNOWN].join(', ')})`);
  const opts = raw as BaselineOptions;
  if (opts.nnBaseline !== undefined && opts.nnBaselineModule !== undefined) throw new Error(`site '${node}': give nnBaseline or its alias nnBaselineModule, not both`);
  const nn = opts.nnBaseline ?? opts.nnBaselineModule;
  const useDecaying = opts.useDecayingAvgBaseline ?? false;
  const beta = opts.baselineBeta ?? 0.9;
  const value = opts.baselineValue;
  const useNn = nn !== undefined;
  const useValue = value !== undefined;
  if (useNn && useValue) throw new Error(`site '${node}': cannot use baselineValue and nnBaseline simultaneously`);
  if (useNn && opts.nnBaselineInput === undefined) throw new Error(`site '${node}': nnBaseline needs nnBaselineInput`);
  if (!(useNn || useValue || useDecaying)) return { used: false, baseline: 0, baselineLoss: 0 };

  let baseline: Tensor | 0 = 0;
  if (useDecaying) {
    const name = baselineAvgName(node);
    const shape = downstreamCost.shape;
    if (store.has(name) && !shapesEqual(store.variable(name).shape, shape)) store.delete(name);
    const old = detach(store.param(name, () => tf.zeros(shape)));
    store.set(name, tf.add(tf.mul(detach(downstreamCost), 1 - beta), tf.mul(old, beta)));
    baseline = old;
  }
  if (useNn) baseline = addTo(baseline, callModule(nn, detach(opts.nnBaselineInput as Tensor)));
  else if (useValue) baseline = addTo(baseline, value);
  let baselineLoss: Tensor | 0 = 0;
  if (useNn || useValue) baselineLoss = tf.sum(tf.square(tf.sub(detach(downstreamCost), baseline as Tensor)));
  const bs = isTensor(baseline) ? baseline.shape : [];
  if (!shapesEqual(bs, downstreamCost.shape)) {
    throw new Error(`Expected baseline at site ${node} to be [${downstreamCost.shape.join(', ')}] instead got [${bs.join(', ')}]`);
  }
  return { used: true, baseline, baselineLoss };
}

function addTo(a: Tensor | 0, b: Tensor): Tensor {
  return a === 0 ? b : tf.add(a, b);
}
