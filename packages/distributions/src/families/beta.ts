// Beta(concentration1, concentration0): torch.distributions.Beta; rsample
// is X / (X + Y) of Gamma draws with implicit reparameterization gradients.
import { tf, broadcastShapes, digamma, lgamma, xlogy } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { positive, unitInterval } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { clampKeepGrad, standardGamma } from './standard-gamma.js';
import { FLOAT32_EPS, FLOAT32_TINY } from '../internal/util.js';

export interface BetaArgs extends DistributionOptions {
  concentration1: TensorInput;
  concentration0: TensorInput;
}

/** The beta distribution on [0, 1] with shapes `concentration1` (α) and `concentration0` (β). */
export class Beta extends Distribution {
  constructor(concentration1: TensorInput, concentration0: TensorInput, options?: DistributionOptions);
  constructor(args: BetaArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Beta', args, ['concentration1', 'concentration0']);
    const c1 = required('Beta', kw, 'concentration1');
    const c0 = required('Beta', kw, 'concentration0');
    super(broadcastShapes(inputShape(c1), inputShape(c0)), [], kw);
    Object.assign(this._params, { concentration1: c1, concentration0: c0 });
    this.validateParams();
  }

  override get className(): string {
    return 'Beta';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { concentration1: positive, concentration0: positive };
  }

  override get support(): Constraint {
    return unitInterval;
  }

  override get hasRsample(): boolean {
    return true;
  }

  get concentration1(): Tensor {
    return this.pOut('concentration1');
  }

  get concentration0(): Tensor {
    return this.pOut('concentration0');
  }

  override expand(batchShape: readonly number[]): Beta {
    return this.expandedCopy(batchShape);
  }

  override get mean(): Tensor {
    return tf.tidy(() => {
      const a = this.p('concentration1');
      return tf.div(a, tf.add(a, this.p('concentration0')));
    });
  }

  /** torch (through Dirichlet's mode): (α − 1)⁺ / ((α − 1)⁺ + (β − 1)⁺), and 1 where both are < 1. */
  override get mode(): Tensor {
    return tf.tidy(() => {
      const a = this.p('concentration1');
      const b = this.p('concentration0');
      const am1 = tf.relu(tf.sub(a, 1));
      const m = tf.div(am1, tf.add(am1, tf.relu(tf.sub(b, 1))));
      return tf.where(tf.logicalAnd(tf.less(a, 1), tf.less(b, 1)), tf.onesLike(m), m);
    });
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      const a = this.p('concentration1');
      const b = this.p('concentration0');
      const t = tf.add(a, b);
      return tf.div(tf.mul(a, b), tf.mul(tf.square(t), tf.add(t, 1)));
    });
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      const x = standardGamma(tf.broadcastTo(this.p('concentration1'), shape));
      const y = standardGamma(tf.broadcastTo(this.p('concentration0'), shape));
      // Kept inside (0, 1) in float32 (the gradient is the unclamped one).
      return clampKeepGrad(tf.div(x, tf.add(x, y)), FLOAT32_TINY, 1 - FLOAT32_EPS / 2);
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const a = this.p('concentration1');
      const b = this.p('concentration0');
      const lnorm = tf.sub(lgamma(tf.add(a, b)), tf.add(lgamma(a), lgamma(b)));
      return tf.add(tf.add(xlogy(tf.sub(a, 1), v), xlogy(tf.sub(b, 1), tf.sub(1, v))), lnorm);
    });
  }

  override entropy(): Tensor {
    return tf.tidy(() => {
      const a = this.p('concentration1');
      const b = this.p('concentration0');
      const t = tf.add(a, b);
      const logB = tf.sub(tf.add(lgamma(a), lgamma(b)), lgamma(t));
      return tf.add(
        tf.sub(tf.sub(logB, tf.mul(tf.sub(a, 1), digamma(a))), tf.mul(tf.sub(b, 1), digamma(b))),
        tf.mul(tf.sub(t, 2), digamma(t)),
      );
    });
  }
}
