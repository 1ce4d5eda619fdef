// AutoGuide: the base class of the automatic guides (Pyro's `AutoGuide`).
import { tf, formatShape, shapesEqual } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '@pyro-ts/distributions';
import type { ParamInit, ParamStore } from '@pyro-ts/param-store';
import { BlockMessenger, PlateMessenger, block, siteIsSubsample, trace } from '@pyro-ts/poutine';
import type { CondIndepStackFrame, Message, SampleMessage, Trace } from '@pyro-ts/poutine';
import { getParamStore, param } from '@pyro-ts/primitives';
import { NotImplementedError, transformTo } from '@pyro-ts/distributions';
import { freezeLatentSites } from './prototype.js';

/** A model: any synchronous function running Pyro statements. */
export type Model = (...args: any[]) => unknown;

/** What a guide call returns: the value of each latent site by name. */
export type LatentValues = Record<string, Tensor>;

/**
 * `createPlates(...args)`: the plates (made with `plate(name, size, options)`,
 * without a callback) the guide should use for some of the model's plates,
 * e.g. to subsample; the guide creates the others. Called once per guide call.
 */
export type CreatePlates = (...args: any[]) => PlateMessenger | readonly PlateMessenger[] | null | undefined;

export interface AutoGuideOptions {
  /** Plates for data subsampling (Pyro's `create_plates`). */
  createPlates?: CreatePlates;
  /** The param store of the guide's parameters (default: `getParamStore()` at each use). */
  store?: ParamStore;
}

/** Declares a guide parameter: its initial constrained value and how it is stored. */
interface ParamDecl {
  init: Tensor;
  constraint?: Constraint;
  eventDim?: number;
  /** The shape of the unconstrained value the param store keeps. */
  storedShape: number[];
}

/** Pyro's `prototype_hide_fn`: the prototype trace records only latent sample sites. */
export function prototypeHideFn(msg: Message): boolean {
  return msg.type !== 'sample' || msg.isObserved || siteIsSubsample(msg);
}

// The call signature of a guide instance (instances are functions: see the
// constructor). Merging an interface into the class adds it to the
// instance type.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface AutoGuide {
  /** Runs the guide: `guide(...args)` with the model's arguments; returns the latent values by name. */
  (...args: any[]): LatentValues;
}

/**
 * Base class of the automatic guides (Pyro's `AutoGuide`).
 *
 * A guide is built from its model's *prototype trace*: on the first call,
 * the model runs once (under the guide's initialization strategy, with its
 * observed, param and plate sites hidden) and the guide creates its
 * parameters from the latent sites it finds. Guides are callable, like the
 * Pyro modules they mirror: `guide(...args)` takes the model's arguments
 * and returns the latent values by name, so a guide goes wherever a guide
 * function goes (`trace(guide)`, `new SVI(model, guide, ...)`).
 *
 * Parameters are `param` statements named `<guide name>.<attribute>`
 * (`AutoNormal.locs.z`, `AutoDiagonalNormal.scale`, ...), created in the
 * param store on first use and trained there; a part of an `AutoGuideList`
 * is named `AutoGuideList.<index>`.
 *
 * Memory: the guide owns copies of the prototype's values and its
 * parameters' initial values (`dispose()` frees them); the param store owns
 * the parameters. A call returns tensors owned by the enclosing `tf.tidy`
 * (SVI runs guides inside one) or by the trace that records them.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class AutoGuide {
  /** The name of the guide's class (Pyro's `type(self).__name__`), the prefix of its parameters. */
  static readonly guideName: string = 'AutoGuide';

  /** The model the guide runs for its prototype trace (wrapped in the guide's InitMessenger where it has one). */
  declare readonly model: Model;
  /** Pyro's `create_plates`. */
  declare readonly createPlates: CreatePlates | undefined;
  /** The latent sample sites of the model as the guide saw them on its first call; null before it. */
  declare prototypeTrace: Trace | null;
  /** The plates of the last call, by name. */
  declare plates: Record<string, PlateMessenger>;
  /** The outermost `AutoGuideList` this guide is a part of (null for a guide on its own). */
  declare master: AutoGuide | null;
  declare protected _pyroName: string;
  declare protected readonly store: ParamStore | undefined;
  declare protected prototypeFrames: Map<string, CondIndepStackFrame>;
  declare private readonly ownedTensors: Tensor[];
  declare private readonly paramDecls: Map<string, ParamDecl>;
  declare private readonly buffers: Map<string, Tensor>;
  declare private active: number;
  declare private platesToDispose: PlateMessenger[];

  constructor(model: Model, options: AutoGuideOptions = {}) {
    if (typeof model !== 'function') throw new TypeError(`${new.target.name}: model must be a function`);
    // The instance is a function whose prototype is the class's, so that
    // `guide(...args)` runs it and `instanceof` works.
    const self = ((...args: unknown[]) => self.invoke(args)) as unknown as AutoGuide;
    Object.setPrototypeOf(self, new.target.prototype);
    const hidden = (k: string, value: unknown, writable = true): void => {
      Object.defineProperty(self, k, { value, writable, enumerable: false, configurable: true });
    };
    const ctor = new.target as unknown as { guideName?: string; name: string };
    const pyroName = Object.prototype.hasOwnProperty.call(ctor, 'guideName') ? (ctor.guideName as string) : ctor.name;
    hidden('_pyroName', pyroName);
    Object.defineProperty(self, 'name', { value: pyroName, configurable: true });
    hidden('model', model);
    hidden('createPlates', options.createPlates);
    hidden('store', options.store);
    hidden('prototypeTrace', null);
    hidden('plates', {});
    hidden('master', null);
    hidden('prototypeFrames', new Map());
    hidden('ownedTensors', []);
    hidden('paramDecls', new Map());
    hidden('buffers', new Map());
    hidden('active', 0);
    hidden('platesToDispose', []);
    return self;
  }

  /** The prefix of the guide's parameter and auxiliary site names (Pyro's `_pyro_name`). */
  get pyroName(): string {
    return this._pyroName;
  }

  /**
   * The guide proper (Pyro's `forward`): samples every latent site of the
   * model. Call the guide itself (`guide(...args)`), which runs this with
   * the guide's parameters as `param` sites.
   */
  abstract forward(...args: any[]): LatentValues;

  /** Posterior medians of the latent sites, by name (new tensors the caller owns). */
  median(..._args: any[]): LatentValues {
    throw new NotImplementedError(`${this._pyroName}.median is not implemented`);
  }

  /**
   * Posterior quantiles of the latent sites, by name: each of shape
   * `[qs.length, ...siteShape]` (new tensors the caller owns).
   */
  quantiles(_qs: readonly number[], ..._args: any[]): LatentValues {
    throw new NotImplementedError(`${this._pyroName}.quantiles is not implemented`);
  }

  /** Samples an encoded latent given the model's arguments (Pyro's `sample_latent`); undefined where the guide has none. */
  sampleLatent(..._args: any[]): Tensor | undefined {
    return undefined;
  }

  /**
   * Frees the tensors the guide owns (the prototype's copies and the
   * parameters' initial values; fixed tensors such as a Laplace guide's).
   * The parameters stay in the param store. The guide can be called again:
   * it then builds a new prototype.
   */
  dispose(): void {
    this.releaseOwned();
  }

  /** Frees what the guide owns (see `dispose`), for a new prototype. */
  private releaseOwned(): void {
    for (const t of this.ownedTensors) if (!t.isDisposed) t.dispose();
    this.ownedTensors.length = 0;
    this.paramDecls.clear();
    this.buffers.clear();
    this.prototypeTrace = null;
    this.prototypeFrames = new Map();
  }

  // ---- for subclasses ---------------------------------------------------

  /** Runs `forward` with the guide's parameters live as `param` sites, then frees the plates it created. */
  protected invoke(args: unknown[]): LatentValues {
    this.active++;
    const outermost = this.active === 1 && this.master === null;
    try {
      return this.forward(...args);
    } finally {
      this.active--;
      if (outermost) {
        for (const p of this.platesToDispose) p.dispose();
        this.platesToDispose = [];
      }
    }
  }

  /** Keeps `t` past the enclosing tf.tidy, owned by the guide; returns it. */
  protected own<T extends Tensor>(t: T): T {
    tf.keep(t);
    this.ownedTensors.push(t);
    return t;
  }

  /**
   * Declares the parameter `<name>.<attr>` with an initial constrained
   * value (owned by the guide from now on), a constraint and an event dim
   * (Pyro's `PyroParam` attribute).
   */
  protected declareParam(attr: string, init: Tensor, options: { constraint?: Constraint; eventDim?: number } = {}): void {
    const storedShape = options.constraint === undefined ? init.shape.slice() : transformTo(options.constraint).inverseShape(init.shape);
    this.paramDecls.set(attr, { init: this.own(init), ...options, storedShape });
  }

  /**
   * Builds the guide from the model now, with these model arguments,
   * instead of on the first call (Pyro's `_setup_prototype(*args)`).
   */
  buildPrototype(...args: unknown[]): void {
    this.releaseOwned();
    this.ensurePrototype(args);
  }

  /**
   * Replaces the parameter `attr` by a fixed tensor, which the guide then
   * owns (Pyro's `register_buffer`): no `param` site is made for it.
   */
  registerBuffer(attr: string, value: Tensor): void {
    this.paramDecls.delete(attr);
    this.buffers.set(attr, this.own(value));
  }

  /**
   * The value of the parameter `attr`. During a call it is the `param`
   * statement `<name>.<attr>` (recorded by traces, subsampled by plates);
   * outside one, the store's value, or the initial value before the store
   * has it. Outside a call the result may be the store's variable or the
   * guide's initial value: never dispose it, and copy it before returning it.
   */
  protected getParam(attr: string): Tensor {
    const buf = this.buffers.get(attr);
    if (buf !== undefined) return buf;
    const decl = this.paramDecls.get(attr);
    if (decl === undefined) throw new Error(`${this._pyroName} has no parameter '${attr}'; call the guide once first (it builds its parameters from the model)`);
    const full = `${this._pyroName}.${attr}`;
    const store = this.store ?? getParamStore();
    if (store.has(full)) {
      const shape = store.variable(full).shape;
      if (!shapesEqual(shape, decl.storedShape)) {
        throw new Error(
          `${this._pyroName}: the param store holds '${full}' of unconstrained shape ${formatShape(shape)}, but this guide's has ${formatShape(decl.storedShape)} ` +
            '(a parameter of another guide or model of the same name?): clear the param store (clearParamStore()) or give the guide its own store',
        );
      }
    }
    if (this.active > 0) {
      return param(full, decl.init as ParamInit, { constraint: decl.constraint, eventDim: decl.eventDim, store: this.store });
    }
    return store.has(full) ? store.get(full) : decl.init;
  }

  /** The latent sites of the prototype trace, in execution order. */
  protected latentSites(): Array<[string, SampleMessage]> {
    if (this.prototypeTrace === null) throw new Error(`${this._pyroName}: call the guide once first (it builds itself from the model's prototype trace)`);
    return [...this.prototypeTrace.iterStochasticNodes()];
  }

  /** Builds the guide on its first call; a failed build leaves nothing behind (the next call tries again). */
  protected ensurePrototype(args: unknown[]): void {
    if (this.prototypeTrace !== null) return;
    try {
      this.setupPrototype(...args);
    } catch (e) {
      this.releaseOwned();
      throw e;
    }
  }

  /**
   * Runs the model once to record its latent sites (Pyro's
   * `_setup_prototype`). Subclasses extend it to declare their parameters.
   */
  protected setupPrototype(...args: unknown[]): void {
    this.releaseOwned();
    const model = block(this.model, { hideFn: prototypeHideFn });
    const kept: Tensor[] = [];
    let proto!: Trace;
    try {
      tf.tidy(() => {
        const tr = new BlockMessenger().run(() => trace(model).getTrace(...args));
        proto = freezeLatentSites(tr, kept);
      });
    } catch (e) {
      for (const t of kept) t.dispose();
      throw e;
    }
    const frames = new Map<string, CondIndepStackFrame>();
    try {
      if (this.master !== null) this.master.checkPrototype(proto);
      for (const [name, site] of proto.iterStochasticNodes()) {
        for (const frame of site.condIndepStack) {
          if (!frame.vectorized) throw new NotImplementedError(`${this._pyroName} does not support sequential plate (site '${name}' is inside plate '${frame.name}')`);
          frames.set(frame.name, frame);
        }
      }
    } catch (e) {
      for (const t of kept) t.dispose();
      throw e;
    }
    this.ownedTensors.push(...kept);
    this.prototypeTrace = proto;
    this.prototypeFrames = frames;
  }

  /**
   * The plates of this call (Pyro's `_create_plates`): those `createPlates`
   * returns, plus one for every other plate of the prototype, with the
   * prototype's dim, full size and subsample size. Parts of an
   * `AutoGuideList` use their master's.
   */
  protected makePlates(...args: unknown[]): Record<string, PlateMessenger> {
    if (this.master !== null) {
      if (this.createPlates !== undefined) throw new Error('Cannot pass createPlates() to non-master guide');
      this.plates = this.master.plates;
      return this.plates;
    }
    const plates: Record<string, PlateMessenger> = {};
    if (this.createPlates !== undefined) {
      const made = this.createPlates(...args);
      const list = made === null || made === undefined ? [] : made instanceof PlateMessenger ? [made] : [...made];
      for (const p of list) {
        if (!(p instanceof PlateMessenger)) throw new TypeError('createPlates() returned a non-plate');
        plates[p.name] = p;
        this.platesToDispose.push(p);
      }
    }
    const names = [...this.prototypeFrames.keys()].sort();
    for (const name of names) {
      if (name in plates) continue;
      const frame = this.prototypeFrames.get(name) as CondIndepStackFrame;
      const p = new PlateMessenger(name, frame.fullSize ?? frame.size, { dim: frame.dim as number, subsampleSize: frame.size });
      plates[name] = p;
      this.platesToDispose.push(p);
    }
    this.plates = plates;
    return plates;
  }

  /** Runs `fn` inside the plates of the site's vectorized frames (outermost first). */
  protected inPlates<T>(site: SampleMessage, plates: Record<string, PlateMessenger>, fn: () => T): T {
    const entered: PlateMessenger[] = [];
    let failed = true;
    try {
      for (const frame of site.condIndepStack) {
        if (!frame.vectorized) continue;
        const p = plates[frame.name];
        if (p === undefined) throw new Error(`${this._pyroName}: no plate named '${frame.name}'`);
        entered.push(p.enter());
      }
      const out = fn();
      failed = false;
      return out;
    } finally {
      for (let i = entered.length - 1; i >= 0; i--) (entered[i] as PlateMessenger).exit(failed);
    }
  }

  /** @internal Renames the guide (and its parts) as a part of a list (PyroModule naming). */
  rename(name: string): void {
    this._pyroName = name;
  }

  /** @internal Makes `master` the master of this guide (and of its parts). */
  updateMaster(master: AutoGuide): void {
    this.master = master;
  }

  /** @internal Checks a part's prototype against this guide's (AutoGuideList). */
  checkPrototype(_partTrace: Trace): void {}
}

// Instances are functions: give them call/apply/bind.
Object.setPrototypeOf(AutoGuide.prototype, Function.prototype);
