// Categorical(probs | logits): torch.distributions.Categorical with Pyro's
// real_vector logits constraint.
import { tf, broadcastShapes, logsumexp, multinomial, probsToLogits } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { integerInterval, realVector, simplex } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { exactlyOne, inputShape, parseArgs, type DistributionOptions } from '../distribution/args.js';
import { ValueError } from '../distribution/errors.js';
import { Distribution } from '../distribution/internal.js';

export interface CategoricalArgs extends DistributionOptions {
  probs?: TensorInput;
  logits?: TensorInput;
}

/** The most negative finite float32 (torch's `finfo.min`). */
const FLOAT32_MIN = -3.4028234663852886e38;

/**
 * `new Categorical(probs)` or `new Categorical({ logits })`: an index in
 * `0 .. K-1` drawn with probabilities `probs` (normalized over the last
 * dim) or `softmax(logits)`. Samples and `enumerateSupport` are int32, as
 * torch's are int64; `logProb` accepts int32 or float indices.
 */
export class Categorical extends Distribution {
  protected readonly given: 'probs' | 'logits';
  /** Number of categories K. */
  readonly numEvents: number;

  constructor(probs?: TensorInput, logits?: TensorInput, options?: DistributionOptions);
  constructor(args: CategoricalArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Categorical', args, ['probs', 'logits']);
    const [name, value] = exactlyOne('Categorical', kw, 'probs', 'logits');
    const shape = inputShape(value);
    if (shape.length < 1) throw new ValueError(`\`${name}\` parameter must be at least one-dimensional.`);
    super(shape.slice(0, -1), [], kw);
    this._params[name] = value;
    this.given = name as 'probs' | 'logits';
    this.numEvents = shape[shape.length - 1] as number;
    this.validateParams();
  }

  override get className(): string {
    return 'Categorical';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { probs: simplex, logits: realVector };
  }

  protected override paramEventRank(): number {
    return 1;
  }

  /** torch normalizes the given parameter at construction; the checked and printed values are the normalized ones. */
  protected override paramValue(name: string): Tensor | undefined {
    if (name !== this.given) return undefined;
    return name === 'probs' ? this.probsT() : this.logitsT();
  }

  override get support(): Constraint {
    return integerInterval(0, this.numEvents - 1);
  }

  override get hasEnumerateSupport(): boolean {
    return true;
  }

  /** Normalized probabilities `batch + [K]`; call inside tf.tidy. */
  protected probsT(): Tensor {
    if (this.given === 'probs') {
      const p = this.p('probs');
      return tf.div(p, tf.sum(p, -1, true));
    }
    return tf.softmax(this.logitsT());
  }

  /** Normalized log-probabilities `batch + [K]`; call inside tf.tidy. */
  protected logitsT(): Tensor {
    if (this.given === 'logits') {
      const l = this.p('logits');
      return tf.sub(l, logsumexp(l, -1, true));
    }
    return probsToLogits(this.probsT());
  }

  /** Probabilities normalized over the last dim, `batchShape + [K]`. */
  get probs(): Tensor {
    return tf.tidy(() => this.probsT());
  }

  /** Log-probabilities normalized over the last dim, `batchShape + [K]`. */
  get logits(): Tensor {
    return tf.tidy(() => this.logitsT());
  }

  get paramShape(): number[] {
    return [...this.batchShape, this.numEvents];
  }

  override expand(batchShape: readonly number[]): Categorical {
    return this.expandedCopy(batchShape);
  }

  override get mean(): Tensor {
    return tf.fill(this.batchShape, NaN);
  }

  override get mode(): Tensor {
    return tf.tidy(() => tf.argMax(this.probsT(), -1));
  }

  override get variance(): Tensor {
    return tf.fill(this.batchShape, NaN);
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const n = sampleShape.reduce((a, b) => a * b, 1);
      const logits2d = tf.reshape(this.logitsT(), [-1, this.numEvents]);
      const draws = multinomial(logits2d, n); // [B, n]
      return tf.reshape(tf.transpose(draws), this.shape(sampleShape));
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const logits = this.logitsT();
      const idx = tf.expandDims(tf.cast(v, 'int32'), -1);
      const shape = broadcastShapes(idx.shape, logits.shape);
      const hit = tf.equal(idx, tf.range(0, this.numEvents, 1, 'int32'));
      const lb = tf.broadcastTo(logits, shape);
      return tf.sum(tf.where(tf.broadcastTo(hit, shape), lb, tf.zerosLike(lb)), -1);
    });
  }

  override entropy(): Tensor {
    return tf.tidy(() => {
      const logits = tf.maximum(this.logitsT(), FLOAT32_MIN);
      return tf.neg(tf.sum(tf.mul(logits, this.probsT()), -1));
    });
  }

  override enumerateSupport(expand = true): Tensor {
    return tf.tidy(() => {
      const values = tf.reshape(tf.range(0, this.numEvents, 1, 'int32'), [this.numEvents, ...this.batchShape.map(() => 1)]);
      return expand ? tf.broadcastTo(values, [this.numEvents, ...this.batchShape]) : values;
    });
  }
}

