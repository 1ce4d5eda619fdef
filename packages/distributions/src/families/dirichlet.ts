// Dirichlet(concentration): torch.distributions.Dirichlet; rsample
// normalizes Gamma draws, so gradients are the Gamma implicit ones.
import { tf, digamma, lgamma, xlogy } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { independent, positive, simplex } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { ValueError } from '../distribution/errors.js';
import { Distribution } from '../distribution/internal.js';
import { clampTinyKeepGrad, standardGamma } from './standard-gamma.js';

export interface DirichletArgs extends DistributionOptions {
  concentration: TensorInput;
}

/** The Dirichlet distribution on the simplex with `concentration` `[..., K]` > 0. */
export class Dirichlet extends Distribution {
  constructor(concentration: TensorInput, options?: DistributionOptions);
  constructor(args: DirichletArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Dirichlet', args, ['concentration']);
    const concentration = required('Dirichlet', kw, 'concentration');
    const shape = inputShape(concentration);
    if (shape.length < 1) throw new ValueError('`concentration` parameter must be at least one-dimensional.');
    super(shape.slice(0, -1), shape.slice(-1), kw);
    this._params.concentration = concentration;
    this.validateParams();
  }

  override get className(): string {
    return 'Dirichlet';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { concentration: independent(positive, 1) };
  }

  protected override paramEventRank(): number {
    return 1;
  }

  override get support(): Constraint {
    return simplex;
  }

  override get hasRsample(): boolean {
    return true;
  }

  get concentration(): Tensor {
    return this.pOut('concentration');
  }

  override expand(batchShape: readonly number[]): Dirichlet {
    return this.expandedCopy(batchShape);
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const g = standardGamma(tf.broadcastTo(this.p('concentration'), this.shape(sampleShape)));
      return clampTinyKeepGrad(tf.div(g, tf.sum(g, -1, true)));
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const c = this.p('concentration');
      return tf.sub(tf.add(tf.sum(xlogy(tf.sub(c, 1), v), -1), lgamma(tf.sum(c, -1))), tf.sum(lgamma(c), -1));
    });
  }

  override get mean(): Tensor {
    return tf.tidy(() => {
      const c = this.p('concentration');
      return tf.div(c, tf.sum(c, -1, true));
    });
  }

  /** torch: (c − 1)⁺ normalized; where every c < 1, the first vertex. */
  override get mode(): Tensor {
    return tf.tidy(() => {
      const c = this.p('concentration');
      const cm1 = tf.relu(tf.sub(c, 1));
      const mode = tf.div(cm1, tf.sum(cm1, -1, true));
      const allBelow = tf.all(tf.less(c, 1), -1, true);
      const k = c.shape[c.rank - 1] as number;
      const vertex = tf.oneHot(tf.zeros(c.shape.slice(0, -1), 'int32'), k, 1, 0, 'float32');
      return tf.where(tf.broadcastTo(allBelow, c.shape), vertex, mode);
    });
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      const c = this.p('concentration');
      const c0 = tf.sum(c, -1, true);
      return tf.div(tf.mul(c, tf.sub(c0, c)), tf.mul(tf.square(c0), tf.add(c0, 1)));
    });
  }

  override entropy(): Tensor {
    return tf.tidy(() => {
      const c = this.p('concentration');
      const k = c.shape[c.rank - 1] as number;
      const a0 = tf.sum(c, -1);
      return tf.sub(
        tf.sub(tf.sub(tf.sum(lgamma(c), -1), lgamma(a0)), tf.mul(tf.sub(k, a0), digamma(a0))),
        tf.sum(tf.mul(tf.sub(c, 1), digamma(c)), -1),
      );
    });
  }
}
