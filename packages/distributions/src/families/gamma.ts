// Gamma(concentration, rate): torch.distributions.Gamma, with implicit
// reparameterization gradients for rsample.
import { tf, broadcastShapes, digamma, lgamma, xlogy } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { nonnegative, positive } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { clampTinyKeepGrad, standardGamma } from './standard-gamma.js';

export interface GammaArgs extends DistributionOptions {
  concentration: TensorInput;
  rate: TensorInput;
}

/**
 * The gamma distribution with shape `concentration` > 0 and `rate` > 0
 * (mean concentration / rate). `rsample` is differentiable in both
 * parameters (implicit reparameterization in the concentration).
 */
export class Gamma extends Distribution {
  constructor(concentration: TensorInput, rate: TensorInput, options?: DistributionOptions);
  constructor(args: GammaArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Gamma', args, ['concentration', 'rate']);
    const concentration = required('Gamma', kw, 'concentration');
    const rate = required('Gamma', kw, 'rate');
    super(broadcastShapes(inputShape(concentration), inputShape(rate)), [], kw);
    Object.assign(this._params, { concentration, rate });
    this.validateParams();
  }

  override get className(): string {
    return 'Gamma';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { concentration: positive, rate: positive };
  }

  override get support(): Constraint {
    return nonnegative;
  }

  override get hasRsample(): boolean {
    return true;
  }

  get concentration(): Tensor {
    return this.pOut('concentration');
  }

  get rate(): Tensor {
    return this.pOut('rate');
  }

  override expand(batchShape: readonly number[]): Gamma {
    return this.expandedCopy(batchShape);
  }

  override get mean(): Tensor {
    return tf.tidy(() => tf.div(this.p('concentration'), this.p('rate')));
  }

  override get mode(): Tensor {
    return tf.tidy(() => tf.relu(tf.div(tf.sub(this.p('concentration'), 1), this.p('rate'))));
  }

  override get variance(): Tensor {
    return tf.tidy(() => tf.div(this.p('concentration'), tf.square(this.p('rate'))));
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      const x = standardGamma(tf.broadcastTo(this.p('concentration'), shape));
      return clampTinyKeepGrad(tf.div(x, this.p('rate')));
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const c = this.p('concentration');
      const r = this.p('rate');
      return tf.sub(tf.sub(tf.add(xlogy(c, r), xlogy(tf.sub(c, 1), v)), tf.mul(r, v)), lgamma(c));
    });
  }

  override entropy(): Tensor {
    return tf.tidy(() => {
      const c = this.p('concentration');
      return tf.add(tf.add(tf.sub(c, tf.log(this.p('rate'))), lgamma(c)), tf.mul(tf.sub(1, c), digamma(c)));
    });
  }
}
