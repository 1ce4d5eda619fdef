// OneHotCategorical(probs | logits): torch.distributions.OneHotCategorical.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { oneHot, realVector, simplex } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { parseArgs, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { Categorical } from './categorical.js';

export interface OneHotCategoricalArgs extends DistributionOptions {
  probs?: TensorInput;
  logits?: TensorInput;
}

/** A Categorical whose values are one-hot float vectors of length K (event shape `[K]`). */
export class OneHotCategorical extends Distribution {
  readonly categorical: Categorical;

  constructor(probs?: TensorInput, logits?: TensorInput, options?: DistributionOptions);
  constructor(args: OneHotCategoricalArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('OneHotCategorical', args, ['probs', 'logits']);
    const categorical = new Categorical(kw as CategoricalArgsLike);
    super(categorical.batchShape, [categorical.numEvents], kw);
    this.categorical = categorical;
  }

  override get className(): string {
    return 'OneHotCategorical';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { probs: simplex, logits: realVector };
  }

  override get support(): Constraint {
    return oneHot;
  }

  override get hasEnumerateSupport(): boolean {
    return true;
  }

  get probs(): Tensor {
    return this.categorical.probs;
  }

  get logits(): Tensor {
    return this.categorical.logits;
  }

  override expand(batchShape: readonly number[]): OneHotCategorical {
    const copy = this.expandedCopy(batchShape);
    (copy as { categorical: Categorical }).categorical = this.categorical.expand(batchShape);
    return copy;
  }

  override get mean(): Tensor {
    return this.categorical.probs;
  }

  override get mode(): Tensor {
    return tf.tidy(() => tf.oneHot(tf.cast(this.categorical.mode, 'int32'), this.categorical.numEvents, 1, 0, 'float32'));
  }

  override get variance(): Tensor {
    return tf.tidy(() => {
      const p = this.categorical.probs;
      return tf.mul(p, tf.sub(1, p));
    });
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => tf.oneHot(this.categorical.sample(sampleShape), this.categorical.numEvents, 1, 0, 'float32'));
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      return this.categorical.logProb(tf.argMax(v, -1));
    });
  }

  override entropy(): Tensor {
    return this.categorical.entropy();
  }

  override enumerateSupport(expand = true): Tensor {
    return tf.tidy(() => {
      const n = this.categorical.numEvents;
      const values = tf.reshape(tf.eye(n), [n, ...this.batchShape.map(() => 1), n]);
      return expand ? tf.broadcastTo(values, [n, ...this.batchShape, n]) : values;
    });
  }
}

type CategoricalArgsLike = ConstructorParameters<typeof Categorical>[0] & object;
