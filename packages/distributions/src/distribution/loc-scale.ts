// The shared shell of the location–scale families on the real line
// (Normal, Cauchy, Laplace, Logistic, SoftLaplace): parameters `loc` (real)
// and `scale` (> 0) given positionally or by keyword, batch shape their
// broadcast, support `real`, reparameterized sampling, and torch's family
// `expand`. Subclasses add the density, sampling and moments.
import { broadcastShapes } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { positive, real } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from './args.js';
import { Distribution } from './internal.js';

export interface LocScaleArgs extends DistributionOptions {
  loc: TensorInput;
  scale: TensorInput;
}

export abstract class LocScaleDistribution extends Distribution {
  /** `args`: `(loc, scale, options?)` or `({ loc, scale, ...options })`. */
  protected constructor(name: string, args: readonly unknown[]) {
    const kw = parseArgs(name, args, ['loc', 'scale']);
    const loc = required(name, kw, 'loc');
    const scale = required(name, kw, 'scale');
    super(broadcastShapes(inputShape(loc), inputShape(scale)), [], kw);
    Object.assign(this._params, { loc, scale });
    this.validateParams();
  }

  override get argConstraints(): Record<string, Constraint> {
    return { loc: real, scale: positive };
  }

  override get support(): Constraint {
    return real;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** `loc` broadcast to the batch shape (a new tensor the caller owns). */
  get loc(): Tensor {
    return this.pOut('loc');
  }

  /** `scale` broadcast to the batch shape (a new tensor the caller owns). */
  get scale(): Tensor {
    return this.pOut('scale');
  }

  override expand(batchShape: readonly number[]): this {
    return this.expandedCopy(batchShape);
  }
}
