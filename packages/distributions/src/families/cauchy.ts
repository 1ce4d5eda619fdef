// Cauchy(loc, scale): torch.distributions.Cauchy.
import { tf, rand } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { toTensor, type TensorInput } from '../internal/params.js';
import type { DistributionOptions } from '../distribution/args.js';
import { LocScaleDistribution, type LocScaleArgs } from '../distribution/loc-scale.js';

export type CauchyArgs = LocScaleArgs;

/** The Cauchy distribution with median `loc` and half-width `scale` > 0 (mean NaN, variance Infinity). */
export class Cauchy extends LocScaleDistribution {
  constructor(loc: TensorInput, scale: TensorInput, options?: DistributionOptions);
  constructor(args: CauchyArgs);
  constructor(...args: unknown[]) {
    super('Cauchy', args);
  }

  override get className(): string {
    return 'Cauchy';
  }

  override get mean(): Tensor {
    return tf.fill(this.batchShape, NaN);
  }

  override get mode(): Tensor {
    return this.loc;
  }

  override get variance(): Tensor {
    return tf.fill(this.batchShape, Infinity);
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const eps = tf.tan(tf.mul(tf.sub(rand(this.shape(sampleShape)), 0.5), Math.PI));
      return tf.add(this.p('loc'), tf.mul(eps, this.p('scale')));
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const scale = this.p('scale');
      const z = tf.div(tf.sub(v, this.p('loc')), scale);
      return tf.sub(tf.sub(-Math.log(Math.PI), tf.log(scale)), tf.log1p(tf.square(z)));
    });
  }

  override cdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      return tf.add(tf.div(tf.atan(tf.div(tf.sub(v, this.p('loc')), this.p('scale'))), Math.PI), 0.5);
    });
  }

  override icdf(value: TensorInput): Tensor {
    return tf.tidy(() => tf.add(tf.mul(tf.tan(tf.mul(tf.sub(toTensor(value), 0.5), Math.PI)), this.p('scale')), this.p('loc')));
  }

  override entropy(): Tensor {
    return tf.tidy(() => tf.add(tf.log(this.p('scale')), Math.log(4 * Math.PI)));
  }
}
