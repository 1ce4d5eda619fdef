// Conditioning sample sites on data (Pyro's `poutine.condition`).
import { asTensor, isTensor } from '@pyro-ts/tensor';
import type { Tensor, TensorLike } from '@pyro-ts/tensor';
import type { Message } from './message.js';
import { Messenger } from './messenger.js';
import { own } from './runtime.js';
import { Trace } from './trace.js';

/** Values by site name: tensors, numbers or nested arrays (null leaves a site unobserved). */
export type SiteData = Record<string, Tensor | TensorLike | null | undefined> | Map<string, Tensor | TensorLike | null | undefined>;

/** Looks `name` up in site data; `found` is false when the name is absent. */
export function lookupSiteData(data: SiteData | Trace, name: string): { found: boolean; value: Tensor | TensorLike | null | undefined } {
  if (data instanceof Trace) {
    const n = data.nodes.get(name);
    return n === undefined ? { found: false, value: undefined } : { found: true, value: n.value as Tensor | undefined };
  }
  if (data instanceof Map) return { found: data.has(name), value: data.get(name) };
  return Object.prototype.hasOwnProperty.call(data, name) ? { found: true, value: data[name] } : { found: false, value: undefined };
}

/** Sets `msg.value` from data, converting numbers and arrays to a tensor the site owns. */
export function setValueFromData(msg: Message, v: Tensor | TensorLike | null | undefined): void {
  if (v === null || v === undefined) {
    msg.value = undefined;
    return;
  }
  if (isTensor(v)) {
    msg.value = v;
    return;
  }
  const t = asTensor(v);
  own(msg, t);
  msg.value = t;
}

/**
 * Pyro's `ConditionMessenger`: sample sites named in `data` (a record, a
 * Map or a Trace) become observed with the given value.
 */
export class ConditionMessenger extends Messenger {
  constructor(readonly data: SiteData | Trace) {
    super();
  }

  override processMessage(msg: Message): void {
    if (msg.type !== 'sample') return;
    const { found, value } = lookupSiteData(this.data, msg.name);
    if (!found) return;
    setValueFromData(msg, value);
    msg.isObserved = msg.value !== undefined;
  }
}

/**
 * Pyro's `poutine.condition(fn, data)`: runs `fn` with the sample sites named
 * in `data` observed at the given values (as if given `obs`).
 */
export function condition<A extends unknown[], R>(fn: (...args: A) => R, data: SiteData | Trace): (...args: A) => R {
  return new ConditionMessenger(data).wrap(fn);
}
