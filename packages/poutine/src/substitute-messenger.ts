// Substituting param values (Pyro's `poutine.substitute`).
import type { Tensor } from '@pyro-ts/tensor';
import type { Message } from './message.js';
import { Messenger } from './messenger.js';
import { isValidationEnabled } from './runtime.js';
import { userParamName } from './util.js';

/**
 * Pyro's `SubstituteMessenger`: param sites named in `data` (by their name
 * without a module prefix) take the given values. Sample sites are not
 * affected (as in Pyro). With validation on, a name of `data` that no param
 * site used gives a warning when the handler exits.
 */
export class SubstituteMessenger extends Messenger {
  private cache = new Map<string, Message>();
  private hits = new Set<string>();
  private misses = new Set<string>();

  constructor(readonly data: Record<string, Tensor>) {
    super();
  }

  override enter(): this {
    this.cache = new Map();
    this.hits = new Set();
    this.misses = new Set();
    return super.enter();
  }

  override exit(failed = false): void {
    this.cache = new Map();
    if (isValidationEnabled()) {
      const extra = Object.keys(this.data).filter((k) => !this.hits.has(k));
      if (extra.length > 0) console.warn(`substitute: data did not find params ['${extra.join("', '")}']. Did you instead mean one of ['${[...this.misses].join("', '")}']?`);
    }
    super.exit(failed);
  }

  override processMessage(msg: Message): void {
    if (msg.type !== 'param') return;
    const name = userParamName(msg.name);
    const v = Object.prototype.hasOwnProperty.call(this.data, name) ? this.data[name] : undefined;
    if (v === undefined) {
      this.misses.add(name);
      return;
    }
    this.hits.add(name);
    msg.value = v;
    const cached = this.cache.get(msg.name);
    if (cached !== undefined) msg.value = cached.value;
    else this.cache.set(msg.name, msg);
  }
}

/** Pyro's `poutine.substitute(fn, data)`: runs `fn` with the params named in `data` fixed to those values. */
export function substitute<A extends unknown[], R>(fn: (...args: A) => R, data: Record<string, Tensor>): (...args: A) => R {
  return new SubstituteMessenger(data).wrap(fn);
}
