// Laplace(loc, scale): torch.distributions.Laplace.
import { tf, broadcastShapes, rand } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { positive, real } from '../constraints/index.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { FLOAT32_EPS } from '../internal/util.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';

export interface LaplaceArgs extends DistributionOptions {
  loc: TensorInput;
  scale: TensorInput;
}

/** The Laplace (double exponential) distribution with location `loc` and scale `scale` > 0. */
export class Laplace extends Distribution {
  constructor(loc: TensorInput, scale: TensorInput, options?: DistributionOptions);
  constructor(args: LaplaceArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Laplace', args, ['loc', 'scale']);
    const loc = required('Laplace', kw, 'loc');
    const scale = required('Laplace', kw, 'scale');
    super(broadcastShapes(inputShape(loc), inputShape(scale)), [], kw);
    Object.assign(this._params, { loc, scale });
    this.validateParams();
  }

  override get className(): string {
    return 'Laplace';
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

  override expand(batchShape: readonly number[]): Laplace {
    return this.expandedCopy(batchShape);
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
