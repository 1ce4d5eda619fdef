// @pyro-ts/optim: Pyro's optimizers and learning-rate schedulers over named
// tfjs variables.
export { PyroOptim } from './pyro-optim.js';
export type { OptimEntry } from './pyro-optim.js';
export { PyroLRScheduler, resolveOptimizer } from './pyro-lr-scheduler.js';
export type { OptimizerSpec, SchedulerArgs } from './pyro-lr-scheduler.js';
export { Adam, AdamW, Adamax, ClippedAdam, SGD, Adagrad, RMSprop, Adadelta, AdagradRMSProp } from './optimizers.js';
export { ExponentialLR, StepLR, MultiStepLR, CosineAnnealingLR, LambdaLR, OneCycleLR, ReduceLROnPlateau } from './schedulers.js';
export { ParamOptimizer, REQUIRED } from './param-optimizer.js';
export type { Defaults, ParamOptimizerConstructor } from './param-optimizer.js';
export { AdamParamOptimizer } from './algorithms/adam.js';
export type { AdamOptions } from './algorithms/adam.js';
export { AdamWParamOptimizer } from './algorithms/adamw.js';
export type { AdamWOptions } from './algorithms/adamw.js';
export { AdamaxParamOptimizer } from './algorithms/adamax.js';
export type { AdamaxOptions } from './algorithms/adamax.js';
export { ClippedAdamParamOptimizer } from './algorithms/clipped-adam.js';
export type { ClippedAdamOptions } from './algorithms/clipped-adam.js';
export { SGDParamOptimizer } from './algorithms/sgd.js';
export type { SGDOptions } from './algorithms/sgd.js';
export { AdagradParamOptimizer } from './algorithms/adagrad.js';
export type { AdagradOptions } from './algorithms/adagrad.js';
export { RMSpropParamOptimizer } from './algorithms/rmsprop.js';
export type { RMSpropOptions } from './algorithms/rmsprop.js';
export { AdadeltaParamOptimizer } from './algorithms/adadelta.js';
export type { AdadeltaOptions } from './algorithms/adadelta.js';
export { AdagradRMSPropParamOptimizer } from './algorithms/adagrad-rmsprop.js';
export type { AdagradRMSPropOptions } from './algorithms/adagrad-rmsprop.js';
export { LRScheduler } from './lr-scheduler.js';
export type { ParamScheduler, ParamSchedulerConstructor } from './lr-scheduler.js';
export { ExponentialLRScheduler } from './schedulers/exponential-lr.js';
export type { ExponentialLROptions } from './schedulers/exponential-lr.js';
export { StepLRScheduler } from './schedulers/step-lr.js';
export type { StepLROptions } from './schedulers/step-lr.js';
export { MultiStepLRScheduler } from './schedulers/multi-step-lr.js';
export type { MultiStepLROptions } from './schedulers/multi-step-lr.js';
export { CosineAnnealingLRScheduler } from './schedulers/cosine-annealing-lr.js';
export type { CosineAnnealingLROptions } from './schedulers/cosine-annealing-lr.js';
export { LambdaLRScheduler } from './schedulers/lambda-lr.js';
export type { LambdaLROptions } from './schedulers/lambda-lr.js';
export { OneCycleLRScheduler } from './schedulers/one-cycle-lr.js';
export type { OneCycleLROptions } from './schedulers/one-cycle-lr.js';
export { ReduceLROnPlateauScheduler } from './schedulers/reduce-lr-on-plateau.js';
export type { ReduceLROnPlateauOptions } from './schedulers/reduce-lr-on-plateau.js';
export { clipGrad, clipGradNorm, clipGradValue } from './clip.js';
export { encodeState, decodeState } from './state-io.js';
export { MODULE_NAMESPACE_DIVIDER, normalizeParamName, moduleFromParamWithModuleName, userParamName } from './param-names.js';
export type {
  GroupValue,
  ParamGroup,
  NamedParams,
  NamedGrads,
  SlotState,
  OptimizerStateDict,
  SchedulerStateDict,
  ScheduledStateDict,
  OptimState,
  PlainData,
  ClipArgs,
  PerParam,
} from './types.js';
