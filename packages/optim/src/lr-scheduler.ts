// The single-parameter learning-rate scheduler: the counterpart of one
// torch.optim.lr_scheduler object wrapping one single-parameter optimizer,
// which is what Pyro's PyroLRScheduler creates for every parameter.
import type { ParamOptimizer } from './param-optimizer.js';
import type { PlainData, SchedulerStateDict } from './types.js';

/** What PyroLRScheduler needs from a per-parameter scheduler. */
export interface ParamScheduler {
  /** the wrapped optimizer, whose `group.lr` the scheduler writes */
  readonly optimizer: ParamOptimizer;
  /** one scheduler step (torch's `scheduler.step()`; ReduceLROnPlateau takes the metric) */
  step(metric?: number): void;
  /** the learning rate after the latest scheduler step, one per group (torch's `get_last_lr()`) */
  getLastLr(): number[];
  stateDict(): SchedulerStateDict;
  loadStateDict(state: SchedulerStateDict): void;
}

/** A constructor of per-parameter schedulers, e.g. `ExponentialLRScheduler`. */
export interface ParamSchedulerConstructor<K extends object = any> {
  new (optimizer: ParamOptimizer, options: K): ParamScheduler;
  readonly schedulerName: string;
}

/**
 * torch's `_LRScheduler` for one parameter group: `lastEpoch` starts at -1 and
 * the constructor takes one step (so a new scheduler sits at epoch 0 with the
 * optimizer's lr as `initialLr`); every `step()` increments `lastEpoch` and
 * writes `getLr()` (torch's chainable form) into the optimizer's `lr`.
 * Subclasses set their fields and then call `initialStep()` at the end of
 * their constructor.
 */
export abstract class LRScheduler implements ParamScheduler {
  readonly optimizer: ParamOptimizer;
  lastEpoch = -1;
  stepCount = 0;
  baseLr = NaN;
  lastLr = NaN;

  protected constructor(optimizer: ParamOptimizer) {
    this.optimizer = optimizer;
  }

  /** The scheduler's name, e.g. `'ExponentialLR'`, used in saved state. */
  abstract get schedulerName(): string;

  /** The learning rate for the current `lastEpoch` (torch's `get_lr`). */
  protected abstract getLr(): number;

  /** Scheduler-specific entries of the state (configuration and counters). */
  protected extraState(): Record<string, PlainData> {
    return {};
  }

  /** Restores the entries written by `extraState`. */
  protected loadExtraState(_state: SchedulerStateDict): void {}

  /** The group's current lr. */
  protected get groupLr(): number {
    const lr = this.optimizer.group.lr;
    if (typeof lr !== 'number') throw new Error(`${this.schedulerName}: the ${this.optimizer.algorithm} optimizer has no 'lr'`);
    return lr;
  }

  /** torch's constructor tail: `initialLr` defaults to the lr, then one step. */
  protected initialStep(): void {
    const group = this.optimizer.group;
    if (typeof group.initialLr !== 'number') group.initialLr = this.groupLr;
    this.baseLr = group.initialLr as number;
    this.stepCount = 0;
    this.step();
  }

  step(): void {
    this.stepCount += 1;
    this.lastEpoch += 1;
    const lr = this.getLr();
    this.optimizer.group.lr = lr;
    this.lastLr = lr;
  }

  getLastLr(): number[] {
    return [this.lastLr];
  }

  stateDict(): SchedulerStateDict {
    return {
      type: this.schedulerName,
      lastEpoch: this.lastEpoch,
      stepCount: this.stepCount,
      baseLrs: [this.baseLr],
      lastLr: [this.lastLr],
      ...this.extraState(),
    };
  }

  loadStateDict(state: SchedulerStateDict): void {
    if (state.type !== this.schedulerName) throw new Error(`${this.schedulerName}: cannot load the state of a ${state.type} scheduler`);
    this.lastEpoch = state.lastEpoch as number;
    this.stepCount = state.stepCount as number;
    this.baseLr = (state.baseLrs as number[])[0] as number;
    this.lastLr = (state.lastLr as number[])[0] as number;
    this.loadExtraState(state);
  }
}

/**
 * Throws unless `options` has only the given keys. torch's `verbose` is
 * accepted and ignored, and so is `lastEpoch` at its default of -1 (resuming
 * goes through `setState`).
 */
export function checkSchedulerOptions(name: string, options: object, allowed: readonly string[]): void {
  for (const [key, value] of Object.entries(options)) {
    if (key === 'verbose' || (key === 'lastEpoch' && value === -1)) continue;
    if (!allowed.includes(key)) throw new Error(`${name}: unknown option '${key}' (expected one of ${allowed.join(', ')})`);
  }
}
