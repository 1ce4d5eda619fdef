// Pareto(scale, alpha): torch.distributions.Pareto, Exponential(alpha)
// pushed through exp and a scaling: X = scale · exp(E).
import { tf, broadcastShapes, shapesEqual } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { greaterThanEq, positive } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { AffineTransform } from '../transforms/affine.js';
import { ExpTransform } from '../transforms/elementwise.js';
import { asParam, inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { TransformedDistribution } from '../distribution/transformed.js';
import { Exponential } from './exponential.js';

export interface ParetoArgs extends DistributionOptions {
  scale: TensorInput;
  alpha: TensorInput;
}

/**
 * The Pareto (type I) distribution on `[scale, ∞)` with tail index `alpha`:
 * density α sᵅ / x^(α+1). `cdf` / `icdf` come through the transforms.
 */
export class Pareto extends TransformedDistribution {
  constructor(scale: TensorInput, alpha: TensorInput, options?: DistributionOptions);
  constructor(scale: TensorInput, args: Omit<ParetoArgs, 'scale'>);
  constructor(args: ParetoArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Pareto', args, ['scale', 'alpha']);
    const scale = required('Pareto', kw, 'scale');
    const alpha = required('Pareto', kw, 'alpha');
    const batch = broadcastShapes(inputShape(scale), inputShape(alpha));
    // torch builds Exponential(alpha) first, so a bad alpha is reported by it.
    let base: Distribution = new Exponential(alpha, { validateArgs: kw.validateArgs as boolean | undefined });
    if (!shapesEqual(base.batchShape, batch)) base = base.expand(batch);
    super(base, [new ExpTransform(), new AffineTransform(0, asParam(scale))], kw);
    Object.assign(this._params, { scale, alpha });
    this.validateParams();
  }

  override get className(): string {
    return 'Pareto';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { alpha: positive, scale: positive };
  }

  /** `greaterThanEq(scale)` with the scale broadcast to the batch shape (torch's dependent property). */
  override get support(): Constraint {
    return greaterThanEq(() => this.p('scale'));
  }

  get scale(): Tensor {
    return this.pOut('scale');
  }

  get alpha(): Tensor {
    return this.pOut('alpha');
  }

  override expand(batchShape: readonly number[]): Pareto {
    return super.expand(batchShape) as Pareto;
  }

  /** α s / (α − 1); +∞ for α ≤ 1 (torch clamps α at 1). */
  override get mean(): Tensor {
    return tf.tidy(() => {
      const a = tf.maximum(this.p('alpha'), 1);
      return tf.div(tf.mul(a, this.p('scale')), tf.sub(a, 1));
    });
  }

  override get mode(): Tensor {
    return this.scale;
  }

  /** s² α / ((α − 1)² (α − 2)); +∞ for α ≤ 2 (torch clamps α at 2). */
  override get variance(): Tensor {
    return tf.tidy(() => {
      const a = tf.maximum(this.p('alpha'), 2);
      const am1 = tf.sub(a, 1);
      return tf.div(tf.mul(tf.square(this.p('scale')), a), tf.mul(tf.square(am1), tf.sub(a, 2)));
    });
  }

  override entropy(): Tensor {
    return tf.tidy(() => {
      const a = this.p('alpha');
      return tf.add(tf.log(tf.div(this.p('scale'), a)), tf.add(tf.reciprocal(a), 1));
    });
  }

  override toString(): string {
    return Distribution.prototype.toString.call(this);
  }
}
