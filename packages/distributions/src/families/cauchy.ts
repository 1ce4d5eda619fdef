// Cauchy(loc, scale): torch.distributions.Cauchy.
import { tf, broadcastShapes, rand } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { positive, real } from '../constraints/index.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';

export interface CauchyArgs extends DistributionOptions {
  loc: TensorInput;
  scale: TensorInput;
}

/** The Cauchy distribution with median `loc` and half-width `scale` > 0 (mean NaN, variance Infinity). */
export class Cauchy extends Distribution {
  constructor(loc: TensorInput, scale: TensorInput, options?: DistributionOptions);
  constructor(args: CauchyArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Cauchy', args, ['loc', 'scale']);
    const loc = required('Cauchy', kw, 'loc');
    const scale = required('Cauchy', kw, 'scale');
    super(broadcastShapes(inputShape(loc), inputShape(scale)), [], kw);
    Object.assign(this._params, { loc, scale });
    this.validateParams();
  }

  override get className(): string {
    return 'Cauchy';
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

  get loc(): Tensor {
    return this.pOut('loc');
  }

  get scale(): Tensor {
    return this.pOut('scale');
  }

  override expand(batchShape: readonly number[]): Cauchy {
    return this.expandedCopy(batchShape);
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
