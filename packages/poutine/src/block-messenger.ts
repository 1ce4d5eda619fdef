// Hiding sites from the handlers outside (Pyro's `poutine.block`).
import type { Message } from './message.js';
import { Messenger } from './messenger.js';

/** Site types `block` filters on: a message type, or 'observe' for an observed sample site. */
export type BlockSiteType = Message['type'] | 'observe';

export interface BlockOptions {
  /** Hides a site when it returns true; all other options are then ignored. */
  hideFn?: (msg: Message) => boolean | undefined | null;
  /** Exposes a site when it returns true (and hides the rest); all other options are then ignored. */
  exposeFn?: (msg: Message) => boolean | undefined | null;
  /** Hide every site not exposed (the default when no list is given). */
  hideAll?: boolean;
  /** Expose every site not hidden. */
  exposeAll?: boolean;
  /** Site names to hide. */
  hide?: string[];
  /** Site names to expose (hiding every other site). */
  expose?: string[];
  /** Site types to hide. */
  hideTypes?: BlockSiteType[];
  /** Site types to expose (hiding every other type). */
  exposeTypes?: BlockSiteType[];
}

function disjoint(a: readonly string[], b: readonly string[]): boolean {
  return !a.some((x) => b.includes(x));
}

/** The hide predicate of Pyro's `_make_default_hide_fn`. */
export function makeHideFn(options: BlockOptions): (msg: Message) => boolean {
  if (options.hideFn !== undefined && options.exposeFn !== undefined) throw new Error('block: give only one of hideFn and exposeFn');
  if (options.hideFn !== undefined) {
    const f = options.hideFn;
    return (msg) => Boolean(f(msg));
  }
  if (options.exposeFn !== undefined) {
    const f = options.exposeFn;
    return (msg) => !f(msg);
  }
  const exposeAll = options.exposeAll ?? false;
  let hideAll = options.hideAll ?? !exposeAll;
  if (hideAll && exposeAll) throw new Error('block: cannot both hide and expose all sites');
  const hide = options.hide ?? [];
  if (options.hide !== undefined) hideAll = false;
  const expose = options.expose ?? [];
  if (options.expose !== undefined) hideAll = true;
  if (!disjoint(hide, expose)) throw new Error('block: cannot hide and expose a site');
  const hideTypes: string[] = options.hideTypes ?? [];
  if (options.hideTypes !== undefined) hideAll = false;
  const exposeTypes: string[] = options.exposeTypes ?? [];
  if (options.exposeTypes !== undefined) hideAll = true;
  if (!disjoint(hideTypes, exposeTypes)) throw new Error('block: cannot hide and expose a site type');
  return (msg) => {
    const type = msg.type === 'sample' && msg.isObserved ? 'observe' : msg.type;
    const notExposed = !expose.includes(msg.name) && !exposeTypes.includes(type);
    return hide.includes(msg.name) || hideTypes.includes(type) || (notExposed && hideAll);
  };
}

/**
 * Pyro's `BlockMessenger`: sites it hides stop here, so handlers outside
 * it (a trace, a condition, ...) do not see them. By default it hides
 * everything.
 */
export class BlockMessenger extends Messenger {
  readonly hideFn: (msg: Message) => boolean;

  constructor(options: BlockOptions = {}) {
    super();
    this.hideFn = makeHideFn(options);
  }

  override processMessage(msg: Message): void {
    msg.stop = this.hideFn(msg);
  }

  override hides(msg: Message): boolean {
    return this.hideFn(msg);
  }
}

/**
 * Pyro's `poutine.block(fn, hide=..., expose=..., ...)`: runs `fn` with the
 * selected sites hidden from the handlers outside.
 */
export function block<A extends unknown[], R>(fn: (...args: A) => R, options: BlockOptions = {}): (...args: A) => R {
  return new BlockMessenger(options).wrap(fn);
}
