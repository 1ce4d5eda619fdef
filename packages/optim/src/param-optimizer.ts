// The single-parameter optimizer: the counterpart of one torch.optim
// optimizer constructed over one parameter, which is what Pyro's PyroOptim
// creates for every parameter it sees. It owns its slot variables.
import { tf } from '@pyro-ts/tensor';
import type { Tensor, Variable } from '@pyro-ts/tensor';
import type { GroupValue, OptimizerStateDict, ParamGroup, SlotState } from './types.js';

/** Marks an option without a default that must be given (torch's `required`, e.g. SGD's `lr`). */
export const REQUIRED = Symbol('required');

/** Default hyperparameters of an algorithm; `REQUIRED` marks options without a default. */
export type Defaults = Record<string, GroupValue | typeof REQUIRED>;

/** Options accepted by every optimizer and ignored: torch's implementation switches. */
const IGNORED_OPTIONS = new Set(['foreach', 'capturable', 'differentiable', 'fused']);

/** A constructor of single-parameter optimizers, e.g. `AdamParamOptimizer`. */
export interface ParamOptimizerConstructor<O extends object = object> {
  new (options?: O): ParamOptimizer;
  /** the algorithm's name (`'Adam'`), used in saved state */
  readonly algorithm: string;
  /** the default hyperparameters (torch's `optimizer.defaults`) */
  readonly defaults: Defaults;
}

function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

function cloneValue(v: GroupValue): GroupValue {
  return Array.isArray(v) ? v.slice() : v;
}

/**
 * Base class of the single-parameter optimizers. A subclass gives its
 * `algorithm` name, its `defaults`, and `update(param, grad)`, which returns
 * the new parameter value and writes its slots with `setSlot`; `step` runs it
 * inside `tf.tidy` and assigns the result to the variable.
 */
export abstract class ParamOptimizer {
  /** The hyperparameters the next step reads; schedulers write `lr` here. */
  group: ParamGroup;
  /** Steps taken with a gradient (torch's `state['step']`). */
  stepCount = 0;
  /** The algorithm's full defaults (torch's `optimizer.defaults`). */
  readonly defaults: ParamGroup;
  private readonly slots = new Map<string, Variable>();

  protected constructor(algorithm: string, defaults: Defaults, options: object) {
    const group: ParamGroup = {};
    const given = options as Record<string, unknown>;
    for (const key of Object.keys(given)) {
      if (IGNORED_OPTIONS.has(key)) continue;
      if (!(key in defaults)) {
        throw new Error(`${algorithm}: unknown option '${key}' (expected one of ${Object.keys(defaults).join(', ')})`);
      }
    }
    const resolved: ParamGroup = {};
    for (const [key, def] of Object.entries(defaults)) {
      const v = given[key];
      if (v === undefined) {
        if (def === REQUIRED) throw new Error(`${algorithm}: required option '${key}' (torch's ${camelToSnake(key)}) was not given`);
        group[key] = cloneValue(def);
        resolved[key] = cloneValue(def);
      } else {
        group[key] = cloneValue(v as GroupValue);
        resolved[key] = def === REQUIRED ? null : cloneValue(def);
      }
    }
    this.group = group;
    this.defaults = resolved;
  }

  /** The algorithm's name, e.g. `'Adam'`. */
  abstract get algorithm(): string;

  /** Returns the parameter's next value; reads and writes slots. Runs inside `tf.tidy`. */
  protected abstract update(param: Tensor, grad: Tensor): Tensor;

  /** Called instead of `update` for a parameter without a gradient this step (torch skips it). */
  protected stepWithoutGrad(): void {}

  /** The current learning rate (`group.lr`), or undefined for algorithms without one. */
  get lr(): number | undefined {
    const v = this.group.lr;
    return typeof v === 'number' ? v : undefined;
  }

  set lr(value: number) {
    this.group.lr = value;
  }

  /**
   * One step for `param` with gradient `grad` (null: no gradient this step, as
   * torch's `p.grad is None`). Updates `param` in place.
   */
  step(param: Variable, grad: Tensor | null): void {
    if (grad === null) {
      this.stepWithoutGrad();
      return;
    }
    if (!(param instanceof tf.Variable)) throw new Error(`${this.algorithm}: the parameter must be a tf.Variable (it is updated in place)`);
    if (!tf.util.arraysEqual(param.shape, grad.shape)) {
      throw new Error(`${this.algorithm}: gradient shape [${grad.shape}] does not match parameter shape [${param.shape}]`);
    }
    this.stepCount += 1;
    tf.tidy(() => {
      const next = this.update(param, grad);
      param.assign(next);
    });
  }

  /** A slot variable, or undefined before it is first written. */
  protected slot(name: string): Tensor | undefined {
    return this.slots.get(name);
  }

  /** Writes a slot (creating its variable on first use). */
  protected setSlot(name: string, value: Tensor): void {
    const v = this.slots.get(name);
    if (v === undefined) this.slots.set(name, tf.variable(value, false));
    else v.assign(value);
  }

  /** A numeric hyperparameter. */
  protected num(key: string): number {
    const v = this.group[key];
    if (typeof v !== 'number') throw new Error(`${this.algorithm}: option '${key}' must be a number, got ${JSON.stringify(v)}`);
    return v;
  }

  /** A boolean hyperparameter. */
  protected flag(key: string): boolean {
    const v = this.group[key];
    if (typeof v !== 'boolean') throw new Error(`${this.algorithm}: option '${key}' must be a boolean, got ${JSON.stringify(v)}`);
    return v;
  }

  /** The `betas` pair. */
  protected betas(): [number, number] {
    const v = this.group.betas;
    if (!Array.isArray(v) || v.length !== 2) throw new Error(`${this.algorithm}: option 'betas' must be a pair of numbers, got ${JSON.stringify(v)}`);
    return [v[0] as number, v[1] as number];
  }

  /** The optimizer's state as plain data (copies of the slots). */
  stateDict(): OptimizerStateDict {
    const slots: Record<string, SlotState> = {};
    for (const [name, v] of this.slots) {
      slots[name] = { shape: v.shape.slice(), data: Float32Array.from(v.dataSync() as Float32Array) };
    }
    const group: ParamGroup = {};
    for (const [k, v] of Object.entries(this.group)) group[k] = cloneValue(v);
    return { type: this.algorithm, group, step: this.stepCount, slots };
  }

  /** Restores a state from `stateDict()`: hyperparameters, step count and slots. */
  loadStateDict(state: OptimizerStateDict): void {
    if (state.type !== this.algorithm) {
      throw new Error(`${this.algorithm}: cannot load the state of a ${state.type} optimizer`);
    }
    const group: ParamGroup = {};
    for (const [k, v] of Object.entries(state.group)) group[k] = cloneValue(v);
    this.group = group;
    this.stepCount = state.step;
    this.disposeSlots();
    for (const [name, s] of Object.entries(state.slots)) {
      const t = tf.tensor(Float32Array.from(s.data), s.shape, 'float32');
      this.slots.set(name, tf.variable(t, false));
      t.dispose();
    }
  }

  /** Number of slot variables held (for inspection and tests). */
  get numSlots(): number {
    return this.slots.size;
  }

  /** Frees every slot variable. */
  dispose(): void {
    this.disposeSlots();
  }

  private disposeSlots(): void {
    for (const v of this.slots.values()) v.dispose();
    this.slots.clear();
  }
}

/** Throws torch's error for an out-of-range hyperparameter. */
export function checkRange(algorithm: string, ok: boolean, what: string, value: unknown): void {
  if (!ok) throw new Error(`${algorithm}: invalid ${what}: ${JSON.stringify(value)}`);
}
