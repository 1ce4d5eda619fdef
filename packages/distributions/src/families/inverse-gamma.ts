// InverseGamma(concentration, rate): Pyro's 1 / Gamma(concentration, rate).
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { positive } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { PowerTransform } from '../transforms/elementwise.js';
import { parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { TransformedDistribution } from '../distribution/transformed.js';
import { Gamma } from './gamma.js';

export interface InverseGammaArgs extends DistributionOptions {
  concentration: TensorInput;
  rate: TensorInput;
}

/** `1 / X` for `X ~ Gamma(concentration, rate)`. */
export class InverseGamma extends TransformedDistribution {
  constructor(concentration: TensorInput, rate: TensorInput, options?: DistributionOptions);
  constructor(args: InverseGammaArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('InverseGamma', args, ['concentration', 'rate']);
    const base = new Gamma(required('InverseGamma', kw, 'concentration'), required('InverseGamma', kw, 'rate'), { validateArgs: kw.validateArgs as boolean | undefined });
    super(base, new PowerTransform(-1), kw);
  }

  override get className(): string {
    return 'InverseGamma';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { concentration: positive, rate: positive };
  }

  override get support(): Constraint {
    return positive;
  }

  get concentration(): Tensor {
    return (this.baseDist as Gamma).concentration;
  }

  get rate(): Tensor {
    return (this.baseDist as Gamma).rate;
  }

  override expand(batchShape: readonly number[]): InverseGamma {
    return super.expand(batchShape) as InverseGamma;
  }

  override toString(): string {
    return 'InverseGamma()';
  }
}
