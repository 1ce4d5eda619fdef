// Interventions (Pyro's `poutine.do`; `do` is a reserved word in TypeScript).
import { tf, isTensor } from '@pyro-ts/tensor';
import type { Tensor, TensorLike } from '@pyro-ts/tensor';
import type { Message } from './message.js';
import { Messenger } from './messenger.js';
import { applyStack, own } from './runtime.js';

let nextId = 0;

/**
 * Pyro's `DoMessenger`: at a sample site named in `data`, the site is still
 * sampled (and recorded) under its own name, but the program continues
 * with the intervention value, as an observed site renamed `<name>__CF`
 * that the handlers outside do not see.
 */
export class InterveneMessenger extends Messenger {
  private readonly id = `intervene${++nextId}`;

  constructor(readonly data: Record<string, Tensor | TensorLike | null | undefined>) {
    super();
  }

  override processMessage(msg: Message): void {
    if (msg.type !== 'sample') return;
    const intervention = Object.prototype.hasOwnProperty.call(this.data, msg.name) ? this.data[msg.name] : undefined;
    if (msg._intervenerId === this.id || intervention === undefined || intervention === null) return;
    if (msg._intervenerId !== undefined) {
      console.warn(`Attempting to intervene on variable ${msg.name} multiple times, this is almost certainly incorrect behavior`);
    }
    msg._intervenerId = this.id;
    const copy: Message = { ...msg, condIndepStack: [] };
    applyStack(copy);
    msg.name = `${msg.name}__CF`;
    if (isTensor(intervention)) msg.value = intervention;
    else if (typeof intervention === 'number') {
      const t = tf.scalar(intervention);
      own(msg, t);
      msg.value = t;
    } else {
      throw new Error(`intervene: interventions of type ${typeof intervention} are not implemented; give a number or a tensor at site '${msg.name}'`);
    }
    msg.isObserved = true;
    msg.stop = true;
  }
}

/**
 * Pyro's `poutine.do(fn, data)` (named `intervene` because `do` is reserved):
 * sample sites named in `data` are sampled as usual but the program uses
 * the intervention value downstream.
 */
export function intervene<A extends unknown[], R>(fn: (...args: A) => R, data: Record<string, Tensor | TensorLike | null | undefined>): (...args: A) => R {
  return new InterveneMessenger(data).wrap(fn);
}
