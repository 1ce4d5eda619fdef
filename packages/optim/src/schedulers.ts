// Pyro's learning-rate schedulers (pyro.optim.ExponentialLR, ...):
// PyroLRScheduler over each torch scheduler.
// `new ExponentialLR({ optimizer: SGD, optimArgs: { lr: 0.01 }, gamma: 0.1 })`.
import { PyroLRScheduler } from './pyro-lr-scheduler.js';
import type { SchedulerArgs } from './pyro-lr-scheduler.js';
import { CosineAnnealingLRScheduler } from './schedulers/cosine-annealing-lr.js';
import type { CosineAnnealingLROptions } from './schedulers/cosine-annealing-lr.js';
import { ExponentialLRScheduler } from './schedulers/exponential-lr.js';
import type { ExponentialLROptions } from './schedulers/exponential-lr.js';
import { LambdaLRScheduler } from './schedulers/lambda-lr.js';
import type { LambdaLROptions } from './schedulers/lambda-lr.js';
import { MultiStepLRScheduler } from './schedulers/multi-step-lr.js';
import type { MultiStepLROptions } from './schedulers/multi-step-lr.js';
import { OneCycleLRScheduler } from './schedulers/one-cycle-lr.js';
import type { OneCycleLROptions } from './schedulers/one-cycle-lr.js';
import { ReduceLROnPlateauScheduler } from './schedulers/reduce-lr-on-plateau.js';
import type { ReduceLROnPlateauOptions } from './schedulers/reduce-lr-on-plateau.js';
import { StepLRScheduler } from './schedulers/step-lr.js';
import type { StepLROptions } from './schedulers/step-lr.js';
import type { ClipArgs, PerParam } from './types.js';

/** pyro.optim.ExponentialLR: lr *= gamma at every scheduler step. */
export class ExponentialLR extends PyroLRScheduler<ExponentialLROptions> {
  constructor(args: SchedulerArgs & ExponentialLROptions, clipArgs?: PerParam<ClipArgs>) {
    super(ExponentialLRScheduler, args, clipArgs);
  }
}

/** pyro.optim.StepLR: lr *= gamma every `stepSize` scheduler steps. */
export class StepLR extends PyroLRScheduler<StepLROptions> {
  constructor(args: SchedulerArgs & StepLROptions, clipArgs?: PerParam<ClipArgs>) {
    super(StepLRScheduler, args, clipArgs);
  }
}

/** pyro.optim.MultiStepLR: lr *= gamma at each milestone. */
export class MultiStepLR extends PyroLRScheduler<MultiStepLROptions> {
  constructor(args: SchedulerArgs & MultiStepLROptions, clipArgs?: PerParam<ClipArgs>) {
    super(MultiStepLRScheduler, args, clipArgs);
  }
}

/** pyro.optim.CosineAnnealingLR: cosine annealing with half period `tMax`. */
export class CosineAnnealingLR extends PyroLRScheduler<CosineAnnealingLROptions> {
  constructor(args: SchedulerArgs & CosineAnnealingLROptions, clipArgs?: PerParam<ClipArgs>) {
    super(CosineAnnealingLRScheduler, args, clipArgs);
  }
}

/** pyro.optim.LambdaLR: lr = initial lr * lrLambda(epoch). */
export class LambdaLR extends PyroLRScheduler<LambdaLROptions> {
  constructor(args: SchedulerArgs & LambdaLROptions, clipArgs?: PerParam<ClipArgs>) {
    super(LambdaLRScheduler, args, clipArgs);
  }
}

/** pyro.optim.OneCycleLR: the 1cycle policy (lr and momentum). */
export class OneCycleLR extends PyroLRScheduler<OneCycleLROptions> {
  constructor(args: SchedulerArgs & OneCycleLROptions, clipArgs?: PerParam<ClipArgs>) {
    super(OneCycleLRScheduler, args, clipArgs);
  }
}

/** pyro.optim.ReduceLROnPlateau: `step(metric)` reduces the lr when the metric stalls. */
export class ReduceLROnPlateau extends PyroLRScheduler<ReduceLROnPlateauOptions> {
  constructor(args: SchedulerArgs & ReduceLROnPlateauOptions, clipArgs?: PerParam<ClipArgs>) {
    super(ReduceLROnPlateauScheduler, args, clipArgs);
  }
}
