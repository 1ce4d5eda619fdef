// Pyro's ParamStoreDict: named parameters kept as unconstrained tfjs
// variables together with their constraints. Reading a parameter gives its
// constrained value, computed from the variable by `transformTo(constraint)`,
// so gradients flow back to the variable. The store owns its variables.
import { tf, asTensor } from '@pyro-ts/tensor';
import type { Tensor, TensorLike, Variable } from '@pyro-ts/tensor';
import { constraints, transformTo, type Constraint } from '@pyro-ts/distributions';
import { constraintFromSpec, constraintToSpec, type ConstraintSpec } from './constraint-spec.js';
import { decodeState, encodeState } from './state-io.js';

export type ParamInit = Tensor | TensorLike | (() => Tensor | TensorLike);

export interface ParamOptions {
  /** The support of the parameter (default `constraints.real`). */
  constraint?: Constraint;
  /** Number of rightmost dims that form one event (for plates subsampling the parameter). */
  eventDim?: number;
}

/** One parameter in plain data: the unconstrained values, as Pyro's state holds them. */
export interface ParamEntry {
  shape: number[];
  /** Unconstrained values (float32, row-major). */
  values: Float32Array;
  constraint: ConstraintSpec;
  eventDim?: number;
}

/** The whole store in plain data (`getState`/`setState`, and what save/load write). */
export interface ParamStoreState {
  params: Record<string, ParamEntry>;
}

interface Contents {
  params: Map<string, Variable>;
  constraints: Map<string, Constraint>;
  eventDims: Map<string, number | undefined>;
}

const emptyContents = (): Contents => ({ params: new Map(), constraints: new Map(), eventDims: new Map() });

let storeCount = 0;

export class ParamStore {
  private contents: Contents = emptyContents();
  private readonly namedScopes = new Map<string, Contents>();
  private readonly id = ++storeCount;
  private variableCount = 0;

  /**
   * Pyro's `get_param`: the constrained value of `name`, created from `init`
   * (a constrained value, or a function giving one) the first time. Later
   * calls return the stored value and ignore `init`, as in Pyro.
   */
  param(name: string, init?: ParamInit, options: ParamOptions = {}): Tensor {
    if (!this.contents.params.has(name)) {
      if (init === undefined) throw new Error(`param '${name}' is not in the param store; give an initial value the first time: param('${name}', init)`);
      this.create(name, typeof init === 'function' ? init() : init, options);
    }
    return this.get(name);
  }

  /** The constrained value of an existing parameter. */
  get(name: string): Tensor {
    const v = this.variable(name);
    const c = this.contents.constraints.get(name) ?? constraints.real;
    return c === constraints.real ? v : transformTo(c).forward(v);
  }

  /**
   * Sets a parameter from a constrained value (Pyro's `store[name] = value`):
   * an existing one keeps its constraint and variable; a new one gets the
   * options' constraint.
   */
  set(name: string, value: Tensor | TensorLike, options: ParamOptions = {}): void {
    const v = this.contents.params.get(name);
    if (v === undefined) {
      this.create(name, value, options);
      return;
    }
    const c = this.contents.constraints.get(name) ?? constraints.real;
    tf.tidy(() => {
      const x = asTensor(value);
      if (x.size !== v.size || x.rank !== v.rank || x.shape.some((d, i) => d !== v.shape[i]))
        throw new Error(`param '${name}': cannot set a value of shape [${x.shape}] into a parameter of shape [${v.shape}]`);
      this.checkSupport(name, x, c);
      v.assign(transformTo(c).inverse(x));
    });
  }

  has(name: string): boolean {
    return this.contents.params.has(name);
  }

  /** Removes a parameter and frees its variable. */
  delete(name: string): boolean {
    const v = this.contents.params.get(name);
    if (v === undefined) return false;
    v.dispose();
    this.contents.params.delete(name);
    this.contents.constraints.delete(name);
    this.contents.eventDims.delete(name);
    return true;
  }

  /** Removes every parameter of the current scope and frees the variables. */
  clear(): void {
    for (const v of this.contents.params.values()) v.dispose();
    this.contents = emptyContents();
  }

  keys(): string[] {
    return [...this.contents.params.keys()];
  }

  get size(): number {
    return this.contents.params.size;
  }

  /** `[name, unconstrained variable]` pairs: what an optimizer trains. */
  namedParameters(): Array<[string, Variable]> {
    return [...this.contents.params.entries()];
  }

  /** The unconstrained variable behind a parameter. */
  variable(name: string): Variable {
    const v = this.contents.params.get(name);
    if (v === undefined) throw new Error(`param '${name}' is not in the param store (it has: ${this.keys().join(', ') || 'nothing'})`);
    return v;
  }

  /** Looks a parameter's name up from its unconstrained variable (Pyro's `param_name`). */
  nameOf(variable: Variable): string | undefined {
    for (const [k, v] of this.contents.params) if (v === variable) return k;
    return undefined;
  }

  constraintOf(name: string): Constraint {
    this.variable(name);
    return this.contents.constraints.get(name) ?? constraints.real;
  }

  eventDimOf(name: string): number | undefined {
    this.variable(name);
    return this.contents.eventDims.get(name);
  }

  /** A plain-data copy of every parameter (unconstrained values and constraints). */
  getState(): ParamStoreState {
    const params: Record<string, ParamEntry> = {};
    for (const [name, v] of this.contents.params) {
      const entry: ParamEntry = {
        shape: v.shape.slice(),
        values: Float32Array.from(v.dataSync() as Float32Array),
        constraint: constraintToSpec(this.constraintOf(name)),
      };
      const ed = this.contents.eventDims.get(name);
      if (ed !== undefined) entry.eventDim = ed;
      params[name] = entry;
    }
    return { params };
  }

  /**
   * Loads a state: its parameters replace those of the same names (values are
   * taken bit for bit); other parameters stay, as in Pyro's `set_state`.
   */
  setState(state: ParamStoreState): void {
    for (const [name, e] of Object.entries(state.params)) {
      const size = e.shape.reduce((a, b) => a * b, 1);
      if (e.values.length !== size) throw new Error(`param '${name}': ${e.values.length} values for shape [${e.shape}]`);
      this.delete(name);
      const constraint = constraintFromSpec(e.constraint);
      const v = tf.tidy(() => tf.variable(tf.tensor(e.values, e.shape, 'float32'), true, this.variableName(name)));
      this.contents.params.set(name, v);
      this.contents.constraints.set(name, constraint);
      this.contents.eventDims.set(name, e.eventDim);
    }
  }

  /** The store as bytes (see README: a JSON header and raw float32 data); `load` reads them back bit-exactly. */
  toBytes(): Uint8Array {
    return encodeState(this.getState());
  }

  /** Loads bytes written by `toBytes`/`save` (merging as `setState` does). */
  fromBytes(bytes: Uint8Array): void {
    this.setState(decodeState(bytes));
  }

  /** Node: writes the store to a file. */
  async save(path: string): Promise<void> {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, this.toBytes());
  }

  /** Node: loads a file written by `save`. */
  async load(path: string): Promise<void> {
    const { readFile } = await import('node:fs/promises');
    this.fromBytes(new Uint8Array(await readFile(path)));
  }

  /**
   * Runs `fn` with a separate set of parameters, so several models can share
   * one process (Pyro's `param_store.scope()`), then restores the outer ones.
   * A string names a scope kept in this store: entering it again finds its
   * parameters (the same variables) as they were left. A state object is
   * loaded on entry and updated with the scope's parameters on exit, as in
   * Pyro; with no first argument the scope starts empty and is discarded.
   */
  scope<T>(fn: () => T): T;
  scope<T>(scope: string | ParamStoreState, fn: () => T): T;
  scope<T>(a: string | ParamStoreState | (() => T), b?: () => T): T {
    const fn = (typeof a === 'function' ? a : b) as () => T;
    const key = typeof a === 'function' ? undefined : a;
    const outer = this.contents;
    this.contents = typeof key === 'string' ? (this.namedScopes.get(key) ?? emptyContents()) : emptyContents();
    if (key !== undefined && typeof key !== 'string') this.setState(key);
    try {
      return fn();
    } finally {
      if (typeof key === 'string') {
        this.namedScopes.set(key, this.contents);
      } else {
        if (key !== undefined) key.params = this.getState().params;
        this.clear();
      }
      this.contents = outer;
    }
  }

  /** Frees every variable, in every named scope too. */
  dispose(): void {
    this.clear();
    for (const c of this.namedScopes.values()) for (const v of c.params.values()) v.dispose();
    this.namedScopes.clear();
  }

  private create(name: string, init: Tensor | TensorLike, options: ParamOptions): void {
    const c = options.constraint ?? constraints.real;
    const v = tf.tidy(() => {
      const x = asTensor(init);
      this.checkSupport(name, x, c);
      return tf.variable(transformTo(c).inverse(x), true, this.variableName(name));
    });
    this.contents.params.set(name, v);
    this.contents.constraints.set(name, c);
    this.contents.eventDims.set(name, options.eventDim);
  }

  private checkSupport(name: string, x: Tensor, c: Constraint): void {
    if (c === constraints.real) {
      if (!tf.all(tf.isFinite(x)).dataSync()[0]) throw new Error(`param '${name}': initial value of shape [${x.shape}] has NaN or infinite entries`);
      return;
    }
    if (!tf.all(c.check(x)).dataSync()[0]) {
      throw new Error(`param '${name}': value of shape [${x.shape}] is outside the constraint ${String(c)}; give a value inside it (the store keeps transformTo(constraint).inverse(value))`);
    }
  }

  private variableName(name: string): string {
    return `param-store${this.id}/${++this.variableCount}/${name}`;
  }
}
