// Bernoulli(probs | logits): torch.distributions.Bernoulli.
import { tf, rand, softplus, probsToLogits, logitsToProbs } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { boolean, real, unitInterval } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { exactlyOne, inputShape, parseArgs, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';

export interface BernoulliArgs extends DistributionOptions {
  probs?: TensorInput;
  logits?: TensorInput;
}

/**
 * `new Bernoulli(probs)` or `new Bernoulli({ logits })`: 1 with probability
 * `probs` (= sigmoid(logits)), else 0. Values are float 0 / 1.
 */
export class Bernoulli extends Distribution {
  /** Which parameter was given. */
  protected readonly given: 'probs' | 'logits';

  constructor(probs?: TensorInput, logits?: TensorInput, options?: DistributionOptions);
  constructor(args: BernoulliArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Bernoulli', args, ['probs', 'logits']);
    const [name, value] = exactlyOne('Bernoulli', kw, 'probs', 'logits');
    super(inputShape(value), [], kw);
    this._params[name] = value;
    this.given = name as 'probs' | 'logits';
    this.validateParams();
  }

  override get className(): string {
    return 'Bernoulli';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { probs: unitInterval, logits: real };
  }

  override get support(): Constraint {
    return boolean;
  }

  override get hasEnumerateSupport(): boolean {
    return true;
  }

  /** Probabilities, broadcast to the batch shape; call inside tf.tidy. */
  protected probsT(): Tensor {
    return this.given === 'probs' ? this.p('probs') : logitsToProbs(this.p('logits'), true);
  }

  /** Logits, broadcast to the batch shape; call inside tf.tidy. */
  /** 1 − probs, as sigmoid(−logits) when logits were given (no cancellation near probs = 1); call inside tf.tidy. */
  protected complementT(): Tensor {
    return this.given === 'logits' ? logitsToProbs(tf.neg(this.p('logits')), true) : tf.sub(1, this.p('probs'));
  }

  protected logitsT(): Tensor {
    return this.given === 'logits' ? this.p('logits') : probsToLogits(this.p('probs'), true);
  }

  get probs(): Tensor {
    return this.given === 'probs' ? this.pOut('probs') : tf.tidy(() => this.probsT());
  }

  get logits(): Tensor {
    return this.given === 'logits' ? this.pOut('logits') : tf.tidy(() => this.logitsT());
  }

  override expand(batchShape: readonly number[]): Bernoulli {
    return this.expandedCopy(batchShape);
  }

  override get mean(): Tensor {
    return this.probs;
  }

  override get mode(): Tensor {
    return tf.tidy(() => {
      const p = this.probsT();
      const m = tf.cast(tf.greaterEqual(p, 0.5), 'float32');
      return tf.where(tf.equal(p, 0.5), tf.fill(p.shape, NaN), m);
    });
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      return tf.mul(this.probsT(), this.complementT());
    });
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => tf.cast(tf.less(rand(this.shape(sampleShape)), this.probsT()), 'float32'));
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const logits = this.logitsT();
      // −BCE-with-logits: v·x − softplus(x).
      return tf.sub(tf.mul(v, logits), softplus(logits));
    });
  }

  override entropy(): Tensor {
    return tf.tidy(() => {
      const logits = this.logitsT();
      return tf.sub(softplus(logits), tf.mul(this.probsT(), logits));
    });
  }

  override enumerateSupport(expand = true): Tensor {
    return tf.tidy(() => {
      const values = tf.reshape(tf.tensor1d([0, 1]), [2, ...this.batchShape.map(() => 1)]);
      return expand ? tf.broadcastTo(values, [2, ...this.batchShape]) : values;
    });
  }
}
