// PyroLRScheduler: Pyro's wrapper of torch's learning-rate schedulers. Every
// parameter gets its own optimizer wrapped in its own scheduler, created
// lazily; `step()` (or `step(metric)`) advances every existing scheduler.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { ParamSchedulerConstructor, ParamScheduler } from './lr-scheduler.js';
import { ParamOptimizer } from './param-optimizer.js';
import type { ParamOptimizerConstructor } from './param-optimizer.js';
import { PyroOptim, metricValue } from './pyro-optim.js';
import type { OptimEntry } from './pyro-optim.js';
import type { ClipArgs, NamedGrads, NamedParams, PerParam } from './types.js';

/** An optimizer given to a scheduler: a PyroOptim class such as `Adam`, or a single-parameter optimizer class. */
export type OptimizerSpec = ParamOptimizerConstructor<any> | { readonly ParamOptimizer: ParamOptimizerConstructor<any> };

/** Pyro's scheduler arguments: `optimizer`, `optimArgs`, and the scheduler's own options. */
export interface SchedulerArgs {
  optimizer: OptimizerSpec;
  optimArgs: PerParam<object>;
}

/** The single-parameter optimizer class of an `OptimizerSpec`. */
export function resolveOptimizer(spec: OptimizerSpec): ParamOptimizerConstructor {
  if (typeof spec === 'function' && spec.prototype instanceof ParamOptimizer) return spec as ParamOptimizerConstructor;
  const inner = (spec as { ParamOptimizer?: unknown }).ParamOptimizer;
  if (typeof inner === 'function' && inner.prototype instanceof ParamOptimizer) return inner as ParamOptimizerConstructor;
  throw new Error('scheduler: `optimizer` must be an optimizer class such as Adam or SGD');
}

/**
 * Pyro's `PyroLRScheduler`. `step(params, grads)` is the optimizer step (as
 * for any PyroOptim, so SVI uses it unchanged); `step()` — or `step(metric)`
 * for ReduceLROnPlateau — is the scheduler step, to be called once per epoch
 * or per iteration as the schedule requires.
 */
export class PyroLRScheduler<K extends object = any> extends PyroOptim {
  readonly schedulerConstructor: ParamSchedulerConstructor<K>;
  /** The scheduler's options (everything in the args but `optimizer` and `optimArgs`). */
  readonly schedulerArgs: K;

  constructor(schedulerConstructor: ParamSchedulerConstructor<K>, args: SchedulerArgs & K, clipArgs?: PerParam<ClipArgs>) {
    if (args === null || typeof args !== 'object' || !('optimizer' in args) || !('optimArgs' in args)) {
      throw new Error(`${schedulerConstructor.schedulerName}: args must contain 'optimizer' and 'optimArgs'`);
    }
    const { optimizer, optimArgs, ...rest } = args;
    const optimConstructor = resolveOptimizer(optimizer);
    super(optimConstructor, optimArgs, clipArgs);
    this.schedulerConstructor = schedulerConstructor;
    this.schedulerArgs = rest as unknown as K;
    // Check the scheduler options now (on a probe optimizer; no tensors are made).
    if (typeof optimArgs !== 'function') {
      const probe = new optimConstructor(optimArgs);
      new schedulerConstructor(probe, this.schedulerArgs);
      probe.dispose();
    }
  }

  protected override createEntry(name: string): OptimEntry {
    const entry = super.createEntry(name);
    entry.scheduler = new this.schedulerConstructor(entry.optimizer, this.schedulerArgs);
    return entry;
  }

  /** Optimizer step: updates the named parameters in place. */
  override step(params: NamedParams, grads: NamedGrads): void;
  /** Scheduler step of every parameter's scheduler (`metric` for ReduceLROnPlateau). */
  override step(metric?: number | Tensor): void;
  override step(a?: NamedParams | number | Tensor, b?: NamedGrads): void {
    if (b !== undefined) {
      super.step(a as NamedParams, b);
      return;
    }
    if (a !== undefined && typeof a !== 'number' && !(a instanceof tf.Tensor)) {
      throw new Error('step: an optimizer step needs (params, grads); a scheduler step takes no argument or a metric');
    }
    const metric = a === undefined ? undefined : metricValue(a);
    for (const entry of this.entries.values()) (entry.scheduler as ParamScheduler).step(metric);
  }

  /** The scheduler of parameter `name` (undefined before its first step). */
  getScheduler(name: string): ParamScheduler | undefined {
    return this.entries.get(name)?.scheduler ?? undefined;
  }
}
