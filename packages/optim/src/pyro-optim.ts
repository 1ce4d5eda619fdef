// PyroOptim: Pyro's wrapper that keeps one single-parameter optimizer per
// named parameter, created lazily the first time the parameter is stepped,
// with options (and gradient clipping) given once or per parameter name.
import type { Tensor, Variable } from '@pyro-ts/tensor';
import { clipGrad, validateClipArgs } from './clip.js';
import type { ParamScheduler } from './lr-scheduler.js';
import type { ParamOptimizer, ParamOptimizerConstructor } from './param-optimizer.js';
import { resolvePerParam } from './param-names.js';
import { decodeState, encodeState } from './state-io.js';
import type { ClipArgs, NamedGrads, NamedParams, OptimState, OptimizerStateDict, PerParam, ScheduledStateDict } from './types.js';

/** One parameter's optimizer, its scheduler (PyroLRScheduler only) and clip args. */
export interface OptimEntry {
  optimizer: ParamOptimizer;
  scheduler: ParamScheduler | null;
  clip: ClipArgs | null;
}

function toMap<T>(x: Map<string, T> | Record<string, T>): Map<string, T> {
  return x instanceof Map ? x : new Map(Object.entries(x));
}

function isScheduled(s: OptimizerStateDict | ScheduledStateDict): s is ScheduledStateDict {
  return 'scheduler' in s && 'optimizer' in s;
}

/**
 * Pyro's `PyroOptim`. `step(params, grads)` updates every named parameter
 * that has a gradient, in place; a parameter seen for the first time gets its
 * own optimizer (and the state waiting for it from `setState`/`load`).
 */
export class PyroOptim {
  /** The single-parameter optimizer class (torch's optimizer class). */
  readonly optimConstructor: ParamOptimizerConstructor;
  protected readonly optimArgs: PerParam<object>;
  protected readonly clipArgs: PerParam<ClipArgs>;
  protected readonly entries = new Map<string, OptimEntry>();
  private readonly pending = new Map<string, OptimizerStateDict | ScheduledStateDict>();

  constructor(optimConstructor: ParamOptimizerConstructor, optimArgs: PerParam<object>, clipArgs: PerParam<ClipArgs> = {}) {
    if (typeof optimArgs !== 'function' && (optimArgs === null || typeof optimArgs !== 'object')) {
      throw new Error('optimArgs must be an options object or a function returning one');
    }
    if (typeof clipArgs !== 'function' && (clipArgs === null || typeof clipArgs !== 'object')) {
      throw new Error('clipArgs must be an options object or a function returning one');
    }
    this.optimConstructor = optimConstructor;
    this.optimArgs = optimArgs;
    this.clipArgs = clipArgs;
    // Check fixed options now rather than at the first step (constructs no tensors).
    if (typeof optimArgs !== 'function') new optimConstructor(optimArgs).dispose();
    if (typeof clipArgs !== 'function') validateClipArgs(clipArgs);
  }

  /**
   * One optimization step: for every parameter in `params` (a Map or record
   * of variables), clip its gradient if asked and apply its optimizer, in
   * place. Parameters without an entry in `grads` are skipped (as torch skips
   * `p.grad is None`); a gradient for a name not in `params` is an error.
   */
  step(params: NamedParams, grads: NamedGrads): void {
    const p = toMap<Variable>(params);
    const g = toMap<Tensor>(grads);
    for (const name of g.keys()) {
      if (!p.has(name)) throw new Error(`step: a gradient was given for '${name}', which is not among the params`);
    }
    for (const [name, param] of p) {
      const entry = this.entries.get(name) ?? this.addEntry(name);
      const grad = g.get(name) ?? null;
      if (grad !== null && entry.clip !== null) {
        const clipped = clipGrad(grad, entry.clip);
        try {
          entry.optimizer.step(param, clipped);
        } finally {
          clipped.dispose();
        }
      } else {
        entry.optimizer.step(param, grad);
      }
    }
  }

  /** The options used for parameter `name` (evaluating a per-name function). */
  optimArgsFor(name: string): object {
    return resolvePerParam(this.optimArgs, name, 'optimArgs');
  }

  /** The clip args for `name`, or null when none apply. */
  clipArgsFor(name: string): ClipArgs | null {
    const args = validateClipArgs(resolvePerParam(this.clipArgs, name, 'clipArgs'));
    return args.clipNorm === undefined && args.clipValue === undefined ? null : args;
  }

  /** Creates the entry of a new parameter (PyroLRScheduler adds its scheduler). */
  protected createEntry(name: string): OptimEntry {
    const optimizer = new this.optimConstructor(this.optimArgsFor(name));
    return { optimizer, scheduler: null, clip: this.clipArgsFor(name) };
  }

  private addEntry(name: string): OptimEntry {
    const entry = this.createEntry(name);
    this.entries.set(name, entry);
    const state = this.pending.get(name);
    if (state !== undefined) {
      this.pending.delete(name);
      loadEntry(entry, name, state);
    }
    return entry;
  }

  /** Names of the parameters this optimizer has seen, in first-seen order. */
  get paramNames(): string[] {
    return [...this.entries.keys()];
  }

  /** The single-parameter optimizer of `name` (undefined before its first step). */
  getOptimizer(name: string): ParamOptimizer | undefined {
    return this.entries.get(name)?.optimizer;
  }

  /** The current learning rate of `name`'s optimizer. */
  getLr(name: string): number | undefined {
    return this.entries.get(name)?.optimizer.lr;
  }

  /**
   * The state of every parameter's optimizer (and scheduler) as plain data,
   * keyed by parameter name, including state loaded but not yet consumed.
   */
  getState(): OptimState {
    const out: OptimState = {};
    for (const [name, s] of this.pending) out[name] = s;
    for (const [name, e] of this.entries) {
      const optimizer = e.optimizer.stateDict();
      out[name] = e.scheduler === null ? optimizer : { scheduler: e.scheduler.stateDict(), optimizer };
    }
    return out;
  }

  /**
   * Restores state from `getState()`. Parameters already seen are restored
   * now; the others when they first appear (Pyro's "state waiting to be consumed").
   */
  setState(state: OptimState): void {
    for (const [name, s] of Object.entries(state)) {
      const entry = this.entries.get(name);
      if (entry === undefined) this.pending.set(name, s);
      else loadEntry(entry, name, s);
    }
  }

  /** The state as bytes (format: see state-io.ts and the README). */
  save(): Uint8Array {
    return encodeState(this.getState());
  }

  /** Restores state from `save()`'s bytes. */
  load(bytes: Uint8Array): void {
    this.setState(decodeState(bytes));
  }

  /** Number of slot variables held over all parameters. */
  get numSlots(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.optimizer.numSlots;
    return n;
  }

  /** Frees all optimizer state; the optimizer starts afresh if stepped again. */
  dispose(): void {
    for (const e of this.entries.values()) e.optimizer.dispose();
    this.entries.clear();
    this.pending.clear();
  }
}

function loadEntry(entry: OptimEntry, name: string, state: OptimizerStateDict | ScheduledStateDict): void {
  if (entry.scheduler !== null) {
    if (!isScheduled(state)) throw new Error(`setState: '${name}' has a scheduler but its saved state has none`);
    entry.scheduler.loadStateDict(state.scheduler);
    entry.optimizer.loadStateDict(state.optimizer);
  } else {
    if (isScheduled(state)) throw new Error(`setState: the saved state of '${name}' has a scheduler but this optimizer has none`);
    entry.optimizer.loadStateDict(state);
  }
}

/** Reads a scalar metric given as a number or a one-element tensor. */
export function metricValue(metric: number | Tensor): number {
  if (typeof metric === 'number') return metric;
  if (metric.size !== 1) throw new Error(`a metric must be a number or a one-element tensor, got shape [${metric.shape}]`);
  return metric.dataSync()[0] as number;
}
