// Poisson(rate): torch.distributions.Poisson.
import { tf, lgamma, xlogy } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { nonnegative, nonnegativeInteger } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';
import { samplePoisson } from './discrete-samplers.js';

export interface PoissonArgs extends DistributionOptions {
  rate: TensorInput;
  /** Pyro's sparse log-density option; accepted (the result is the same). */
  isSparse?: boolean;
}

/** The Poisson distribution of counts with mean `rate` >= 0. */
export class Poisson extends Distribution {
  constructor(rate: TensorInput, options?: DistributionOptions & { isSparse?: boolean });
  constructor(args: PoissonArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Poisson', args, ['rate'], ['isSparse']);
    const rate = required('Poisson', kw, 'rate');
    super(inputShape(rate), [], kw);
    this._params.rate = rate;
    this.validateParams();
  }

  override get className(): string {
    return 'Poisson';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { rate: nonnegative };
  }

  override get support(): Constraint {
    return nonnegativeInteger;
  }

  get rate(): Tensor {
    return this.pOut('rate');
  }

  override expand(batchShape: readonly number[]): Poisson {
    return this.expandedCopy(batchShape);
  }

  override get mean(): Tensor {
    return this.rate;
  }

  override get mode(): Tensor {
    return tf.tidy(() => tf.floor(this.p('rate')));
  }

  override get variance(): Tensor {
    return this.rate;
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => samplePoisson(tf.broadcastTo(this.p('rate'), this.shape(sampleShape))));
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const rate = this.p('rate');
      return tf.sub(tf.sub(xlogy(v, rate), rate), lgamma(tf.add(v, 1)));
    });
  }
}
