// Lifting params to random variables (Pyro's `poutine.lift`).
import { Distribution } from '@pyro-ts/distributions';
import type { Message, SampleMessage } from './message.js';
import { Messenger } from './messenger.js';
import { isValidationEnabled } from './runtime.js';
import { userParamName } from './util.js';

/** A prior for every param site, or priors by param name (without module prefix). */
export type LiftPrior = Distribution | Record<string, Distribution>;

/**
 * Pyro's `LiftMessenger`: a param site with a prior becomes a latent sample
 * site of that prior (a second statement of the same name reuses the first
 * value, as an observed site). Priors are distributions (Pyro also accepts
 * arbitrary callables; pyro-ts does not).
 */
export class LiftMessenger extends Messenger {
  private cache = new Map<string, SampleMessage>();
  private hits = new Set<string>();
  private misses = new Set<string>();

  constructor(readonly prior: LiftPrior) {
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
    if (isValidationEnabled() && !(this.prior instanceof Distribution)) {
      const extra = Object.keys(this.prior).filter((k) => !this.hits.has(k));
      if (extra.length > 0) console.warn(`lift: prior did not find params ['${extra.join("', '")}']. Did you instead mean one of ['${[...this.misses].join("', '")}']?`);
    }
    super.exit(failed);
  }

  override processMessage(msg: Message): void {
    if (msg.type !== 'param') return;
    const name = msg.name;
    let fn: Distribution;
    if (this.prior instanceof Distribution) fn = this.prior;
    else {
      const key = userParamName(name);
      const d = Object.prototype.hasOwnProperty.call(this.prior, key) ? this.prior[key] : undefined;
      if (d === undefined) {
        this.misses.add(key);
        return;
      }
      this.hits.add(key);
      fn = d;
    }
    const m = msg as unknown as SampleMessage;
    m.type = 'sample';
    m.fn = fn;
    m.args = [];
    m.kwargs = {};
    m.infer = {};
    const cached = this.cache.get(name);
    if (cached !== undefined) {
      m.value = cached.value;
      m.isObserved = true;
      m.stop = true;
    } else {
      this.cache.set(name, m);
      m.isObserved = false;
    }
  }
}

/** Pyro's `poutine.lift(fn, prior)`: runs `fn` with its params drawn from `prior`. */
export function lift<A extends unknown[], R>(fn: (...args: A) => R, prior: LiftPrior): (...args: A) => R {
  return new LiftMessenger(prior).wrap(fn);
}
