// Kumaraswamy(concentration1, concentration0): torch.distributions.Kumaraswamy,
// Uniform(0, 1) pushed through u^(1/b), 1 − ·, ·^(1/a).
import { tf, broadcastShapes, digamma, lgamma, rand, xlog1py, xlogy } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { positive, unitInterval } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { AffineTransform } from '../transforms/affine.js';
import { PowerTransform } from '../transforms/elementwise.js';
import { inputShape, paramValueTensor, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { TransformedDistribution } from '../distribution/transformed.js';
import { EULER_GAMMA } from './gumbel.js';
import { Uniform } from './uniform.js';

export interface KumaraswamyArgs extends DistributionOptions {
  concentration1: TensorInput;
  concentration0: TensorInput;
}

/**
 * E[Xⁿ] = b · B(1 + n/a, b) (torch's `_moments`). Call inside tf.tidy.
 */
function moment(a: Tensor, b: Tensor, n: number): Tensor {
  const arg = tf.add(tf.div(n, a), 1);
  return tf.mul(b, tf.exp(tf.sub(tf.add(lgamma(arg), lgamma(b)), lgamma(tf.add(arg, b)))));
}

/**
 * The Kumaraswamy distribution on [0, 1] with density
 * a b x^(a−1) (1 − xᵃ)^(b−1), a = `concentration1`, b = `concentration0`;
 * cdf 1 − (1 − xᵃ)ᵇ (through the transforms, as torch).
 *
 * `logProb` and `rsample` use the closed forms (the same values as torch's
 * transform chain, without its float32 underflow of u = (1 − xᵃ)ᵇ for
 * large b). `mode` is ((a − 1)/(ab − 1))^(1/a), NaN where a < 1 or b < 1
 * (or a = b = 1): torch 1.13's formula is wrong and NaN almost everywhere
 * (pytorch issue 173912).
 */
export class Kumaraswamy extends TransformedDistribution {
  constructor(concentration1: TensorInput, concentration0: TensorInput, options?: DistributionOptions);
  constructor(concentration1: TensorInput, args: Omit<KumaraswamyArgs, 'concentration1'>);
  constructor(args: KumaraswamyArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Kumaraswamy', args, ['concentration1', 'concentration0']);
    const c1 = required('Kumaraswamy', kw, 'concentration1');
    const c0 = required('Kumaraswamy', kw, 'concentration0');
    const batch = broadcastShapes(inputShape(c1), inputShape(c0));
    const base = new Uniform(0, 1, { validateArgs: false }).expand(batch);
    super(
      base,
      [
        new PowerTransform(() => tf.reciprocal(paramValueTensor(c0))),
        new AffineTransform(1, -1),
        new PowerTransform(() => tf.reciprocal(paramValueTensor(c1))),
      ],
      kw,
    );
    Object.assign(this._params, { concentration1: c1, concentration0: c0 });
    this.validateParams();
  }

  override get className(): string {
    return 'Kumaraswamy';
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

  override expand(batchShape: readonly number[]): Kumaraswamy {
    return super.expand(batchShape) as Kumaraswamy;
  }

  /** x = (1 − u^(1/b))^(1/a) with 1 − u^(1/b) = −expm1(log(u)/b), u ~ U(0, 1); differentiable in a and b. */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      const u = rand(shape);
      const w = tf.neg(tf.expm1(tf.div(tf.log(u), this.p('concentration0'))));
      return tf.exp(tf.div(tf.log(w), this.p('concentration1')));
    });
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return Distribution.prototype.sample.call(this, sampleShape);
  }

  /** log a + log b + (a − 1) log x + (b − 1) log(1 − xᵃ). */
  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const x = this.checkedValue(value);
      const a = this.p('concentration1');
      const b = this.p('concentration0');
      // xlogy / xlog1py: the a = 1 (b = 1) term is 0 at x = 0 (x = 1).
      const xa = tf.pow(x, a);
      return tf.add(tf.add(tf.log(tf.mul(a, b)), xlogy(tf.sub(a, 1), x)), xlog1py(tf.sub(b, 1), tf.neg(xa)));
    });
  }

  override get mean(): Tensor {
    return tf.tidy(() => moment(this.p('concentration1'), this.p('concentration0'), 1));
  }

  override get mode(): Tensor {
    return tf.tidy(() => {
      const a = this.p('concentration1');
      const b = this.p('concentration0');
      const m = tf.pow(tf.div(tf.sub(a, 1), tf.sub(tf.mul(a, b), 1)), tf.reciprocal(a));
      return tf.where(tf.logicalOr(tf.less(a, 1), tf.less(b, 1)), tf.fill(m.shape, NaN), m);
    });
  }

  /** E[X²] − E[X]², as torch. */
  override get variance(): Tensor {
    return tf.tidy(() => {
      const a = this.p('concentration1');
      const b = this.p('concentration0');
      return tf.sub(moment(a, b, 2), tf.square(moment(a, b, 1)));
    });
  }

  /** (1 − 1/b) + (1 − 1/a) H_b − log a − log b, with H_b = ψ(b + 1) + γ. */
  override entropy(): Tensor {
    return tf.tidy(() => {
      const a = this.p('concentration1');
      const b = this.p('concentration0');
      const t1 = tf.sub(1, tf.reciprocal(a));
      const t0 = tf.sub(1, tf.reciprocal(b));
      const h = tf.add(digamma(tf.add(b, 1)), EULER_GAMMA);
      return tf.sub(tf.sub(tf.add(t0, tf.mul(t1, h)), tf.log(a)), tf.log(b));
    });
  }

  override toString(): string {
    return Distribution.prototype.toString.call(this);
  }
}
