// HalfCauchy(scale): |X| for X ~ Cauchy(0, scale) (torch.distributions.HalfCauchy).
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { nonnegative, positive } from '../constraints/index.js';
import { toTensor, type TensorInput } from '../internal/params.js';
import { AbsTransform } from '../transforms/elementwise.js';
import { parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { TransformedDistribution } from '../distribution/transformed.js';
import { Cauchy } from './cauchy.js';

export interface HalfCauchyArgs extends DistributionOptions {
  scale: TensorInput;
}

/** The half-Cauchy distribution: `|X|` with `X ~ Cauchy(0, scale)`. */
export class HalfCauchy extends TransformedDistribution {
  constructor(scale: TensorInput, options?: DistributionOptions);
  constructor(args: HalfCauchyArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('HalfCauchy', args, ['scale']);
    const base = new Cauchy(0, required('HalfCauchy', kw, 'scale'), { validateArgs: kw.validateArgs as boolean | undefined });
    super(base, new AbsTransform(), kw);
  }

  override get className(): string {
    return 'HalfCauchy';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { scale: positive };
  }

  override get support(): Constraint {
    return nonnegative;
  }

  protected get cauchy(): Cauchy {
    return this.baseDist as Cauchy;
  }

  get scale(): Tensor {
    return this.cauchy.scale;
  }

  override expand(batchShape: readonly number[]): HalfCauchy {
    return super.expand(batchShape) as HalfCauchy;
  }

  override get mean(): Tensor {
    return tf.fill(this.batchShape, Infinity);
  }

  override get mode(): Tensor {
    return tf.tidy(() => tf.zerosLike(this.cauchy.scale));
  }

  override get variance(): Tensor {
    return tf.fill(this.batchShape, Infinity);
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const lp = tf.add(this.cauchy.logProb(v), Math.LN2);
      return tf.where(tf.greaterEqual(v, 0), lp, tf.fill(lp.shape, -Infinity));
    });
  }

  override cdf(value: TensorInput): Tensor {
    return tf.tidy(() => tf.sub(tf.mul(this.cauchy.cdf(this.checkedValue(value)), 2), 1));
  }

  override icdf(value: TensorInput): Tensor {
    return tf.tidy(() => this.cauchy.icdf(tf.div(tf.add(toTensor(value), 1), 2)));
  }

  override entropy(): Tensor {
    return tf.tidy(() => tf.sub(this.cauchy.entropy(), Math.LN2));
  }

  override toString(): string {
    return 'HalfCauchy()';
  }
}
