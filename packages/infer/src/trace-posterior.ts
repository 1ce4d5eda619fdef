// TracePosterior (Pyro's `pyro.infer.abstract_infer.TracePosterior`): a bag
// of weighted execution traces of a model, collected by an inference
// algorithm's `run`.
import { tf, randomNumber } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { BlockMessenger, type Trace } from '@pyro-ts/poutine';
import { EmpiricalMarginal } from './empirical-marginal.js';
import { snapshotTrace } from './trace-snapshot.js';
import { tidyValue } from './tidy.js';

/** One trace an algorithm produced: the trace, its log-weight and its chain. */
export interface WeightedTrace {
  trace: Trace;
  logWeight: number;
  chainId?: number;
}

/** Softmax of log-weights, in float64 (empty for no weights). */
export function normalizedWeights(logWeights: readonly number[]): number[] {
  if (logWeights.length === 0) return [];
  const m = Math.max(...logWeights);
  if (m === -Infinity) return logWeights.map(() => 1 / logWeights.length);
  const e = logWeights.map((w) => Math.exp(w - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** An index drawn with the given normalized weights (the library's seeded generator). */
export function drawIndex(weights: readonly number[]): number {
  const u = randomNumber();
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i] as number;
    if (u < acc) return i;
  }
  return weights.length - 1;
}

/**
 * Base class of the algorithms that produce weighted traces (Importance,
 * SVI's `run`, TracePredictive). `run(...args)` collects them: the traces
 * are kept past the computation (values and log-probabilities; see
 * `snapshotTrace`) and belong to this object until the next `run` or
 * `dispose()`.
 */
export abstract class TracePosterior<A extends unknown[] = any[]> {
  readonly numChains: number;
  /** The collected traces, in order. */
  execTraces: Trace[] = [];
  /** Their log-weights. */
  logWeights: number[] = [];
  /** Their chains. */
  chainIds: number[] = [];
  private idxByChain: number[][] = [];
  private weights: number[] = [];

  constructor(options: { numChains?: number } = {}) {
    this.numChains = options.numChains ?? 1;
    this.reset();
  }

  /**
   * Produces the `i`-th weighted trace, or null when there are no more.
   * Called inside `tf.tidy` and under `block`; the trace is snapshotted by `run`.
   */
  protected abstract nextTrace(i: number, args: A): WeightedTrace | null;

  /** Prepares a run (before the first `nextTrace`); outside any tidy. */
  protected beginRun(_args: A): void {}

  /** Ends a run (after the last `nextTrace`, also when it failed). */
  protected endRun(): void {}

  /** Collects the traces (Pyro's `run`); returns this. */
  run(...args: A): this {
    this.reset();
    this.beginRun(args);
    try {
      for (let i = 0; ; i++) {
        const got = tidyValue(() => {
          const w = new BlockMessenger().run(() => this.nextTrace(i, args));
          if (w === null) return null;
          return { trace: snapshotTrace(w.trace), logWeight: w.logWeight, chainId: w.chainId ?? 0 };
        });
        if (got === null) break;
        if (got.chainId >= this.numChains) throw new Error(`chain id ${got.chainId} is not below numChains = ${this.numChains}`);
        this.execTraces.push(got.trace);
        this.logWeights.push(got.logWeight);
        this.chainIds.push(got.chainId);
        (this.idxByChain[got.chainId] as number[]).push(i);
      }
    } finally {
      this.endRun();
    }
    this.weights = normalizedWeights(this.logWeights);
    return this;
  }

  /**
   * A trace drawn from the collected ones with their normalized weights,
   * without its observed sites (Pyro's `TracePosterior.__call__`). A
   * shallow copy: its tensors belong to this posterior.
   */
  sampleTrace(): Trace {
    if (this.execTraces.length === 0) throw new Error('sampleTrace: no traces; call run(...) first');
    const k = drawIndex(this.weights);
    const chain = k % this.numChains;
    const j = Math.floor(k / this.numChains);
    const idx = this.idxByChain[chain]?.[j] ?? k;
    const t = (this.execTraces[idx] as Trace).copy();
    for (const name of t.observationNodes) t.removeNode(name);
    return t;
  }

  /** The marginal distributions of `sites` (default `_RETURN`). */
  marginal(sites?: string | string[]): Marginals<A> {
    return new Marginals(this, sites);
  }

  /**
   * WAIC and its effective number of parameters (Pyro's
   * `information_criterion`) from the one observed site's log-likelihood.
   * Returns scalars, or per-point values with `pointwise`. The caller owns
   * the tensors.
   */
  informationCriterion(pointwise = false): { waic: Tensor; pWaic: Tensor } | Record<string, never> {
    if (this.execTraces.length === 0) return {};
    let obsNode: string | undefined;
    const lls: Tensor[] = [];
    for (const t of this.execTraces) {
      const obs = t.observationNodes;
      if (obs.length > 1) throw new Error('Information criterion calculation only works for models with one observation node.');
      const name = obs[0];
      if (name === undefined) throw new Error('Information criterion calculation needs an observation node.');
      if (obsNode === undefined) obsNode = name;
      else if (obsNode !== name) throw new Error(`Observation node has been changed, expected ${obsNode} but got ${name}`);
      lls.push(t.sampleSite(name).unscaledLogProb as Tensor);
    }
    return tf.tidy(() => {
      const ll = tf.stack(lls); // [S, ...]
      const lw = tf.tensor1d(this.logWeights);
      const w = tf.reshape(lw, [-1, ...new Array<number>(ll.rank - 1).fill(1)]);
      const lpd = tf.sub(tf.logSumExp(tf.add(ll, w), 0), tf.logSumExp(lw));
      // weighted variance over the samples, with the frequency-weights correction S/(S-1) (Pyro's _weighted_variance)
      const nw = tf.exp(tf.sub(w, tf.logSumExp(lw)));
      const mean = tf.sum(tf.mul(ll, nw), 0);
      const s = this.logWeights.length;
      const pWaic = tf.mul(tf.sum(tf.mul(tf.square(tf.sub(ll, mean)), nw), 0), s / (s - 1));
      const waic = tf.mul(tf.sub(lpd, pWaic), -2);
      return pointwise ? { waic, pWaic } : { waic: tf.sum(waic), pWaic: tf.sum(pWaic) };
    });
  }

  /** Frees the collected traces. */
  dispose(): void {
    this.reset();
  }

  private reset(): void {
    for (const t of this.execTraces) t.dispose();
    this.execTraces = [];
    this.logWeights = [];
    this.chainIds = [];
    this.idxByChain = Array.from({ length: this.numChains }, () => []);
    this.weights = [];
  }
}

/** Marginal distributions of several sites of a TracePosterior (Pyro's `Marginals`). */
export class Marginals<A extends unknown[] = any[]> {
  readonly sites: string[];
  private readonly marginals = new Map<string, EmpiricalMarginal>();

  constructor(posterior: TracePosterior<A>, sites?: string | string[]) {
    this.sites = sites === undefined ? ['_RETURN'] : typeof sites === 'string' ? [sites] : sites;
    for (const s of this.sites) this.marginals.set(s, new EmpiricalMarginal(posterior, s));
  }

  /** Each site's samples, by site name (tensors owned by this object). */
  support(): Map<string, Tensor> {
    return new Map([...this.marginals].map(([k, m]) => [k, m.samples]));
  }

  /** Each site's EmpiricalMarginal, by site name. */
  get empirical(): Map<string, EmpiricalMarginal> {
    return this.marginals;
  }

  dispose(): void {
    for (const m of this.marginals.values()) m.dispose();
  }
}
