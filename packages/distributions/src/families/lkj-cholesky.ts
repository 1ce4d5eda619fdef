// LKJCholesky(dim, concentration): torch.distributions.LKJCholesky, the
// Cholesky factors of LKJ-distributed correlation matrices.
import { tf, diagEmbed, diagonal, lgamma, mvlgamma, randn, tril } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { corrCholesky, positive } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { FLOAT32_TINY } from '../internal/util.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { ValueError } from '../distribution/errors.js';
import { Distribution } from '../distribution/internal.js';
import { Beta } from './beta.js';

export interface LKJCholeskyArgs extends DistributionOptions {
  dim: number;
  concentration?: TensorInput;
}

/**
 * Lower Cholesky factors L of `dim × dim` correlation matrices with density
 * ∝ det(L Lᵀ)^(concentration − 1). Sampling is the onion method
 * (Lewandowski, Kurowicka & Joe, 2009), vectorized over rows as torch does;
 * samples are not reparameterized.
 *
 * Deliberate deviation from torch 1.13: row k's squared norm is drawn from
 * Beta(k/2, η + (d − 1 − k)/2) as the onion method prescribes; torch uses
 * Beta(k − 1/2, ...), which for dim >= 3 gives rows k >= 2 too much
 * correlation (e.g. Var(C[2,0]) = 0.3 instead of 0.25 at dim 3, η = 1) and
 * disagrees with its own log_prob. `logProb` is torch's.
 */
export class LKJCholesky extends Distribution {
  readonly dim: number;

  constructor(dim: number, concentration?: TensorInput, options?: DistributionOptions);
  constructor(args: LKJCholeskyArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('LKJCholesky', args, ['dim', 'concentration']);
    const dim = required<number>('LKJCholesky', kw, 'dim');
    if (!Number.isInteger(dim) || dim < 2) throw new ValueError(`Expected dim to be an integer greater than or equal to 2. Found dim=${dim}.`);
    const concentration = (kw.concentration as TensorInput | undefined) ?? 1;
    super(inputShape(concentration), [dim, dim], kw);
    this.dim = dim;
    this._params.concentration = concentration;
    this.validateParams();
  }

  override get className(): string {
    return 'LKJCholesky';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { concentration: positive };
  }

  override get support(): Constraint {
    return corrCholesky;
  }

  get concentration(): Tensor {
    return this.pOut('concentration');
  }

  override expand(batchShape: readonly number[]): LKJCholesky {
    return this.expandedCopy(batchShape);
  }

  /** The Beta whose draws are the squared row norms of the strictly lower part; call inside tf.tidy. */
  protected rowBeta(): Beta {
    const d = this.dim;
    const offset = [0, ...Array.from({ length: d - 1 }, (_, i) => i)];
    const marginal = tf.add(this.p('concentration'), 0.5 * (d - 2));
    // Row k >= 1 has k free entries: Beta(k/2, marginal − (k − 1)/2); row 0's draw is unused.
    const c1 = tf.add(tf.mul(tf.tensor1d(offset), 0.5), 0.5);
    const c0 = tf.sub(tf.expandDims(marginal, -1), tf.mul(tf.tensor1d(offset), 0.5));
    return new Beta(c1, c0, { validateArgs: false });
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const y = tf.expandDims(this.rowBeta().sample(sampleShape), -1);
      const u = tril(randn(this.shape(sampleShape)), -1);
      const norm = tf.sqrt(tf.sum(tf.square(u), -1, true));
      // Row 0 is all zeros: 0 / 0 there becomes 0.
      const onSphere = tf.where(tf.equal(norm, 0), tf.zerosLike(u), tf.div(u, tf.where(tf.equal(norm, 0), tf.onesLike(norm), norm)));
      const w = tf.mul(tf.sqrt(y), onSphere);
      const diag = tf.sqrt(tf.maximum(tf.sub(1, tf.sum(tf.square(w), -1)), FLOAT32_TINY));
      return tf.add(w, diagEmbed(diag));
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const d = this.dim;
      const c = this.p('concentration');
      const diag = tf.slice(diagonal(v), [...v.shape.slice(0, -2).map(() => 0), 1], [...v.shape.slice(0, -2).map(() => -1), d - 1]);
      // order_i = 2 (c − 1) + d − i for i = 2..d.
      const order = tf.add(tf.mul(tf.expandDims(tf.sub(c, 1), -1), 2), tf.tensor1d(Array.from({ length: d - 1 }, (_, i) => d - (i + 2))));
      const unnormalized = tf.sum(tf.mul(order, tf.log(diag)), -1);
      const dm1 = d - 1;
      const alpha = tf.add(c, 0.5 * dm1);
      const denominator = tf.mul(lgamma(alpha), dm1);
      const numerator = mvlgamma(tf.sub(alpha, 0.5), dm1);
      const normalize = tf.sub(tf.add(numerator, 0.5 * dm1 * Math.log(Math.PI)), denominator);
      return tf.sub(unnormalized, normalize);
    });
  }
}
