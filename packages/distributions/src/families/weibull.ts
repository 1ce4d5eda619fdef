// Weibull(scale, concentration): torch.distributions.Weibull, a transformed Exponential(1).
import { tf, broadcastShapes, lgamma } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { positive } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { AffineTransform } from '../transforms/affine.js';
import { PowerTransform } from '../transforms/elementwise.js';
import { asParam, inputShape, paramValueTensor, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { TransformedDistribution } from '../distribution/transformed.js';
import { Exponential } from './exponential.js';
import { EULER_GAMMA } from './gumbel.js';

export interface WeibullArgs extends DistributionOptions {
  scale: TensorInput;
  concentration: TensorInput;
}

/** The Weibull distribution: scale · E^(1/concentration) for E ~ Exponential(1). */
export class Weibull extends TransformedDistribution {
  constructor(scale: TensorInput, concentration: TensorInput, options?: DistributionOptions);
  constructor(args: WeibullArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Weibull', args, ['scale', 'concentration']);
    const scale = required('Weibull', kw, 'scale');
    const concentration = required('Weibull', kw, 'concentration');
    const batch = broadcastShapes(inputShape(scale), inputShape(concentration));
    const base = new Exponential(1, { validateArgs: false }).expand(batch);
    super(base, [new PowerTransform(() => tf.reciprocal(paramValueTensor(concentration))), new AffineTransform(0, asParam(scale))], kw);
    Object.assign(this._params, { scale, concentration });
    this.validateParams();
  }

  override get className(): string {
    return 'Weibull';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { scale: positive, concentration: positive };
  }

  override get support(): Constraint {
    return positive;
  }

  get scale(): Tensor {
    return this.pOut('scale');
  }

  get concentration(): Tensor {
    return this.pOut('concentration');
  }

  override expand(batchShape: readonly number[]): Weibull {
    return super.expand(batchShape) as Weibull;
  }

  override get mean(): Tensor {
    return tf.tidy(() => tf.mul(this.p('scale'), tf.exp(lgamma(tf.add(tf.reciprocal(this.p('concentration')), 1)))));
  }

  override get mode(): Tensor {
    return tf.tidy(() => {
      const k = this.p('concentration');
      return tf.mul(this.p('scale'), tf.pow(tf.div(tf.sub(k, 1), k), tf.reciprocal(k)));
    });
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      const r = tf.reciprocal(this.p('concentration'));
      const a = tf.exp(lgamma(tf.add(tf.mul(r, 2), 1)));
      const b = tf.exp(tf.mul(lgamma(tf.add(r, 1)), 2));
      return tf.mul(tf.square(this.p('scale')), tf.sub(a, b));
    });
  }

  override entropy(): Tensor {
    return tf.tidy(() => {
      const r = tf.reciprocal(this.p('concentration'));
      return tf.add(tf.add(tf.mul(tf.sub(1, r), EULER_GAMMA), tf.log(tf.mul(this.p('scale'), r))), 1);
    });
  }

  override toString(): string {
    return Distribution.prototype.toString.call(this);
  }
}
