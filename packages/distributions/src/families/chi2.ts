// Chi2(df): torch.distributions.Chi2, a Gamma(df / 2, 1 / 2).
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { positive } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { paramValueTensor, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Gamma } from './gamma.js';

export interface Chi2Args extends DistributionOptions {
  df: TensorInput;
}

/** The chi-squared distribution with `df` > 0 degrees of freedom. */
export class Chi2 extends Gamma {
  constructor(df: TensorInput, options?: DistributionOptions);
  constructor(args: Chi2Args);
  constructor(...args: unknown[]) {
    const kw = parseArgs('Chi2', args, ['df']);
    const df = required('Chi2', kw, 'df');
    const half = typeof df === 'number' ? df / 2 : ((() => tf.mul(paramValueTensor(df), 0.5)) as unknown as TensorInput);
    super(half, 0.5, { validateArgs: kw.validateArgs as boolean | undefined });
    this._params.df = df;
    this.validateParams();
  }

  override get className(): string {
    return 'Chi2';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { df: positive };
  }

  get df(): Tensor {
    return this.pOut('df');
  }

  override expand(batchShape: readonly number[]): Chi2 {
    return super.expand(batchShape) as Chi2;
  }
}
