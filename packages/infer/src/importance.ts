// Importance sampling with the guide as the proposal (Pyro's
// `pyro.infer.importance`): `Importance` and `vectorizedImportanceWeights`.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { block, replay, trace, type Trace } from '@pyro-ts/poutine';
import { plate } from '@pyro-ts/primitives';
import { getImportanceTrace } from './importance-trace.js';
import { TracePosterior, normalizedWeights, type WeightedTrace } from './trace-posterior.js';
import { snapshotTrace } from './trace-snapshot.js';
import { tidyValue } from './tidy.js';
import type { Guide, Model } from './types.js';

export interface ImportanceOptions<A extends unknown[]> {
  /** The proposal; default: the model's prior (the model with its observed sites hidden). */
  guide?: Guide<A>;
  /** Number of samples (default 10). */
  numSamples?: number;
}

/** log(mean(exp(logWeights))) in float64. */
function logMeanExp(logWeights: readonly number[], n: number): number {
  const m = Math.max(...logWeights);
  if (!Number.isFinite(m)) return m === -Infinity ? -Infinity : m;
  let s = 0;
  for (const w of logWeights) s += Math.exp(w - m);
  return m + Math.log(s) - Math.log(n);
}

/**
 * Pyro's `Importance(model, guide, num_samples)`: posterior inference by
 * importance sampling, proposing from the guide (or from the prior). `run`
 * collects `numSamples` model traces, each weighted by
 * `log p(x, z) − log q(z)`. The summaries are computed in float64 from the
 * recorded log-weights.
 */
export class Importance<A extends unknown[] = any[]> extends TracePosterior<A> {
  readonly model: Model<A>;
  readonly guide: Guide<A>;
  readonly numSamples: number;

  constructor(model: Model<A>, options: ImportanceOptions<A> = {}) {
    super();
    this.model = model;
    this.guide = options.guide ?? block(model, { hideTypes: ['observe'] });
    this.numSamples = options.numSamples ?? 10;
    if (!Number.isInteger(this.numSamples) || this.numSamples < 1) throw new Error(`numSamples must be a positive integer, got ${this.numSamples}`);
  }

  protected nextTrace(i: number, args: A): WeightedTrace | null {
    if (i >= this.numSamples) return null;
    const guideTrace = trace(this.guide).getTrace(...args);
    const modelTrace = trace(replay(this.model, guideTrace)).getTrace(...args);
    const logWeight = tf.sub(modelTrace.logProbSum(), guideTrace.logProbSum()).dataSync()[0] as number;
    return { trace: modelTrace, logWeight };
  }

  /** The estimate of the log normalizing constant (log-evidence) `log mean(w)` (Pyro's `get_log_normalizer`). */
  getLogNormalizer(): number {
    if (this.logWeights.length === 0) throw new Error('getLogNormalizer: no log-weights; call run(...) first');
    return logMeanExp(this.logWeights, this.numSamples);
  }

  /** Alias of `getLogNormalizer`: the estimated log-evidence `log p(x)`. */
  logEvidence(): number {
    return this.getLogNormalizer();
  }

  /** The normalized importance weights (their logs with `logScale`) (Pyro's `get_normalized_weights`). */
  getNormalizedWeights(logScale = false): number[] {
    if (this.logWeights.length === 0) throw new Error('getNormalizedWeights: no log-weights; call run(...) first');
    const w = normalizedWeights(this.logWeights);
    return logScale ? w.map(Math.log) : w;
  }

  /** The effective sample size `1 / Σ w̄²` of the normalized weights (Pyro's `get_ESS`); 0 before `run`. */
  getESS(): number {
    if (this.logWeights.length === 0) return 0;
    const w = normalizedWeights(this.logWeights);
    return 1 / w.reduce((a, x) => a + x * x, 0);
  }
}

export interface VectorizedImportanceOptions {
  /** Number of samples, drawn at once in an outermost plate (default 1). */
  numSamples?: number;
  /** The number of nested plates in the model and guide (required). */
  maxPlateNesting: number;
  /** Return self-normalized log-weights (default false). */
  normalized?: boolean;
}

/**
 * Pyro's `vectorized_importance_weights(model, guide, *args, num_samples,
 * max_plate_nesting, normalized)`: the log importance weights of
 * `numSamples` guide samples drawn at once (shape `[numSamples]`, a scalar
 * for one sample), with the model and guide traces that produced them.
 * The model and guide must have static structure. The caller owns the
 * weights and disposes the traces.
 */
export function vectorizedImportanceWeights<A extends unknown[]>(
  model: Model<A>,
  guide: Guide<A>,
  args: A,
  options: VectorizedImportanceOptions,
): { logWeights: Tensor; modelTrace: Trace; guideTrace: Trace } {
  const numSamples = options.numSamples ?? 1;
  if (options.maxPlateNesting === undefined || options.maxPlateNesting === null) throw new Error('must provide maxPlateNesting');
  const mpn = options.maxPlateNesting + 1;
  const vectorize =
    (fn: (...a: A) => unknown) =>
    (...a: A): unknown =>
      plate('num_particles_vectorized', numSamples, { dim: -mpn }, () => fn(...a));
  return tidyValue(() => {
    const t = getImportanceTrace('flat', mpn, vectorize(model), vectorize(guide), args);
    let lw: Tensor;
    if (numSamples === 1) {
      lw = tf.sub(t.modelTrace.logProbSum(), t.guideTrace.logProbSum());
    } else {
      lw = tf.zeros([numSamples]);
      const perSample = (lp: Tensor): Tensor => {
        const axis = lp.rank - mpn;
        const others = [...Array(lp.rank).keys()].filter((d) => d !== axis);
        const s = others.length > 0 ? tf.sum(lp, others) : lp;
        return axis >= 0 ? s : tf.broadcastTo(s, [numSamples]);
      };
      for (const n of t.modelTrace.nodes.values()) if (n.type === 'sample') lw = tf.add(lw, perSample(n.logProb as Tensor));
      for (const n of t.guideTrace.nodes.values()) if (n.type === 'sample') lw = tf.sub(lw, perSample(n.logProb as Tensor));
    }
    if (options.normalized) lw = tf.sub(lw, tf.logSumExp(lw));
    return { logWeights: tf.keep(lw), modelTrace: snapshotTrace(t.modelTrace), guideTrace: snapshotTrace(t.guideTrace) };
  });
}
