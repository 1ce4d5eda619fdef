// DirichletMultinomial(concentration, totalCount): Pyro's Dirichlet–multinomial
// compound (pyro.distributions.conjugate.DirichletMultinomial).
import { tf, broadcastShapes, lgamma } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { independent, multinomial, nonnegativeInteger, positive } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { NotImplementedError } from '../errors.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { ValueError } from '../distribution/errors.js';
import { Distribution } from '../distribution/internal.js';
import { sampleStandardGamma } from './standard-gamma.js';
import { sampleBinomial } from './discrete-samplers.js';

export interface DirichletMultinomialArgs extends DistributionOptions {
  concentration: TensorInput;
  totalCount?: TensorInput;
  /** Pyro's hint that values are mostly zero (a speed option there; the result is the same). */
  isSparse?: boolean;
}

/** lgamma(1 + x) + lgamma(α) − lgamma(x + α), i.e. −log(x · B(x, α)) (log 1 at x = 0). Call inside tf.tidy. */
function logBeta1(alpha: Tensor, x: Tensor): Tensor {
  return tf.sub(tf.add(lgamma(tf.add(x, 1)), lgamma(alpha)), lgamma(tf.add(x, alpha)));
}

/**
 * Counts over K categories (event shape `[K]`) of `totalCount` (default 1)
 * draws whose category probabilities are drawn once from
 * Dirichlet(`concentration`). `sample` needs a homogeneous total count (as
 * Pyro). Values are float32 counts.
 */
export class DirichletMultinomial extends Distribution {
  readonly isSparse: boolean;

  constructor(concentration: TensorInput, totalCount?: TensorInput, options?: DistributionOptions & { isSparse?: boolean });
  constructor(concentration: TensorInput, args: Omit<DirichletMultinomialArgs, 'concentration'>);
  constructor(args: DirichletMultinomialArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('DirichletMultinomial', args, ['concentration', 'totalCount'], ['isSparse']);
    const concentration = required('DirichletMultinomial', kw, 'concentration');
    const totalCount = (kw.totalCount as TensorInput | undefined) ?? 1;
    const shape = inputShape(concentration);
    if (shape.length < 1) throw new ValueError('`concentration` parameter must be at least one-dimensional.');
    super(broadcastShapes(shape.slice(0, -1), inputShape(totalCount)), shape.slice(-1), kw);
    Object.assign(this._params, { concentration, totalCount });
    this.isSparse = kw.isSparse === true;
    this.validateParams();
  }

  override get className(): string {
    return 'DirichletMultinomial';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { concentration: independent(positive, 1), totalCount: nonnegativeInteger };
  }

  protected override paramEventRank(name: string): number {
    return name === 'concentration' ? 1 : 0;
  }

  /** `multinomial(totalCount)` with the count broadcast to the batch shape (torch's Multinomial.support). */
  override get support(): Constraint {
    return multinomial(() => this.p('totalCount'));
  }

  get concentration(): Tensor {
    return this.pOut('concentration');
  }

  get totalCount(): Tensor {
    return this.pOut('totalCount');
  }

  override expand(batchShape: readonly number[]): DirichletMultinomial {
    return this.expandedCopy(batchShape);
  }

  /**
   * probs ~ Dirichlet(α) (normalized Gamma draws), then multinomial counts
   * as a chain of binomials drawn on the host: x_k ~ Binomial(n − Σ_(j<k) x_j,
   * p_k / Σ_(j≥k) p_j). (Not through Categorical: tfjs-cpu's multinomial
   * kernel reuses one uniform stream for every batch row, which would couple
   * the rows.)
   */
  override sample(sampleShape: readonly number[] = []): Tensor {
    const [lo, hi] = tf.tidy(() => {
      const n = this.p('totalCount');
      return [tf.min(n).dataSync()[0] as number, tf.max(n).dataSync()[0] as number];
    });
    if (lo !== hi) throw new NotImplementedError('Inhomogeneous total count not supported by `sample`.');
    return tf.tidy(() => {
      const g = sampleStandardGamma(tf.broadcastTo(this.p('concentration'), this.shape(sampleShape)));
      const k = g.shape[g.rank - 1] as number;
      const parts = tf.unstack(g, -1);
      // Σ_(j≥i) g_j: the mass left for categories i, i+1, ...
      const tails: Tensor[] = new Array<Tensor>(k);
      tails[k - 1] = parts[k - 1] as Tensor;
      for (let i = k - 2; i >= 0; i--) tails[i] = tf.add(parts[i] as Tensor, tails[i + 1] as Tensor);
      let remaining: Tensor = tf.fill(g.shape.slice(0, -1), hi as number);
      const counts: Tensor[] = [];
      for (let i = 0; i < k - 1; i++) {
        const p = tf.clipByValue(tf.div(parts[i] as Tensor, tails[i] as Tensor), 0, 1);
        const x = sampleBinomial(remaining, p);
        counts.push(x);
        remaining = tf.sub(remaining, x);
      }
      counts.push(remaining);
      return tf.stack(counts, -1);
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const alpha = this.p('concentration');
      return tf.sub(logBeta1(tf.sum(alpha, -1), tf.sum(v, -1)), tf.sum(logBeta1(alpha, v), -1));
    });
  }

  /** n α / Σα. */
  override get mean(): Tensor {
    return tf.tidy(() => {
      const alpha = this.p('concentration');
      return tf.mul(tf.div(alpha, tf.sum(alpha, -1, true)), tf.expandDims(this.p('totalCount'), -1));
    });
  }

  /** n p (1 − p) (n + Σα) / (1 + Σα), p = α / Σα. */
  override get variance(): Tensor {
    return tf.tidy(() => {
      const n = tf.expandDims(this.p('totalCount'), -1);
      const alpha = this.p('concentration');
      const total = tf.sum(alpha, -1, true);
      const p = tf.div(alpha, total);
      return tf.div(tf.mul(tf.mul(tf.mul(n, p), tf.sub(1, p)), tf.add(n, total)), tf.add(total, 1));
    });
  }
}
