// Leaving a run from inside a site (Pyro's `NonlocalExit`), used by `escape`.
import type { Message } from './message.js';
import { getStack } from './runtime.js';

/** Thrown by an `escape` handler's continuation; carries the site it stopped at. */
export class NonlocalExit extends Error {
  constructor(readonly site: Message) {
    super(`nonlocal exit at site '${site.name}'`);
    this.name = 'NonlocalExit';
  }

  /**
   * Resets the handlers still on the stack, innermost first, up to the first
   * one that hides the site (Pyro's `reset_stack`; needed before re-running
   * under the same handlers, as `queue` does).
   */
  resetStack(): void {
    const stack = getStack();
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i];
      if (f === undefined) continue;
      f.reset();
      if (f.hides(this.site)) break;
    }
  }
}
