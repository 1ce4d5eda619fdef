// HalfNormal(scale): |X| for X ~ Normal(0, scale) (torch.distributions.HalfNormal).
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { nonnegative, positive } from '../constraints/index.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { AbsTransform } from '../transforms/elementwise.js';
import { parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { TransformedDistribution } from '../distribution/transformed.js';
import { Normal } from './normal.js';

export interface HalfNormalArgs extends DistributionOptions {
  scale: TensorInput;
}

/** The half-normal distribution: `|X|` with `X ~ Normal(0, scale)`. */
export class HalfNormal extends TransformedDistribution {
  constructor(scale: TensorInput, options?: DistributionOptions);
  constructor(args: HalfNormalArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('HalfNormal', args, ['scale']);
    const base = new Normal(0, required('HalfNormal', kw, 'scale'), { validateArgs: kw.validateArgs as boolean | undefined });
    super(base, new AbsTransform(), kw);
  }

  override get className(): string {
    return 'HalfNormal';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { scale: positive };
  }

  override get support(): Constraint {
    return nonnegative;
  }

  protected get normal(): Normal {
    return this.baseDist as Normal;
  }

  get scale(): Tensor {
    return this.normal.scale;
  }

  override expand(batchShape: readonly number[]): HalfNormal {
    return super.expand(batchShape) as HalfNormal;
  }

  override get mean(): Tensor {
    return tf.tidy(() => tf.mul(this.normal.scale, Math.sqrt(2 / Math.PI)));
  }

  override get mode(): Tensor {
    return tf.tidy(() => tf.zerosLike(this.normal.scale));
  }

  override get variance(): Tensor {
    return tf.tidy(() => tf.mul(tf.square(this.normal.scale), 1 - 2 / Math.PI));
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const lp = tf.add(this.normal.logProb(v), Math.LN2);
      return tf.where(tf.greaterEqual(v, 0), lp, tf.fill(lp.shape, -Infinity));
    });
  }

  override cdf(value: TensorInput): Tensor {
    return tf.tidy(() => tf.sub(tf.mul(this.normal.cdf(this.checkedValue(value)), 2), 1));
  }

  override icdf(value: TensorInput): Tensor {
    return tf.tidy(() => this.normal.icdf(tf.div(tf.add(toTensor(value), 1), 2)));
  }

  override entropy(): Tensor {
    return tf.tidy(() => tf.sub(this.normal.entropy(), Math.LN2));
  }

  override toString(): string {
    return 'HalfNormal()';
  }
}
