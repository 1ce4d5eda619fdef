// GammaPoisson(concentration, rate): Pyro's gamma–Poisson mixture.
import { tf, broadcastShapes, logBeta } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { nonnegativeInteger, positive } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { samplePoisson } from './discrete-samplers.js';
import { sampleStandardGamma } from './standard-gamma.js';

export interface GammaPoissonArgs extends DistributionOptions {
  concentration: TensorInput;
  rate: TensorInput;
}

/**
 * Poisson counts whose rate is drawn from Gamma(concentration, rate): a
 * negative binomial with totalCount = concentration, probs = 1 / (1 + rate).
 */
export class GammaPoisson extends Distribution {
  constructor(concentration: TensorInput, rate: TensorInput, options?: DistributionOptions);
  constructor(args: GammaPoissonArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('GammaPoisson', args, ['concentration', 'rate']);
    const concentration = required('GammaPoisson', kw, 'concentration');
    const rate = required('GammaPoisson', kw, 'rate');
    super(broadcastShapes(inputShape(concentration), inputShape(rate)), [], kw);
    Object.assign(this._params, { concentration, rate });
    this.validateParams();
  }

  override get className(): string {
    return 'GammaPoisson';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { concentration: positive, rate: positive };
  }

  override get support(): Constraint {
    return nonnegativeInteger;
  }

  get concentration(): Tensor {
    return this.pOut('concentration');
  }

  get rate(): Tensor {
    return this.pOut('rate');
  }

  override expand(batchShape: readonly number[]): GammaPoisson {
    return this.expandedCopy(batchShape);
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      const g = sampleStandardGamma(tf.broadcastTo(this.p('concentration'), shape));
      return samplePoisson(tf.div(g, this.p('rate')));
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const c = this.p('concentration');
      const r = this.p('rate');
      const post = tf.add(c, v);
      return tf.sub(tf.add(tf.sub(tf.neg(logBeta(c, tf.add(v, 1))), tf.log(post)), tf.mul(c, tf.log(r))), tf.mul(post, tf.log1p(r)));
    });
  }

  override get mean(): Tensor {
    return tf.tidy(() => tf.div(this.p('concentration'), this.p('rate')));
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      const r = this.p('rate');
      return tf.mul(tf.div(this.p('concentration'), tf.square(r)), tf.add(r, 1));
    });
  }
}
