// PyroModule: classes whose attributes are Pyro params and samples
// (Pyro's `pyro.nn.PyroModule`, `PyroParam`, `PyroSample`).
import { asTensor, isTensor } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Distribution, type Constraint } from '@pyro-ts/distributions';
import type { ParamInit, ParamStore } from '@pyro-ts/param-store';
import { deterministic } from './deterministic.js';
import { module as registerModule, type LayerLike } from './module.js';
import { param } from './param.js';
import { getParamStore } from './param-store.js';
import { sample } from './sample.js';

/** Declares a parameter attribute: `this.scale = new PyroParam(1, { constraint: constraints.positive })`. */
export class PyroParam {
  constructor(
    /** The initial (constrained) value, or a function of the module giving it. */
    readonly init: ParamInit | ((self: PyroModule) => Tensor),
    readonly options: { constraint?: Constraint; eventDim?: number } = {},
  ) {}
}

/** Declares a random attribute: `this.weight = new PyroSample(new Normal(0, 1).expand([3]).toEvent(1))`. */
export class PyroSample {
  constructor(
    /** A distribution, or a function of the module giving a distribution (or a tensor: a deterministic site). */
    readonly prior: Distribution | ((self: PyroModule) => Distribution | Tensor),
  ) {}
}

/** State shared by a module and its submodules while one of them runs (Pyro's `_Context`). */
class ModuleContext {
  active = 0;
  used = false;
  readonly cache = new Map<string, Tensor>();
}

interface ParamDecl {
  init: ParamInit | ((self: PyroModule) => Tensor);
  constraint?: Constraint;
  eventDim?: number;
}

const INTERNAL = new Set(['_pyroName', '_pyroContext', '_pyroParams', '_pyroSamples', '_pyroModules', '_pyroStore']);

function makeName(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

function isLayer(x: unknown): x is LayerLike {
  return typeof x === 'object' && x !== null && !(x instanceof PyroModule) && Array.isArray((x as { trainableWeights?: unknown }).trainableWeights);
}

/**
 * Base class for models and guides whose attributes run Pyro effects
 * (Pyro's `PyroModule`). Inside a call (`module.call(...)`, which runs
 * `forward`, or `module.scope(fn)` for other methods), reading
 * - a `PyroParam` attribute is `param('<prefix>.<attr>', init, ...)`;
 * - a `PyroSample` attribute is `sample('<prefix>.<attr>', prior)`, drawn
 *   once per call and cached;
 * - a tfjs-layers layer attribute registers its weights with `module`;
 * - a `PyroModule` attribute is a submodule named `<prefix>.<attr>`.
 * Outside a call they give the stored (or initial) parameter value and a
 * fresh draw. Assign declarations as usual (`this.w = new PyroParam(...)`);
 * declare their types with `declare w: Tensor`. Assigning a tensor to a
 * param attribute sets the parameter.
 */
export class PyroModule {
  declare private _pyroName: string;
  declare private _pyroContext: ModuleContext;
  declare private readonly _pyroParams: Map<string, ParamDecl>;
  declare private readonly _pyroSamples: Map<string, PyroSample['prior']>;
  declare private readonly _pyroModules: Map<string, PyroModule>;
  declare private readonly _pyroStore: ParamStore | undefined;

  constructor(name = '', options: { store?: ParamStore } = {}) {
    const hidden = (k: string, value: unknown): void => {
      Object.defineProperty(this, k, { value, writable: true, enumerable: false, configurable: true });
    };
    hidden('_pyroName', name);
    hidden('_pyroContext', new ModuleContext());
    hidden('_pyroParams', new Map());
    hidden('_pyroSamples', new Map());
    hidden('_pyroModules', new Map());
    hidden('_pyroStore', options.store);
    return new Proxy(this, {
      set: (target, prop, value, receiver) => {
        if (typeof prop === 'string' && !INTERNAL.has(prop) && target._pyroAssign(prop, value, receiver as PyroModule)) return true;
        return Reflect.set(target, prop, value, receiver);
      },
      defineProperty: (target, prop, desc) => {
        if (typeof prop === 'string' && !INTERNAL.has(prop) && 'value' in desc && target._pyroAssign(prop, desc.value, target)) return true;
        return Reflect.defineProperty(target, prop, desc);
      },
      get: (target, prop, receiver) => {
        if (typeof prop === 'string' && !INTERNAL.has(prop)) {
          if (target._pyroParams.has(prop)) return target._pyroParamValue(prop, receiver as PyroModule);
          if (target._pyroSamples.has(prop)) return target._pyroSampleValue(prop, receiver as PyroModule);
          const v: unknown = Reflect.get(target, prop, receiver);
          if (isLayer(v) && target._pyroContext.active > 0) registerModule(target._pyroFullname(prop), v, { store: target._pyroStoreOrDefault() });
          return v;
        }
        return Reflect.get(target, prop, receiver);
      },
      deleteProperty: (target, prop) => {
        if (typeof prop === 'string') {
          target._pyroParams.delete(prop);
          target._pyroSamples.delete(prop);
          target._pyroModules.delete(prop);
        }
        return Reflect.deleteProperty(target, prop);
      },
    });
  }

  /** The module's name prefix ('' for a top-level module named ''). */
  get pyroName(): string {
    return this._pyroName;
  }

  /** The full site name of attribute `name`. */
  pyroFullname(name: string): string {
    return this._pyroFullname(name);
  }

  /** Runs `fn` as part of a call of this module (Pyro's `pyro_method`): attributes run their effects and samples are cached. */
  scope<T>(fn: () => T): T {
    const ctx = this._pyroContext;
    ctx.active++;
    ctx.used = true;
    try {
      return fn();
    } finally {
      ctx.active--;
      if (ctx.active === 0) ctx.cache.clear();
    }
  }

  /** Calls `forward(...args)` inside the module's scope (Pyro's `module(*args)`). */
  call(...args: unknown[]): unknown {
    return this.scope(() => (this as unknown as { forward(...a: unknown[]): unknown }).forward(...args));
  }

  /**
   * Assigns an attribute through the module's rules (a typed alternative to
   * `this.name = new PyroParam(...)` when the field is declared as a Tensor).
   */
  protected define(name: string, value: PyroParam | PyroSample | PyroModule | LayerLike): void {
    (this as unknown as Record<string, unknown>)[name] = value;
  }

  /** The submodules by attribute name. */
  namedModules(): Array<[string, PyroModule]> {
    return [...this._pyroModules.entries()];
  }

  private _pyroStoreOrDefault(): ParamStore {
    return this._pyroStore ?? getParamStore();
  }

  private _pyroFullname(name: string): string {
    return makeName(this._pyroName, name);
  }

  private _pyroSetSupermodule(name: string, context: ModuleContext): void {
    this._pyroName = name;
    this._pyroContext = context;
    for (const [key, m] of this._pyroModules) {
      if (m._pyroContext.used && m._pyroContext !== context) throw new Error(`submodule ${name}.${key} has executed outside of its supermodule`);
      m._pyroSetSupermodule(makeName(name, key), context);
    }
  }

  /** Handles an assignment; returns false for an ordinary attribute. */
  private _pyroAssign(prop: string, value: unknown, self: PyroModule): boolean {
    if (value instanceof PyroParam) {
      this._pyroSamples.delete(prop);
      Reflect.deleteProperty(this, prop);
      this._pyroParams.set(prop, { init: value.init, ...value.options });
      return true;
    }
    if (value instanceof PyroSample) {
      this._pyroParams.delete(prop);
      Reflect.deleteProperty(this, prop);
      this._pyroSamples.set(prop, value.prior);
      return true;
    }
    if (value instanceof PyroModule) {
      this._pyroModules.set(prop, value);
      value._pyroSetSupermodule(makeName(this._pyroName, prop), this._pyroContext);
      Reflect.defineProperty(this, prop, { value, writable: true, enumerable: true, configurable: true });
      return true;
    }
    const decl = this._pyroParams.get(prop);
    if (decl !== undefined && (isTensor(value) || typeof value === 'number' || Array.isArray(value))) {
      const store = this._pyroStoreOrDefault();
      const full = this._pyroFullname(prop);
      if (store.has(full)) store.set(full, value as Tensor);
      else decl.init = value as ParamInit;
      void self;
      return true;
    }
    return false;
  }

  private _pyroParamValue(prop: string, self: PyroModule): Tensor {
    const decl = this._pyroParams.get(prop) as ParamDecl;
    const full = this._pyroFullname(prop);
    const store = this._pyroStoreOrDefault();
    const init = decl.init;
    const initFn: ParamInit = typeof init === 'function' ? () => (init as (s: PyroModule) => Tensor)(self) : init;
    const options = { constraint: decl.constraint, eventDim: decl.eventDim, store };
    if (this._pyroContext.active > 0) return param(full, initFn, options);
    if (store.has(full)) return store.get(full);
    const v = typeof initFn === 'function' ? initFn() : initFn;
    return isTensor(v) ? v : asTensor(v);
  }

  private _pyroSampleValue(prop: string, self: PyroModule): Tensor {
    const p = this._pyroSamples.get(prop) as PyroSample['prior'];
    const ctx = this._pyroContext;
    const priorOf = (): Distribution | Tensor => (p instanceof Distribution ? p : p(self));
    if (ctx.active > 0) {
      const full = this._pyroFullname(prop);
      const cached = ctx.cache.get(full);
      if (cached !== undefined) return cached;
      const prior = priorOf();
      const value = isTensor(prior) ? deterministic(full, prior) : sample(full, prior);
      ctx.cache.set(full, value);
      return value;
    }
    const prior = priorOf();
    if (isTensor(prior)) return prior;
    return prior.hasRsample ? prior.rsample() : prior.sample();
  }
}

/**
 * Wraps a method so that it runs in its module's scope (Pyro's
 * `@pyro_method`): `model = pyroMethod(function (this: MyModule, x) { ... })`.
 */
export function pyroMethod<M extends PyroModule, A extends unknown[], R>(fn: (this: M, ...args: A) => R): (this: M, ...args: A) => R {
  return function (this: M, ...args: A): R {
    return this.scope(() => fn.apply(this, args));
  };
}
