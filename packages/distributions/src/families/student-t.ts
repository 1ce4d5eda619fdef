// StudentT(df, loc, scale): torch.distributions.StudentT.
import { tf, broadcastShapes, digamma, lgamma, randn } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { positive, real } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { standardGamma } from './standard-gamma.js';

export interface StudentTArgs extends DistributionOptions {
  df: TensorInput;
  loc?: TensorInput;
  scale?: TensorInput;
}

const LGAMMA_HALF = 0.5 * Math.log(Math.PI);

/** Student's t with `df` > 0 degrees of freedom, location `loc` (default 0) and scale `scale` (default 1). */
export class StudentT extends Distribution {
  constructor(df: TensorInput, loc?: TensorInput, scale?: TensorInput, options?: DistributionOptions);
  constructor(args: StudentTArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('StudentT', args, ['df', 'loc', 'scale']);
    const df = required('StudentT', kw, 'df');
    const loc = (kw.loc as TensorInput | undefined) ?? 0;
    const scale = (kw.scale as TensorInput | undefined) ?? 1;
    super(broadcastShapes(inputShape(df), inputShape(loc), inputShape(scale)), [], kw);
    Object.assign(this._params, { df, loc, scale });
    this.validateParams();
  }

  override get className(): string {
    return 'StudentT';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { df: positive, loc: real, scale: positive };
  }

  override get support(): Constraint {
    return real;
  }

  override get hasRsample(): boolean {
    return true;
  }

  get df(): Tensor {
    return this.pOut('df');
  }

  get loc(): Tensor {
    return this.pOut('loc');
  }

  get scale(): Tensor {
    return this.pOut('scale');
  }

  override expand(batchShape: readonly number[]): StudentT {
    return this.expandedCopy(batchShape);
  }

  override get mean(): Tensor {
    return tf.tidy(() => {
      const loc = this.p('loc');
      return tf.where(tf.lessEqual(this.p('df'), 1), tf.fill(loc.shape, NaN), loc);
    });
  }

  override get mode(): Tensor {
    return this.loc;
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      const df = this.p('df');
      const finite = tf.div(tf.mul(tf.square(this.p('scale')), df), tf.sub(df, 2));
      const v = tf.where(tf.greater(df, 2), finite, tf.fill(df.shape, Infinity));
      return tf.where(tf.lessEqual(df, 1), tf.fill(df.shape, NaN), v);
    });
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      const df = this.p('df');
      const x = randn(shape);
      // Chi2(df) = 2 · Gamma(df / 2, 1).
      const z = tf.mul(standardGamma(tf.broadcastTo(tf.mul(df, 0.5), shape)), 2);
      const y = tf.mul(x, tf.rsqrt(tf.div(z, df)));
      return tf.add(this.p('loc'), tf.mul(this.p('scale'), y));
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const df = this.p('df');
      const scale = this.p('scale');
      const y = tf.div(tf.sub(v, this.p('loc')), scale);
      const z = tf.add(
        tf.add(tf.add(tf.log(scale), tf.mul(tf.log(df), 0.5)), LGAMMA_HALF),
        tf.sub(lgamma(tf.mul(df, 0.5)), lgamma(tf.mul(tf.add(df, 1), 0.5))),
      );
      return tf.sub(tf.mul(tf.mul(tf.add(df, 1), -0.5), tf.log1p(tf.div(tf.square(y), df))), z);
    });
  }

  override entropy(): Tensor {
    return tf.tidy(() => {
      const df = this.p('df');
      const half = tf.mul(df, 0.5);
      const halfPlus = tf.mul(tf.add(df, 1), 0.5);
      const lbeta = tf.sub(tf.add(lgamma(half), LGAMMA_HALF), lgamma(halfPlus));
      return tf.add(
        tf.add(tf.add(tf.log(this.p('scale')), tf.mul(halfPlus, tf.sub(digamma(halfPlus), digamma(half)))), tf.mul(tf.log(df), 0.5)),
        lbeta,
      );
    });
  }
}
