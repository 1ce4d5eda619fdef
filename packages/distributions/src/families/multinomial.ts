// Multinomial(totalCount, probs | logits): torch.distributions.Multinomial.
import { tf, lgamma } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { multinomial, realVector, simplex } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { NotImplementedError } from '../errors.js';
import { parseArgs, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { Binomial } from './binomial.js';
import { Categorical } from './categorical.js';

export interface MultinomialArgs extends DistributionOptions {
  totalCount?: number;
  probs?: TensorInput;
  logits?: TensorInput;
}

/**
 * Counts of `totalCount` (a number, default 1) draws among K categories
 * with probabilities `probs` (normalized) or `softmax(logits)`; event shape `[K]`.
 */
export class Multinomial extends Distribution {
  readonly totalCount: number;
  readonly categorical: Categorical;

  constructor(totalCount?: number, probs?: TensorInput, logits?: TensorInput, options?: DistributionOptions);
  constructor(args: MultinomialArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Multinomial', args, ['totalCount', 'probs', 'logits']);
    const totalCount = kw.totalCount ?? 1;
    if (typeof totalCount !== 'number') throw new NotImplementedError('inhomogeneous total_count is not supported');
    const categorical = new Categorical({ probs: kw.probs, logits: kw.logits, validateArgs: kw.validateArgs } as ConstructorParameters<typeof Categorical>[0] & object);
    super(categorical.batchShape, [categorical.numEvents], kw);
    this.totalCount = totalCount;
    this.categorical = categorical;
  }

  override get className(): string {
    return 'Multinomial';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { probs: simplex, logits: realVector };
  }

  override get support(): Constraint {
    return multinomial(this.totalCount);
  }

  get probs(): Tensor {
    return this.categorical.probs;
  }

  get logits(): Tensor {
    return this.categorical.logits;
  }

  override expand(batchShape: readonly number[]): Multinomial {
    const copy = this.expandedCopy(batchShape);
    (copy as { categorical: Categorical }).categorical = this.categorical.expand(batchShape);
    return copy;
  }

  override get mean(): Tensor {
    return tf.tidy(() => tf.mul(this.categorical.probs, this.totalCount));
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      const p = this.categorical.probs;
      return tf.mul(tf.mul(p, tf.sub(1, p)), this.totalCount);
    });
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const k = this.categorical.numEvents;
      const draws = this.categorical.sample([this.totalCount, ...sampleShape]);
      return tf.sum(tf.oneHot(draws, k, 1, 0, 'float32'), 0);
    });
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const logits = this.categorical.logits;
      const logFactorialN = lgamma(tf.add(tf.sum(v, -1), 1));
      const logFactorialXs = tf.sum(lgamma(tf.add(v, 1)), -1);
      // 0 · (−inf) counts as 0.
      const prod = tf.mul(logits, v);
      const safe = tf.where(tf.logicalAnd(tf.equal(v, 0), tf.equal(logits, -Infinity)), tf.zerosLike(prod), prod);
      return tf.add(tf.sub(logFactorialN, logFactorialXs), tf.sum(safe, -1));
    });
  }

  override entropy(): Tensor {
    return tf.tidy(() => {
      const n = this.totalCount;
      const probs = this.categorical.probs;
      const binomial = new Binomial({ totalCount: n, probs, validateArgs: false });
      const support = binomial.enumerateSupport(); // [n + 1, ...batch, K]
      const binomialProbs = tf.exp(binomial.logProb(support));
      const term1 = tf.sub(tf.mul(this.categorical.entropy(), n), lgamma(tf.scalar(n + 1)));
      const term2 = tf.sum(tf.mul(binomialProbs, lgamma(tf.add(support, 1))), [0, -1]);
      return tf.add(term1, term2);
    });
  }
}
