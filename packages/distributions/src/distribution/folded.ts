// FoldedDistribution: |X| for a univariate X, with a log-density (Pyro's).
import { tf, logsumexp } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { positive } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { AbsTransform } from '../transforms/elementwise.js';
import type { DistributionOptions } from './args.js';
import { ValueError } from './errors.js';
import type { Distribution } from './internal.js';
import { TransformedDistribution } from './transformed.js';

/**
 * `new FoldedDistribution(base)`: `|X|` for `X ~ base` (univariate);
 * `logProb(y) = log(p(y) + p(−y))`.
 */
export class FoldedDistribution extends TransformedDistribution {
  constructor(baseDistribution: Distribution, options: DistributionOptions = {}) {
    if (baseDistribution.eventShape.length > 0) throw new ValueError('Only univariate distributions can be folded.');
    super(baseDistribution, new AbsTransform(), options);
  }

  override get className(): string {
    return 'FoldedDistribution';
  }

  override get support(): Constraint {
    return positive;
  }

  override expand(batchShape: readonly number[]): FoldedDistribution {
    return super.expand(batchShape) as FoldedDistribution;
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const both = tf.stack([v, tf.neg(v)]);
      return logsumexp(this.baseDist.logProb(both), 0);
    });
  }

  override toString(): string {
    return 'FoldedDistribution()';
  }
}
