// Laplace(loc, scale): torch.distributions.Laplace.
import { tf, rand } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { toTensor, type TensorInput } from '../internal/params.js';
import { FLOAT32_EPS } from '../internal/util.js';
import type { DistributionOptions } from '../distribution/args.js';
import { LocScaleDistribution, type LocScaleArgs } from '../distribution/loc-scale.js';

export type LaplaceArgs = LocScaleArgs;

/** The Laplace (double exponential) distribution with location `loc` and scale `scale` > 0. */
export class Laplace extends LocScaleDistribution {
  constructor(loc: TensorInput, scale: TensorInput, options?: DistributionOptions);
  constructor(args: LaplaceArgs);
  constructor(...args: unknown[]) {
    super('Laplace', args);
  }

  override get className(): string {
    return 'Laplace';
  }

  override get mean(): Tensor {
    return this.loc;
  }

  override get mode(): Tensor {
    return this.loc;
  }

  override get stddev(): Tensor {
    return tf.tidy(() => tf.mul(this.p('scale'), Math.SQRT2));
  }

  override get variance(): Tensor {
    return tf.tidy(() => tf.mul(tf.square(this.p('scale')), 2));
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      // u uniform on [eps - 1, 1), as torch draws it.
      const u = rand(this.shape(sampleShape), FLOAT32_EPS - 1, 1);
      return tf.sub(this.p('loc'), tf.mul(this.p('scale'), tf.mul(tf.sign(u), tf.log1p(tf.neg(tf.abs(u))))));
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const scale = this.p('scale');
      return tf.sub(tf.neg(tf.log(tf.mul(scale, 2))), tf.div(tf.abs(tf.sub(v, this.p('loc'))), scale));
    });
  }

  override cdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const d = tf.sub(v, this.p('loc'));
      return tf.sub(0.5, tf.mul(tf.mul(tf.sign(d), 0.5), tf.expm1(tf.neg(tf.div(tf.abs(d), this.p('scale'))))));
    });
  }

  override icdf(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const term = tf.sub(toTensor(value), 0.5);
      const step = tf.mul(tf.sign(term), tf.log1p(tf.mul(tf.abs(term), -2)));
      return tf.sub(this.p('loc'), tf.mul(this.p('scale'), step));
    });
  }

  override entropy(): Tensor {
    return tf.tidy(() => tf.add(tf.log(tf.mul(this.p('scale'), 2)), 1));
  }
}
