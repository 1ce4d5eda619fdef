// Gumbel(loc, scale): torch.distributions.Gumbel, a transformed Uniform.
import { tf, broadcastShapes } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { positive, real } from '../constraints/index.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { FLOAT32_EPS, FLOAT32_TINY } from '../internal/util.js';
import { AffineTransform } from '../transforms/affine.js';
import { ExpTransform } from '../transforms/elementwise.js';
import { asParam, inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { TransformedDistribution } from '../distribution/transformed.js';
import { Uniform } from './uniform.js';

/** The Euler–Mascheroni constant. */
export const EULER_GAMMA = 0.5772156649015329;

export interface GumbelArgs extends DistributionOptions {
  loc: TensorInput;
  scale: TensorInput;
}

/** The Gumbel (type-I extreme value) distribution: loc − scale · log(−log U). */
export class Gumbel extends TransformedDistribution {
  constructor(loc: TensorInput, scale: TensorInput, options?: DistributionOptions);
  constructor(args: GumbelArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Gumbel', args, ['loc', 'scale']);
    const loc = required('Gumbel', kw, 'loc');
    const scale = required('Gumbel', kw, 'scale');
    const batch = broadcastShapes(inputShape(loc), inputShape(scale));
    const base = new Uniform(FLOAT32_TINY, 1 - FLOAT32_EPS, { validateArgs: false }).expand(batch);
    const expInv = new ExpTransform().inv;
    super(base, [expInv, new AffineTransform(0, -1), expInv, new AffineTransform(asParam(loc), () => tf.neg(toTensor(scale)))], kw);
    Object.assign(this._params, { loc, scale });
    this.validateParams();
  }

  override get className(): string {
    return 'Gumbel';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { loc: real, scale: positive };
  }

  override get support(): Constraint {
    return real;
  }

  get loc(): Tensor {
    return this.pOut('loc');
  }

  get scale(): Tensor {
    return this.pOut('scale');
  }

  override expand(batchShape: readonly number[]): Gumbel {
    return super.expand(batchShape) as Gumbel;
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const scale = this.p('scale');
      const y = tf.div(tf.sub(this.p('loc'), v), scale);
      return tf.sub(tf.sub(y, tf.exp(y)), tf.log(scale));
    });
  }

  override get mean(): Tensor {
    return tf.tidy(() => tf.add(this.p('loc'), tf.mul(this.p('scale'), EULER_GAMMA)));
  }

  override get mode(): Tensor {
    return this.loc;
  }

  override get stddev(): Tensor {
    return tf.tidy(() => tf.mul(this.p('scale'), Math.PI / Math.sqrt(6)));
  }

  override get variance(): Tensor {
    return tf.tidy(() => tf.mul(tf.square(this.p('scale')), (Math.PI * Math.PI) / 6));
  }

  override entropy(): Tensor {
    return tf.tidy(() => tf.add(tf.log(this.p('scale')), 1 + EULER_GAMMA));
  }

  override toString(): string {
    return Distribution.prototype.toString.call(this);
  }
}
