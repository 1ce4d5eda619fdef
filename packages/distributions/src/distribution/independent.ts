// Independent: reinterprets batch dims of a base distribution as event dims
// (torch.distributions.Independent with Pyro's validation delegation).
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { independent } from '../constraints/index.js';
import { NotImplementedError } from '../errors.js';
import type { TensorInput } from '../internal/params.js';
import { sumRightmostLenient } from '../internal/util.js';
import { isKeywordObject, type DistributionOptions } from './args.js';
import { ValueError } from './errors.js';
import { Distribution, type ScoreParts } from './internal.js';

export interface IndependentArgs extends DistributionOptions {
  baseDistribution: Distribution;
  reinterpretedBatchNdims: number;
}

/**
 * `new Independent(base, n)` or `new Independent({ baseDistribution,
 * reinterpretedBatchNdims })`: the `n` rightmost batch dims of `base` become
 * event dims, so `logProb` sums over them. Usually made by `d.toEvent(n)`,
 * which also merges nested Independents.
 */
export class Independent extends Distribution {
  readonly baseDist: Distribution;
  readonly reinterpretedBatchNdims: number;

  constructor(baseDistribution: Distribution, reinterpretedBatchNdims: number, options?: DistributionOptions);
  constructor(args: IndependentArgs);
  constructor(...args: unknown[]) {
    let base: Distribution;
    let n: number;
    let options: DistributionOptions = {};
    if (args.length === 1 && isKeywordObject(args[0]) && !(args[0] instanceof Distribution)) {
      const kw = args[0] as unknown as IndependentArgs;
      base = kw.baseDistribution;
      n = kw.reinterpretedBatchNdims;
      options = { validateArgs: kw.validateArgs };
    } else {
      base = args[0] as Distribution;
      n = args[1] as number;
      options = (args[2] as DistributionOptions | undefined) ?? {};
    }
    if (!(base instanceof Distribution)) throw new TypeError('Independent: baseDistribution must be a Distribution');
    if (!Number.isInteger(n) || n < 0) throw new ValueError(`Independent: reinterpretedBatchNdims must be a nonnegative integer, got ${n}`);
    const shape = [...base.batchShape, ...base.eventShape];
    const eventDim = n + base.eventShape.length;
    if (n > base.batchShape.length) {
      throw new ValueError(`Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), actual ${n} vs ${base.batchShape.length}`);
    }
    super(shape.slice(0, shape.length - eventDim), shape.slice(shape.length - eventDim), options);
    this.baseDist = base;
    this.reinterpretedBatchNdims = n;
  }

  override get className(): string {
    return 'Independent';
  }

  /** Pyro delegates validation to the base distribution unless this instance was given its own option. */
  override get validateArgs(): boolean {
    return this._validateArgs ?? this.baseDist.validateArgs;
  }

  override get support(): Constraint {
    const s = this.baseDist.support;
    return this.reinterpretedBatchNdims > 0 ? independent(s, this.reinterpretedBatchNdims) : s;
  }

  override get hasRsample(): boolean {
    return this.baseDist.hasRsample;
  }

  override get hasEnumerateSupport(): boolean {
    if (this.reinterpretedBatchNdims > 0) return false;
    return this.baseDist.hasEnumerateSupport;
  }

  override get mean(): Tensor {
    return this.baseDist.mean;
  }

  override get mode(): Tensor {
    return this.baseDist.mode;
  }

  override get variance(): Tensor {
    return this.baseDist.variance;
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return this.baseDist.sample(sampleShape);
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return this.baseDist.rsample(sampleShape);
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => sumRightmostLenient(this.baseDist.logProb(value), this.reinterpretedBatchNdims));
  }

  override scoreParts(value: TensorInput): ScoreParts {
    const parts = this.baseDist.scoreParts(value);
    const n = this.reinterpretedBatchNdims;
    const sum = (t: Tensor | 0): Tensor | 0 => {
      if (t === 0) return 0;
      const out = tf.tidy(() => sumRightmostLenient(t, n));
      if (out !== t) t.dispose();
      return out;
    };
    const logProb = sum(parts.logProb) as Tensor;
    const same = (t: Tensor | 0): Tensor | 0 => (t === parts.logProb ? logProb : sum(t));
    return { logProb, scoreFunction: same(parts.scoreFunction), entropyTerm: same(parts.entropyTerm) };
  }

  override entropy(): Tensor {
    return tf.tidy(() => sumRightmostLenient(this.baseDist.entropy(), this.reinterpretedBatchNdims));
  }

  override enumerateSupport(expand = true): Tensor {
    if (this.reinterpretedBatchNdims > 0) throw new NotImplementedError('Enumeration over cartesian product is not implemented');
    return this.baseDist.enumerateSupport(expand);
  }

  override expand(batchShape: readonly number[]): Independent {
    const n = this.reinterpretedBatchNdims;
    const base = this.baseDist.expand([...batchShape, ...this.eventShape.slice(0, n)]);
    const d = new Independent(base, n, { validateArgs: this._validateArgs });
    return d;
  }

  override toString(): string {
    return `Independent(${this.baseDist.toString()}, ${this.reinterpretedBatchNdims})`;
  }
}
