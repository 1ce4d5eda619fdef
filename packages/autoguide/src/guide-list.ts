// Combining guides: AutoGuideList and AutoCallable (Pyro's).
import { shapesEqual, formatShape } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Trace } from '@pyro-ts/poutine';
import { AutoGuide, type AutoGuideOptions, type LatentValues, type Model } from './guide.js';

/** A guide function (any callable running `sample` statements), as `AutoGuideList.append` and `AutoCallable` take. */
export type GuideFn = (...args: any[]) => LatentValues | void | undefined | null;

/**
 * Pyro's `AutoCallable`: a plain guide function as an `AutoGuide`, so that
 * it can be a part of an `AutoGuideList`. `median(...args)` calls the given
 * `median` function (default: no sites).
 */
export class AutoCallable extends AutoGuide {
  static override readonly guideName: string = 'AutoCallable';
  declare private readonly guideFn: GuideFn;
  declare private readonly medianFn: (...args: any[]) => LatentValues;

  constructor(model: Model, guide: GuideFn, median: (...args: any[]) => LatentValues = () => ({})) {
    super(model);
    if (typeof guide !== 'function') throw new TypeError('AutoCallable: guide must be a function');
    Object.defineProperty(this, 'guideFn', { value: guide, enumerable: false });
    Object.defineProperty(this, 'medianFn', { value: median, enumerable: false });
  }

  forward(...args: any[]): LatentValues {
    const result = this.guideFn(...args);
    return result ?? {};
  }

  override median(...args: any[]): LatentValues {
    return this.medianFn(...args);
  }
}

/**
 * Pyro's `AutoGuideList`: a guide made of parts, each an autoguide (or a
 * guide function, wrapped in an `AutoCallable`) built on the model with
 * the other parts' sites blocked:
 *
 * ```ts
 * const guide = new AutoGuideList(model);
 * guide.append(new AutoDiagonalNormal(block(model, { hide: ['assignment'] })));
 * guide.append(myAssignmentGuide);
 * ```
 *
 * No two parts may sample the same site. The parts share the list's plates
 * and are named `AutoGuideList.0`, `AutoGuideList.1`, ... (their parameters
 * `AutoGuideList.0.loc`, ...).
 */
export class AutoGuideList extends AutoGuide {
  static override readonly guideName: string = 'AutoGuideList';
  declare private readonly _parts: AutoGuide[];

  constructor(model: Model, options: Pick<AutoGuideOptions, 'createPlates'> = {}) {
    super(model, options);
    Object.defineProperty(this, '_parts', { value: [], enumerable: false });
  }

  /** The parts, in the order they were appended. */
  get parts(): readonly AutoGuide[] {
    return this._parts;
  }

  /**
   * Adds a guide for part of the model: an autoguide built on the model
   * with the other parts' sites blocked, or a guide function (wrapped in an
   * `AutoCallable`). Returns the list.
   */
  append(part: AutoGuide | GuideFn): this {
    const p = part instanceof AutoGuide ? part : new AutoCallable(this.model, part);
    if (p.master !== null || this._parts.includes(p)) throw new Error(`The guide \`${p.pyroName}\` is already added.`);
    this._parts.push(p);
    p.rename(`${this.pyroName}.${this._parts.length - 1}`);
    p.updateMaster(this.master ?? this);
    return this;
  }

  /** @internal */
  override rename(name: string): void {
    super.rename(name);
    this._parts.forEach((p, i) => p.rename(`${name}.${i}`));
  }

  /** @internal */
  override updateMaster(master: AutoGuide): void {
    super.updateMaster(master);
    for (const p of this._parts) p.updateMaster(master);
  }

  /** @internal Each latent site of a part must have the shapes it has in the list's prototype. */
  override checkPrototype(partTrace: Trace): void {
    const own = this.prototypeTrace;
    if (own === null) return;
    for (const [name, partSite] of partTrace.iterStochasticNodes()) {
      const site = own.nodes.get(name);
      if (site === undefined || site.type !== 'sample') throw new Error(`AutoGuideList: the part's latent site '${name}' is not a latent site of the model`);
      const checks: Array<[string, readonly number[], readonly number[]]> = [
        ['batch shape', partSite.fn.batchShape, site.fn.batchShape],
        ['event shape', partSite.fn.eventShape, site.fn.eventShape],
        ['value shape', (partSite.value as Tensor).shape, (site.value as Tensor).shape],
      ];
      for (const [what, a, b] of checks) {
        if (!shapesEqual(a, b)) throw new Error(`AutoGuideList: site '${name}' has ${what} ${formatShape(a)} in the part but ${formatShape(b)} in the model`);
      }
    }
  }

  forward(...args: any[]): LatentValues {
    this.ensurePrototype(args);
    this.makePlates(...args);
    const result: LatentValues = {};
    for (const part of this._parts) Object.assign(result, part(...args));
    return result;
  }

  override median(...args: any[]): LatentValues {
    const result: LatentValues = {};
    for (const part of this._parts) Object.assign(result, part.median(...args));
    return result;
  }

  override quantiles(qs: readonly number[], ...args: any[]): LatentValues {
    const result: LatentValues = {};
    for (const part of this._parts) Object.assign(result, part.quantiles(qs, ...args));
    return result;
  }

  override dispose(): void {
    super.dispose();
    for (const p of this._parts) p.dispose();
  }
}
