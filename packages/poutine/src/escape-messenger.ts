// Leaving a run at a chosen site (Pyro's `poutine.escape`).
import type { Message } from './message.js';
import { Messenger } from './messenger.js';
import { NonlocalExit } from './nonlocal-exit.js';

/** Pyro's `EscapeMessenger`: at a sample site where `escapeFn(msg)` holds, throws `NonlocalExit(msg)` after the stack has seen it. */
export class EscapeMessenger extends Messenger {
  constructor(readonly escapeFn: (msg: Message) => boolean) {
    super();
  }

  override processMessage(msg: Message): void {
    if (msg.type !== 'sample' || !this.escapeFn(msg)) return;
    msg.done = true;
    msg.stop = true;
    msg.continuation = (m: Message) => {
      throw new NonlocalExit(m);
    };
  }
}

/** Pyro's `poutine.escape(fn, escapeFn)`. */
export function escape<A extends unknown[], R>(fn: (...args: A) => R, escapeFn: (msg: Message) => boolean): (...args: A) => R {
  return new EscapeMessenger(escapeFn).wrap(fn);
}
