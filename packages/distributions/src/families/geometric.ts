// Geometric(probs | logits): the number of failures before the first
// success (torch.distributions.Geometric with Pyro's log_prob).
import { tf, rand, probsToLogits, logitsToProbs, softplus } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { nonnegativeInteger, real, unitInterval } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { FLOAT32_TINY } from '../internal/util.js';
import { reprTensor } from '../internal/repr.js';
import { formatShape } from '@pyro-ts/tensor';
import { exactlyOne, inputShape, parseArgs, type DistributionOptions } from '../distribution/args.js';
import { ValueError } from '../distribution/errors.js';
import { Distribution } from '../distribution/internal.js';

export interface GeometricArgs extends DistributionOptions {
  probs?: TensorInput;
  logits?: TensorInput;
}

/** Failures before the first success in trials of success probability `probs` (> 0) = sigmoid(`logits`). */
export class Geometric extends Distribution {
  protected readonly given: 'probs' | 'logits';

  constructor(probs?: TensorInput, logits?: TensorInput, options?: DistributionOptions);
  constructor(args: GeometricArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Geometric', args, ['probs', 'logits']);
    const [name, value] = exactlyOne('Geometric', kw, 'probs', 'logits');
    super(inputShape(value), [], kw);
    this._params[name] = value;
    this.given = name as 'probs' | 'logits';
    this.validateParams();
    if (this.validateArgs && name === 'probs') {
      // torch's extra check beyond unit_interval: probs > 0.
      let message: string | undefined;
      tf.tidy(() => {
        const p = this.p('probs');
        if (tf.all(tf.greater(p, 0)).dataSync()[0] !== 1) {
          message = `Expected parameter probs (Tensor of shape ${formatShape(p.shape)}) of distribution ${this.toString()} to satisfy the constraint ${unitInterval.toString()}, but found invalid values:\n${reprTensor(p)}`;
        }
      });
      if (message !== undefined) throw new ValueError(message);
    }
  }

  override get className(): string {
    return 'Geometric';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { probs: unitInterval, logits: real };
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

  get probs(): Tensor {
    return this.given === 'probs' ? this.pOut('probs') : tf.tidy(() => this.probsT());
  }

  get logits(): Tensor {
    return this.given === 'logits' ? this.pOut('logits') : tf.tidy(() => this.logitsT());
  }

  override expand(batchShape: readonly number[]): Geometric {
    return this.expandedCopy(batchShape);
  }

  override get mean(): Tensor {
    return tf.tidy(() => tf.sub(tf.reciprocal(this.probsT()), 1));
  }

  override get mode(): Tensor {
    return tf.tidy(() => tf.zerosLike(this.probsT()));
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      const p = this.probsT();
      return tf.div(tf.sub(tf.reciprocal(p), 1), p);
    });
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const u = tf.maximum(rand(this.shape(sampleShape)), FLOAT32_TINY);
      return tf.floor(tf.div(tf.log(u), tf.log1p(tf.neg(this.probsT()))));
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const logits = this.logitsT();
      return tf.add(tf.mul(tf.sub(tf.neg(v), 1), softplus(logits)), logits);
    });
  }

  override entropy(): Tensor {
    return tf.tidy(() => {
      const logits = this.logitsT();
      const p = this.probsT();
      // binary_cross_entropy_with_logits(logits, probs) / probs.
      return tf.div(tf.sub(softplus(logits), tf.mul(p, logits)), p);
    });
  }
}
