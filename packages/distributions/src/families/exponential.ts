// Exponential(rate): torch.distributions.Exponential.
import { tf, rand } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { nonnegative, positive } from '../constraints/index.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';

export interface ExponentialArgs extends DistributionOptions {
  rate: TensorInput;
}

/** The exponential distribution with rate `rate` > 0 (mean 1 / rate). */
export class Exponential extends Distribution {
  constructor(rate: TensorInput, options?: DistributionOptions);
  constructor(args: ExponentialArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Exponential', args, ['rate']);
    const rate = required('Exponential', kw, 'rate');
    super(inputShape(rate), [], kw);
    this._params.rate = rate;
    this.validateParams();
  }

  override get className(): string {
    return 'Exponential';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { rate: positive };
  }

  override get support(): Constraint {
    return nonnegative;
  }

  override get hasRsample(): boolean {
    return true;
  }

  get rate(): Tensor {
    return this.pOut('rate');
  }

  override expand(batchShape: readonly number[]): Exponential {
    return this.expandedCopy(batchShape);
  }

  override get mean(): Tensor {
    return tf.tidy(() => tf.reciprocal(this.p('rate')));
  }

  override get mode(): Tensor {
    return tf.tidy(() => tf.zerosLike(this.p('rate')));
  }

  override get stddev(): Tensor {
    return tf.tidy(() => tf.reciprocal(this.p('rate')));
  }

  override get variance(): Tensor {
    return tf.tidy(() => tf.reciprocal(tf.square(this.p('rate'))));
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      // -log(1 - u) with u in [0, 1): a standard exponential draw.
      const e = tf.neg(tf.log1p(tf.neg(rand(this.shape(sampleShape)))));
      return tf.div(e, this.p('rate'));
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const rate = this.p('rate');
      return tf.sub(tf.log(rate), tf.mul(rate, v));
    });
  }

  override cdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      return tf.neg(tf.expm1(tf.neg(tf.mul(this.p('rate'), v))));
    });
  }

  override icdf(value: TensorInput): Tensor {
    return tf.tidy(() => tf.div(tf.neg(tf.log1p(tf.neg(toTensor(value)))), this.p('rate')));
  }

  override entropy(): Tensor {
    return tf.tidy(() => tf.sub(1, tf.log(this.p('rate'))));
  }
}
