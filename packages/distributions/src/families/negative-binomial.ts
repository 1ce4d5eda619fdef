// NegativeBinomial(totalCount, probs | logits): torch.distributions.NegativeBinomial.
import { tf, broadcastShapes, lgamma, logsigmoid, probsToLogits, logitsToProbs } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { greaterThanEq, halfOpenInterval, nonnegativeInteger, real } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { exactlyOne, inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { samplePoisson } from './discrete-samplers.js';
import { sampleStandardGamma } from './standard-gamma.js';

export interface NegativeBinomialArgs extends DistributionOptions {
  totalCount: TensorInput;
  probs?: TensorInput;
  logits?: TensorInput;
}

/**
 * Successes before `totalCount` failures, each trial succeeding with
 * probability `probs` = sigmoid(`logits`) (torch's parameterization: mean
 * totalCount · exp(logits)).
 */
export class NegativeBinomial extends Distribution {
  protected readonly given: 'probs' | 'logits';

  constructor(totalCount: TensorInput, probs?: TensorInput, logits?: TensorInput, options?: DistributionOptions);
  constructor(args: NegativeBinomialArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('NegativeBinomial', args, ['totalCount', 'probs', 'logits']);
    const totalCount = required('NegativeBinomial', kw, 'totalCount');
    const [name, value] = exactlyOne('NegativeBinomial', kw, 'probs', 'logits');
    super(broadcastShapes(inputShape(totalCount), inputShape(value)), [], kw);
    this._params.totalCount = totalCount;
    this._params[name] = value;
    this.given = name as 'probs' | 'logits';
    this.validateParams();
  }

  override get className(): string {
    return 'NegativeBinomial';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { totalCount: greaterThanEq(0), probs: halfOpenInterval(0, 1), logits: real };
  }

  override get support(): Constraint {
    return nonnegativeInteger;
  }

  protected probsT(): Tensor {
    return this.given === 'probs' ? this.p('probs') : logitsToProbs(this.p('logits'), true);
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

  override expand(batchShape: readonly number[]): NegativeBinomial {
    return this.expandedCopy(batchShape);
  }

  override get mean(): Tensor {
    return tf.tidy(() => tf.mul(this.p('totalCount'), tf.exp(this.logitsT())));
  }

  override get mode(): Tensor {
    return tf.tidy(() => tf.relu(tf.floor(tf.mul(tf.sub(this.p('totalCount'), 1), tf.exp(this.logitsT())))));
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      const logits = this.logitsT();
      return tf.div(tf.mul(this.p('totalCount'), tf.exp(logits)), tf.sigmoid(tf.neg(logits)));
    });
  }

  /** Gamma(totalCount, rate = exp(−logits)) mixed into a Poisson, as torch samples it. */
  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      const g = sampleStandardGamma(tf.broadcastTo(this.p('totalCount'), shape));
      return samplePoisson(tf.mul(g, tf.exp(this.logitsT())));
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const n = this.p('totalCount');
      const logits = this.logitsT();
      const unnormalized = tf.add(tf.mul(n, logsigmoid(tf.neg(logits))), tf.mul(v, logsigmoid(logits)));
      const nv = tf.add(n, v);
      let normalization = tf.add(tf.sub(lgamma(tf.add(v, 1)), lgamma(nv)), lgamma(n));
      normalization = tf.where(tf.equal(nv, 0), tf.zerosLike(normalization), normalization);
      return tf.sub(unnormalized, normalization);
    });
  }
}
