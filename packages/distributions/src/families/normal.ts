// Normal(loc, scale): torch.distributions.Normal.
import { tf, broadcastShapes, ndtr, ndtri, randn } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { positive, real } from '../constraints/index.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export interface NormalArgs extends DistributionOptions {
  loc: TensorInput;
  scale: TensorInput;
}

/** The normal distribution with mean `loc` and standard deviation `scale` > 0. */
export class Normal extends Distribution {
  constructor(loc: TensorInput, scale: TensorInput, options?: DistributionOptions);
  constructor(args: NormalArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Normal', args, ['loc', 'scale']);
    const loc = required('Normal', kw, 'loc');
    const scale = required('Normal', kw, 'scale');
    super(broadcastShapes(inputShape(loc), inputShape(scale)), [], kw);
    Object.assign(this._params, { loc, scale });
    this.validateParams();
  }

  override get className(): string {
    return 'Normal';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { loc: real, scale: positive };
  }

  override get support(): Constraint {
    return real;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** `loc` broadcast to the batch shape (a new tensor the caller owns). */
  get loc(): Tensor {
    return this.pOut('loc');
  }

  /** `scale` broadcast to the batch shape (a new tensor the caller owns). */
  get scale(): Tensor {
    return this.pOut('scale');
  }

  override expand(batchShape: readonly number[]): Normal {
    return this.expandedCopy(batchShape);
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
