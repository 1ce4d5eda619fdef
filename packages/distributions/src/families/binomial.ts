// Binomial(totalCount, probs | logits): torch.distributions.Binomial with
// Pyro's log_prob.
import { tf, broadcastShapes, lgamma, probsToLogits, logitsToProbs, softplus } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { integerInterval, nonnegativeInteger, real, unitInterval } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { NotImplementedError } from '../errors.js';
import { exactlyOne, inputShape, parseArgs, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { sampleBinomial } from './discrete-samplers.js';

export interface BinomialArgs extends DistributionOptions {
  totalCount?: TensorInput;
  probs?: TensorInput;
  logits?: TensorInput;
}

/** Number of successes in `totalCount` (default 1) independent trials of probability `probs` = sigmoid(`logits`). */
export class Binomial extends Distribution {
  protected readonly given: 'probs' | 'logits';

  constructor(totalCount?: TensorInput, probs?: TensorInput, logits?: TensorInput, options?: DistributionOptions);
  constructor(args: BinomialArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Binomial', args, ['totalCount', 'probs', 'logits']);
    const [name, value] = exactlyOne('Binomial', kw, 'probs', 'logits');
    const totalCount = (kw.totalCount as TensorInput | undefined) ?? 1;
    super(broadcastShapes(inputShape(totalCount), inputShape(value)), [], kw);
    this._params.totalCount = totalCount;
    this._params[name] = value;
    this.given = name as 'probs' | 'logits';
    this.validateParams();
  }

  override get className(): string {
    return 'Binomial';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { totalCount: nonnegativeInteger, probs: unitInterval, logits: real };
  }

  /** `integerInterval(0, totalCount)` with the count broadcast to the batch shape (as torch stores it). */
  override get support(): Constraint {
    return integerInterval(0, () => this.p('totalCount'));
  }

  override get hasEnumerateSupport(): boolean {
    return true;
  }

  protected probsT(): Tensor {
    return this.given === 'probs' ? this.p('probs') : logitsToProbs(this.p('logits'), true);
  }

  /** 1 − probs, as sigmoid(−logits) when logits were given (no cancellation near probs = 1); call inside tf.tidy. */
  protected complementT(): Tensor {
    return this.given === 'logits' ? logitsToProbs(tf.neg(this.p('logits')), true) : tf.sub(1, this.p('probs'));
  }

  protected logitsT(): Tensor {
    return this.given === 'logits' ? this.p('logits') : probsToLogits(this.p('probs'), true);
  }

  get totalCount(): Tensor {
    return this.pOut('totalCount');
  }

  get probs(): Tensor {
    return this.given === 'probs' ? this.pOut('probs') : tf.tidy(() => this.probsT());
  }

  get logits(): Tensor {
    return this.given === 'logits' ? this.pOut('logits') : tf.tidy(() => this.logitsT());
  }

  override expand(batchShape: readonly number[]): Binomial {
    return this.expandedCopy(batchShape);
  }

  override get mean(): Tensor {
    return tf.tidy(() => tf.mul(this.p('totalCount'), this.probsT()));
  }

  override get mode(): Tensor {
    return tf.tidy(() => {
      const n = this.p('totalCount');
      return tf.minimum(tf.floor(tf.mul(tf.add(n, 1), this.probsT())), n);
    });
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      return tf.mul(tf.mul(this.p('totalCount'), this.probsT()), this.complementT());
    });
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      return sampleBinomial(tf.broadcastTo(this.p('totalCount'), shape), tf.broadcastTo(this.probsT(), shape));
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const k = this.checkedValue(value);
      const n = this.p('totalCount');
      const logits = this.logitsT();
      const logBinomial = tf.sub(tf.sub(lgamma(tf.add(n, 1)), lgamma(tf.add(k, 1))), lgamma(tf.add(tf.sub(n, k), 1)));
      return tf.add(tf.sub(tf.mul(k, logits), tf.mul(n, softplus(logits))), logBinomial);
    });
  }

  /** The common total count, or NotImplementedError (torch: inhomogeneous counts are not supported). Reads it back. */
  protected homogeneousCount(what: string): number {
    const [lo, hi] = tf.tidy(() => {
      const n = this.p('totalCount');
      return [tf.min(n).dataSync()[0] as number, tf.max(n).dataSync()[0] as number];
    });
    if (lo !== hi) throw new NotImplementedError(`Inhomogeneous total count not supported by \`${what}\`.`);
    return hi as number;
  }

  override enumerateSupport(expand = true): Tensor {
    const n = this.homogeneousCount('enumerate_support');
    return tf.tidy(() => {
      const values = tf.reshape(tf.range(0, n + 1, 1, 'float32'), [n + 1, ...this.batchShape.map(() => 1)]);
      return expand ? tf.broadcastTo(values, [n + 1, ...this.batchShape]) : values;
    });
  }

  override entropy(): Tensor {
    this.homogeneousCount('entropy');
    return tf.tidy(() => {
      const lp = this.logProb(this.enumerateSupport(false));
      return tf.neg(tf.sum(tf.mul(tf.exp(lp), lp), 0));
    });
  }
}
