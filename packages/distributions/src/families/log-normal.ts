// LogNormal(loc, scale): exp of a Normal (torch LogNormal with Pyro's Normal base).
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { positive, real } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { ExpTransform } from '../transforms/elementwise.js';
import { parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { TransformedDistribution } from '../distribution/transformed.js';
import { Normal } from './normal.js';

export interface LogNormalArgs extends DistributionOptions {
  loc: TensorInput;
  scale: TensorInput;
}

/** `exp(X)` for `X ~ Normal(loc, scale)`. */
export class LogNormal extends TransformedDistribution {
  constructor(loc: TensorInput, scale: TensorInput, options?: DistributionOptions);
  constructor(args: LogNormalArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('LogNormal', args, ['loc', 'scale']);
    const base = new Normal(required('LogNormal', kw, 'loc'), required('LogNormal', kw, 'scale'), { validateArgs: kw.validateArgs as boolean | undefined });
    super(base, new ExpTransform(), kw);
  }

  override get className(): string {
    return 'LogNormal';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { loc: real, scale: positive };
  }

  override get support(): Constraint {
    return positive;
  }

  protected get normal(): Normal {
    return this.baseDist as Normal;
  }

  get loc(): Tensor {
    return this.normal.loc;
  }

  get scale(): Tensor {
    return this.normal.scale;
  }

  override expand(batchShape: readonly number[]): LogNormal {
    return super.expand(batchShape) as LogNormal;
  }

  override get mean(): Tensor {
    return tf.tidy(() => tf.exp(tf.add(this.normal.loc, tf.div(tf.square(this.normal.scale), 2))));
  }

  override get mode(): Tensor {
    return tf.tidy(() => tf.exp(tf.sub(this.normal.loc, tf.square(this.normal.scale))));
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      const s2 = tf.square(this.normal.scale);
      return tf.mul(tf.expm1(s2), tf.exp(tf.add(tf.mul(this.normal.loc, 2), s2)));
    });
  }

  override entropy(): Tensor {
    return tf.tidy(() => tf.add(this.normal.entropy(), this.normal.loc));
  }

  override toString(): string {
    return 'LogNormal()';
  }
}
