// BetaBinomial(concentration1, concentration0, totalCount): Pyro's
// beta–binomial compound (pyro.distributions.conjugate.BetaBinomial).
import { tf, broadcastShapes, logBeta, logBinomial } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { integerInterval, nonnegativeInteger, positive } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { NotImplementedError } from '../errors.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { sampleBinomial } from './discrete-samplers.js';
import { sampleStandardGamma } from './standard-gamma.js';

export interface BetaBinomialArgs extends DistributionOptions {
  concentration1: TensorInput;
  concentration0: TensorInput;
  totalCount?: TensorInput;
}

/**
 * Successes in `totalCount` (default 1) Bernoulli trials whose probability
 * is drawn once from Beta(`concentration1`, `concentration0`). Values are
 * float32 counts; `enumerateSupport` needs a homogeneous count (as Pyro).
 *
 * `approxLogProbTol` (Pyro's experimental class attribute
 * `approx_log_prob_tol`, default 0): from 0.02 on, `logProb` uses the
 * shifted Stirling approximation of log Beta with that absolute error bound.
 * Set it on the class or on an instance.
 */
export class BetaBinomial extends Distribution {
  static approxLogProbTol = 0;
  approxLogProbTol: number = BetaBinomial.approxLogProbTol;

  constructor(concentration1: TensorInput, concentration0: TensorInput, totalCount?: TensorInput, options?: DistributionOptions);
  constructor(concentration1: TensorInput, concentration0: TensorInput, args: Omit<BetaBinomialArgs, 'concentration1' | 'concentration0'>);
  constructor(args: BetaBinomialArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('BetaBinomial', args, ['concentration1', 'concentration0', 'totalCount']);
    const c1 = required('BetaBinomial', kw, 'concentration1');
    const c0 = required('BetaBinomial', kw, 'concentration0');
    const totalCount = (kw.totalCount as TensorInput | undefined) ?? 1;
    super(broadcastShapes(inputShape(c1), inputShape(c0), inputShape(totalCount)), [], kw);
    Object.assign(this._params, { concentration1: c1, concentration0: c0, totalCount });
    this.approxLogProbTol = BetaBinomial.approxLogProbTol;
    this.validateParams();
  }

  override get className(): string {
    return 'BetaBinomial';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { concentration1: positive, concentration0: positive, totalCount: nonnegativeInteger };
  }

  /** `integerInterval(0, totalCount)` with the count broadcast to the batch shape (torch's Binomial.support). */
  override get support(): Constraint {
    return integerInterval(0, () => this.p('totalCount'));
  }

  override get hasEnumerateSupport(): boolean {
    return true;
  }

  get concentration1(): Tensor {
    return this.pOut('concentration1');
  }

  get concentration0(): Tensor {
    return this.pOut('concentration0');
  }

  get totalCount(): Tensor {
    return this.pOut('totalCount');
  }

  override expand(batchShape: readonly number[]): BetaBinomial {
    return this.expandedCopy(batchShape);
  }

  /** p ~ Beta(α, β) (as X / (X + Y) of Gamma draws), then Binomial(n, p) counts drawn on the host. */
  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      const x = sampleStandardGamma(tf.broadcastTo(this.p('concentration1'), shape));
      const y = sampleStandardGamma(tf.broadcastTo(this.p('concentration0'), shape));
      const probs = tf.div(x, tf.add(x, y));
      return sampleBinomial(tf.broadcastTo(this.p('totalCount'), shape), probs);
    });
  }

  /** log C(n, k) + log B(k + α, n − k + β) − log B(α, β). */
  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const k = this.checkedValue(value);
      const n = this.p('totalCount');
      const a = this.p('concentration1');
      const b = this.p('concentration0');
      const tol = this.approxLogProbTol;
      return tf.sub(tf.add(logBinomial(n, k, { tol }), logBeta(tf.add(k, a), tf.add(tf.sub(n, k), b), { tol })), logBeta(a, b, { tol }));
    });
  }

  /** n α / (α + β). */
  override get mean(): Tensor {
    return tf.tidy(() => {
      const a = this.p('concentration1');
      return tf.div(tf.mul(this.p('totalCount'), a), tf.add(a, this.p('concentration0')));
    });
  }

  /** n α β (α + β + n) / ((α + β)² (α + β + 1)). */
  override get variance(): Tensor {
    return tf.tidy(() => {
      const a = this.p('concentration1');
      const b = this.p('concentration0');
      const n = this.p('totalCount');
      const s = tf.add(a, b);
      const betaVar = tf.div(tf.mul(a, b), tf.mul(tf.square(s), tf.add(s, 1)));
      return tf.mul(tf.mul(betaVar, n), tf.add(s, n));
    });
  }

  /** The common total count (read back), or NotImplementedError for inhomogeneous counts (as Pyro). */
  protected homogeneousCount(what: string): number {
    const [lo, hi] = tf.tidy(() => {
      const n = this.p('totalCount');
      return [tf.min(n).dataSync()[0] as number, tf.max(n).dataSync()[0] as number];
    });
    if (lo !== hi) throw new NotImplementedError(`Inhomogeneous total count not supported by \`${what}\`.`);
    return hi as number;
  }

  override enumerateSupport(expand = true): Tensor {
    const n = this.homogeneousCount('enumerate_support');
    return tf.tidy(() => {
      const values = tf.reshape(tf.range(0, n + 1, 1, 'float32'), [n + 1, ...this.batchShape.map(() => 1)]);
      return expand ? tf.broadcastTo(values, [n + 1, ...this.batchShape]) : values;
    });
  }
}
