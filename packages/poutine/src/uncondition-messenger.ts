// Turning observed sites into latent ones (Pyro's `poutine.uncondition`).
import type { Message } from './message.js';
import { Messenger } from './messenger.js';

/**
 * Pyro's `UnconditionMessenger`: an observed sample site is sampled instead;
 * the observation is kept in `infer.obs` with `infer.wasObserved = true`.
 */
export class UnconditionMessenger extends Messenger {
  override processMessage(msg: Message): void {
    if (msg.type !== 'sample' || !msg.isObserved) return;
    msg.isObserved = false;
    msg.infer.wasObserved = true;
    msg.infer.obs = msg.value;
    msg.value = undefined;
    msg.done = false;
  }
}

/** Pyro's `poutine.uncondition(fn)`: runs `fn` with every observed site sampled instead. */
export function uncondition<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return new UnconditionMessenger().wrap(fn);
}
