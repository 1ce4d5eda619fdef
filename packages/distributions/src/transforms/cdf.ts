// torch's CumulativeDistributionTransform: y = cdf(x) of a distribution.
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { unitInterval } from '../constraints/index.js';
import { Transform, type Sign } from './transform.js';

/** What CumulativeDistributionTransform needs of a distribution (declared here; the Distribution classes satisfy it). */
export interface CdfDistribution {
  readonly support: Constraint;
  cdf(value: Tensor): Tensor;
  icdf(value: Tensor): Tensor;
  logProb(value: Tensor): Tensor;
}

/** y = distribution.cdf(x); inverse icdf; log-Jacobian logProb(x). */
export class CumulativeDistributionTransform extends Transform {
  readonly className: string = 'CumulativeDistributionTransform';
  constructor(readonly distribution: CdfDistribution) {
    super();
  }
  get domain(): Constraint {
    return this.distribution.support;
  }
  get codomain(): Constraint {
    return unitInterval;
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): Sign {
    return 1;
  }
  protected call(x: Tensor): Tensor {
    return this.distribution.cdf(x);
  }
  protected override invCall(y: Tensor): Tensor {
    return this.distribution.icdf(y);
  }
  protected override ladj(x: Tensor, _y: Tensor): Tensor {
    return this.distribution.logProb(x);
  }
}
