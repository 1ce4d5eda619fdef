// ExpandedDistribution: broadcasts a distribution's batch shape without a
// family-specific `expand` (Pyro's ExpandedDistribution).
import { tf, formatShape } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import type { TensorInput } from '../internal/params.js';
import { toTensor } from '../internal/params.js';
import { ValueError } from './errors.js';
import { Distribution, valueBatchShape, type ScoreParts } from './internal.js';

interface BroadcastPlan {
  shape: number[];
  /** Number of new dims on the left. */
  leading: number;
  /** Indices (into `shape`) of size-1 base dims that grow. */
  interstitial: number[];
}

function plan(existing: readonly number[], target: readonly number[]): BroadcastPlan {
  const fail = (): never => {
    throw new ValueError(`Cannot broadcast distribution of shape ${formatShape(existing)} to shape ${formatShape(target)}`);
  };
  if (target.length < existing.length) fail();
  const leading = target.length - existing.length;
  const interstitial: number[] = [];
  for (let j = leading; j < target.length; j++) {
    const e = existing[j - leading] as number;
    const t = target[j] as number;
    if (e === t) continue;
    if (e === 1) interstitial.push(j);
    else fail();
  }
  return { shape: target.slice(), leading, interstitial };
}

/**
 * A distribution whose batch shape is `base.batchShape` broadcast to
 * `batchShape`: samples are drawn independently for the new entries and
 * `logProb` is broadcast. `d.expand(shape)` returns one for distributions
 * without their own `expand`.
 */
export class ExpandedDistribution extends Distribution {
  readonly baseDist: Distribution;
  private readonly plan: BroadcastPlan;

  constructor(baseDist: Distribution, batchShape: readonly number[] = []) {
    const p = plan(baseDist.batchShape, batchShape);
    super(p.shape, baseDist.eventShape, {});
    this.baseDist = baseDist;
    this.plan = p;
  }

  override get className(): string {
    return 'ExpandedDistribution';
  }

  override get validateArgs(): boolean {
    return this._validateArgs ?? this.baseDist.validateArgs;
  }

  override expand(batchShape: readonly number[]): ExpandedDistribution {
    plan(this.batchShape, batchShape);
    return new ExpandedDistribution(this.baseDist, batchShape);
  }

  override get hasRsample(): boolean {
    return this.baseDist.hasRsample;
  }

  override get hasEnumerateSupport(): boolean {
    return this.baseDist.hasEnumerateSupport;
  }

  override get support(): Constraint {
    return this.baseDist.support;
  }

  private draw_(fn: (s: number[]) => Tensor, sampleShape: readonly number[]): Tensor {
    return tf.tidy(() => {
      const { leading, interstitial, shape } = this.plan;
      const grow = interstitial.map((j) => shape[j] as number);
      const x = fn([...sampleShape, ...shape.slice(0, leading), ...grow]);
      // x: sample + leading + grow + baseBatch + event; move each grown dim into its size-1 slot.
      const s = sampleShape.length;
      const baseStart = s + leading + grow.length;
      const nb = this.baseDist.batchShape.length;
      const perm: number[] = [];
      for (let i = 0; i < s + leading; i++) perm.push(i);
      const used = new Set<number>();
      for (let b = 0; b < nb; b++) {
        const m = interstitial.indexOf(leading + b);
        if (m >= 0) perm.push(s + leading + m);
        else {
          perm.push(baseStart + b);
          used.add(b);
        }
      }
      for (let b = 0; b < nb; b++) if (!used.has(b)) perm.push(baseStart + b);
      for (let e = 0; e < this.eventShape.length; e++) perm.push(baseStart + nb + e);
      const moved = grow.length > 0 ? tf.transpose(x, perm) : x;
      return tf.reshape(moved, this.shape(sampleShape));
    });
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return this.draw_((s) => this.baseDist.sample(s), sampleShape);
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return this.draw_((s) => this.baseDist.rsample(s), sampleShape);
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = toTensor(value);
      const shape = valueBatchShape(this.batchShape, v, this.eventDim);
      return tf.broadcastTo(this.baseDist.logProb(v), shape);
    });
  }

  override scoreParts(value: TensorInput): ScoreParts {
    let shape: number[] = [];
    tf.tidy(() => {
      shape = valueBatchShape(this.batchShape, toTensor(value), this.eventDim);
    });
    const parts = this.baseDist.scoreParts(value);
    const grow = (t: Tensor | 0): Tensor | 0 => {
      if (t === 0) return 0;
      return tf.tidy(() => tf.broadcastTo(t, shape));
    };
    const logProb = grow(parts.logProb) as Tensor;
    const scoreFunction = parts.scoreFunction === parts.logProb ? logProb : grow(parts.scoreFunction);
    const entropyTerm = parts.entropyTerm === parts.logProb ? logProb : grow(parts.entropyTerm);
    for (const t of new Set([parts.logProb, parts.scoreFunction, parts.entropyTerm])) if (t !== 0) t.dispose();
    return { logProb, scoreFunction, entropyTerm };
  }

  override enumerateSupport(expand = true): Tensor {
    return tf.tidy(() => {
      const samples = this.baseDist.enumerateSupport(false);
      const n = samples.shape[0] as number;
      const ones = this.batchShape.map(() => 1);
      const r = tf.reshape(samples, [n, ...ones, ...this.eventShape]);
      return expand ? tf.broadcastTo(r, [n, ...this.batchShape, ...this.eventShape]) : r;
    });
  }

  override get mean(): Tensor {
    return tf.tidy(() => tf.broadcastTo(this.baseDist.mean, [...this.batchShape, ...this.eventShape]));
  }

  override get variance(): Tensor {
    return tf.tidy(() => tf.broadcastTo(this.baseDist.variance, [...this.batchShape, ...this.eventShape]));
  }

  override toString(): string {
    return `ExpandedDistribution()`;
  }
}
