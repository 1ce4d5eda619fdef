// Pyro's optimizers (pyro.optim.Adam, ...): PyroOptim over each algorithm.
// `new Adam({ lr: 1e-3 })`, `new Adam((name) => ({ lr: name.startsWith('baseline') ? 0.1 : 1e-4 }))`,
// `new Adam({ lr: 0.1 }, { clipNorm: 1 })`. Each class's static `ParamOptimizer`
// is the single-parameter algorithm (what torch.optim.Adam is to pyro.optim.Adam),
// which is what a scheduler's `optimizer` option uses.
import { AdadeltaParamOptimizer } from './algorithms/adadelta.js';
import type { AdadeltaOptions } from './algorithms/adadelta.js';
import { AdagradParamOptimizer } from './algorithms/adagrad.js';
import type { AdagradOptions } from './algorithms/adagrad.js';
import { AdagradRMSPropParamOptimizer } from './algorithms/adagrad-rmsprop.js';
import type { AdagradRMSPropOptions } from './algorithms/adagrad-rmsprop.js';
import { AdamParamOptimizer } from './algorithms/adam.js';
import type { AdamOptions } from './algorithms/adam.js';
import { AdamWParamOptimizer } from './algorithms/adamw.js';
import type { AdamWOptions } from './algorithms/adamw.js';
import { AdamaxParamOptimizer } from './algorithms/adamax.js';
import type { AdamaxOptions } from './algorithms/adamax.js';
import { ClippedAdamParamOptimizer } from './algorithms/clipped-adam.js';
import type { ClippedAdamOptions } from './algorithms/clipped-adam.js';
import { RMSpropParamOptimizer } from './algorithms/rmsprop.js';
import type { RMSpropOptions } from './algorithms/rmsprop.js';
import { SGDParamOptimizer } from './algorithms/sgd.js';
import type { SGDOptions } from './algorithms/sgd.js';
import type { Defaults } from './param-optimizer.js';
import { PyroOptim } from './pyro-optim.js';
import type { ClipArgs, PerParam } from './types.js';

/** pyro.optim.Adam: torch.optim.Adam per parameter. */
export class Adam extends PyroOptim {
  static readonly ParamOptimizer = AdamParamOptimizer;
  static readonly defaults: Defaults = AdamParamOptimizer.defaults;
  constructor(optimArgs: PerParam<AdamOptions> = {}, clipArgs?: PerParam<ClipArgs>) {
    super(AdamParamOptimizer, optimArgs, clipArgs);
  }
}

/** pyro.optim.AdamW: torch.optim.AdamW per parameter (decoupled weight decay, default 1e-2). */
export class AdamW extends PyroOptim {
  static readonly ParamOptimizer = AdamWParamOptimizer;
  static readonly defaults: Defaults = AdamWParamOptimizer.defaults;
  constructor(optimArgs: PerParam<AdamWOptions> = {}, clipArgs?: PerParam<ClipArgs>) {
    super(AdamWParamOptimizer, optimArgs, clipArgs);
  }
}

/** pyro.optim.Adamax: torch.optim.Adamax per parameter. */
export class Adamax extends PyroOptim {
  static readonly ParamOptimizer = AdamaxParamOptimizer;
  static readonly defaults: Defaults = AdamaxParamOptimizer.defaults;
  constructor(optimArgs: PerParam<AdamaxOptions> = {}, clipArgs?: PerParam<ClipArgs>) {
    super(AdamaxParamOptimizer, optimArgs, clipArgs);
  }
}

/** pyro.optim.ClippedAdam: Pyro's Adam with element-wise gradient clamping and lr decay. */
export class ClippedAdam extends PyroOptim {
  static readonly ParamOptimizer = ClippedAdamParamOptimizer;
  static readonly defaults: Defaults = ClippedAdamParamOptimizer.defaults;
  constructor(optimArgs: PerParam<ClippedAdamOptions> = {}, clipArgs?: PerParam<ClipArgs>) {
    super(ClippedAdamParamOptimizer, optimArgs, clipArgs);
  }
}

/** pyro.optim.SGD: torch.optim.SGD per parameter (`lr` is required). */
export class SGD extends PyroOptim {
  static readonly ParamOptimizer = SGDParamOptimizer;
  static readonly defaults: Defaults = SGDParamOptimizer.defaults;
  constructor(optimArgs: PerParam<SGDOptions>, clipArgs?: PerParam<ClipArgs>) {
    super(SGDParamOptimizer, optimArgs, clipArgs);
  }
}

/** pyro.optim.Adagrad: torch.optim.Adagrad per parameter. */
export class Adagrad extends PyroOptim {
  static readonly ParamOptimizer = AdagradParamOptimizer;
  static readonly defaults: Defaults = AdagradParamOptimizer.defaults;
  constructor(optimArgs: PerParam<AdagradOptions> = {}, clipArgs?: PerParam<ClipArgs>) {
    super(AdagradParamOptimizer, optimArgs, clipArgs);
  }
}

/** pyro.optim.RMSprop: torch.optim.RMSprop per parameter. */
export class RMSprop extends PyroOptim {
  static readonly ParamOptimizer = RMSpropParamOptimizer;
  static readonly defaults: Defaults = RMSpropParamOptimizer.defaults;
  constructor(optimArgs: PerParam<RMSpropOptions> = {}, clipArgs?: PerParam<ClipArgs>) {
    super(RMSpropParamOptimizer, optimArgs, clipArgs);
  }
}

/** pyro.optim.Adadelta: torch.optim.Adadelta per parameter. */
export class Adadelta extends PyroOptim {
  static readonly ParamOptimizer = AdadeltaParamOptimizer;
  static readonly defaults: Defaults = AdadeltaParamOptimizer.defaults;
  constructor(optimArgs: PerParam<AdadeltaOptions> = {}, clipArgs?: PerParam<ClipArgs>) {
    super(AdadeltaParamOptimizer, optimArgs, clipArgs);
  }
}

/** pyro.optim.AdagradRMSProp: Pyro's ADVI step-size sequence per parameter. */
export class AdagradRMSProp extends PyroOptim {
  static readonly ParamOptimizer = AdagradRMSPropParamOptimizer;
  static readonly defaults: Defaults = AdagradRMSPropParamOptimizer.defaults;
  constructor(optimArgs: PerParam<AdagradRMSPropOptions> = {}, clipArgs?: PerParam<ClipArgs>) {
    super(AdagradRMSPropParamOptimizer, optimArgs, clipArgs);
  }
}
