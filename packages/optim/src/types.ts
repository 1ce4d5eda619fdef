// Shared types of @pyro-ts/optim: hyperparameter groups, named parameters and
// gradients, and the plain-data form of an optimizer's state.
import type { Tensor, Variable } from '@pyro-ts/tensor';

/** One hyperparameter value of a parameter group (torch's `param_groups[0][key]`). */
export type GroupValue = number | boolean | string | number[] | null;

/**
 * The hyperparameters a single-parameter optimizer reads at every step
 * (torch's `param_groups[0]` without `params`): `lr`, `betas`, `eps`, ... in
 * camelCase. Schedulers write `lr` (and OneCycleLR `momentum`/`betas`) and add
 * their own entries (`initialLr`, `maxLr`, ...), as torch's do.
 */
export type ParamGroup = Record<string, GroupValue>;

/** Named parameters: the variables an optimizer step updates in place. */
export type NamedParams = Map<string, Variable> | Record<string, Variable>;

/** Named gradients, e.g. the `grads` of `tf.variableGrads` re-keyed by parameter name. */
export type NamedGrads = Map<string, Tensor> | Record<string, Tensor>;

/** A slot variable's value as plain data. */
export interface SlotState {
  shape: number[];
  data: Float32Array;
}

/** The state of one single-parameter optimizer (torch's `optimizer.state_dict()`). */
export interface OptimizerStateDict {
  /** the algorithm, e.g. `'Adam'`; loading into another algorithm throws */
  type: string;
  /** hyperparameters, including the current `lr` */
  group: ParamGroup;
  /** number of steps taken with a gradient (torch's `state['step']`) */
  step: number;
  /** slot variables by torch's state key (`exp_avg`, `exp_avg_sq`, `momentum_buffer`, ...) */
  slots: Record<string, SlotState>;
}

/** Plain JSON-like data (numbers may be non-finite; typed arrays allowed). */
export type PlainData = number | string | boolean | null | Float32Array | PlainData[] | { [key: string]: PlainData };

/** The state of one learning-rate scheduler (torch's `scheduler.state_dict()`). */
export interface SchedulerStateDict {
  type: string;
  [key: string]: PlainData;
}

/** The state of a scheduler-wrapped optimizer, laid out as Pyro's `_get_state_dict`. */
export interface ScheduledStateDict {
  scheduler: SchedulerStateDict;
  optimizer: OptimizerStateDict;
}

/** What `PyroOptim.getState()` returns: one entry per parameter name. */
export type OptimState = Record<string, OptimizerStateDict | ScheduledStateDict>;

/** Pyro's `clip_args`: gradient clipping applied per parameter before its step. */
export interface ClipArgs {
  /** rescale the gradient so that its 2-norm is at most this (torch's `clip_grad_norm_`) */
  clipNorm?: number;
  /** clamp every gradient element to [-clipValue, clipValue] (torch's `clip_grad_value_`) */
  clipValue?: number;
}

/**
 * Options for each parameter: a plain object, or a function of the parameter
 * name. A one-argument function receives the name with Pyro's module divider
 * `$$$` replaced by `.` (Pyro's `normalize_param_name`); a two-argument one
 * receives `(moduleName, paramName)` as in Pyro's deprecated form.
 */
export type PerParam<O> = O | ((nameOrModule: string, paramName: string) => O);
