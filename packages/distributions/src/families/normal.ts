// Normal(loc, scale): torch.distributions.Normal.
import { tf, ndtr, ndtri, randn } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { toTensor, type TensorInput } from '../internal/params.js';
import type { DistributionOptions } from '../distribution/args.js';
import { LocScaleDistribution, type LocScaleArgs } from '../distribution/loc-scale.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export type NormalArgs = LocScaleArgs;

/** The normal distribution with mean `loc` and standard deviation `scale` > 0. */
export class Normal extends LocScaleDistribution {
  constructor(loc: TensorInput, scale: TensorInput, options?: DistributionOptions);
  constructor(args: NormalArgs);
  constructor(...args: unknown[]) {
    super('Normal', args);
  }

  override get className(): string {
    return 'Normal';
  }

  override get mean(): Tensor {
    return this.loc;
  }

  override get mode(): Tensor {
    return this.loc;
  }

  override get stddev(): Tensor {
    return this.scale;
  }

  override get variance(): Tensor {
    return tf.tidy(() => tf.square(this.p('scale')));
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => tf.add(this.p('loc'), tf.mul(randn(this.shape(sampleShape)), this.p('scale'))));
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const scale = this.p('scale');
      const z = tf.div(tf.sub(v, this.p('loc')), scale);
      return tf.sub(tf.sub(tf.mul(tf.square(z), -0.5), tf.log(scale)), LOG_SQRT_2PI);
    });
  }

  override cdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      return ndtr(tf.div(tf.sub(v, this.p('loc')), this.p('scale')));
    });
  }

  override icdf(value: TensorInput): Tensor {
    return tf.tidy(() => tf.add(this.p('loc'), tf.mul(this.p('scale'), ndtri(toTensor(value)))));
  }

  override entropy(): Tensor {
    return tf.tidy(() => tf.add(tf.log(this.p('scale')), 0.5 + LOG_SQRT_2PI));
  }
}
