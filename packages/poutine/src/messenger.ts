// The Messenger base class: a handler that, while installed on the stack,
// sees every message of the primitive statements run inside it.
import type { Message } from './message.js';
import { getStack, type StackFrame } from './runtime.js';

const WRAPPED = Symbol.for('@pyro-ts/poutine.wrapped');

/** Throws when a model or guide returned a promise: handlers need synchronous code. */
export function checkSynchronous(result: unknown, what: string): void {
  if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof (result as { then?: unknown }).then === 'function') {
    const p = result as Promise<unknown>;
    if (typeof p.catch === 'function') p.catch(() => undefined);
    throw new TypeError(
      `${what} returned a Promise: models and guides must be synchronous, because the handler stack is global ` +
        'and tf.tidy cannot span an await. Load data and read results back between steps, outside the model.',
    );
  }
}

/**
 * Base class of every effect handler (Pyro's `Messenger`). Subclasses
 * override `processMessage` (called on the way in, innermost handler first)
 * and `postprocessMessage` (on the way out), switching on `msg.type`.
 *
 * Use `run(fn)` for a scope (Python's `with`), `wrap(fn)` to get a function
 * that runs under this handler each time it is called, or `enter()` /
 * `exit()` for code that opens a run-time number of scopes.
 */
export class Messenger implements StackFrame {
  processMessage(_msg: Message): void {}

  postprocessMessage(_msg: Message): void {}

  /** Installs this handler as the innermost one; returns it. */
  enter(): this {
    const stack = getStack();
    if (stack.includes(this)) throw new Error(`cannot install a ${this.constructor.name} instance twice: create a new handler for a nested scope`);
    stack.push(this);
    return this;
  }

  /**
   * Removes this handler. It must be the innermost one unless `failed` (the
   * scope threw): then it is removed with every handler entered after it.
   */
  exit(failed = false): void {
    const stack = getStack();
    if (!failed) {
      if (stack[stack.length - 1] === this) {
        stack.pop();
        return;
      }
      throw new Error(`${this.constructor.name}.exit(): this handler is not the innermost one on the stack; exit handlers in the reverse order of entering them`);
    }
    const i = stack.indexOf(this);
    if (i >= 0) stack.length = i;
  }

  /** Runs `fn` with this handler installed (Python's `with handler:`), removing it in `finally`. */
  run<T>(fn: () => T): T {
    this.enter();
    let result: T;
    try {
      result = fn();
    } catch (e) {
      this.exit(true);
      throw e;
    }
    this.exit();
    checkSynchronous(result, 'a function run under a handler');
    return result;
  }

  /** A function that calls `fn` with this handler installed (Pyro's `messenger(fn)`). */
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    const wrapped = (...args: A): R => this.run(() => fn(...args));
    Object.defineProperty(wrapped, WRAPPED, { value: fn });
    return wrapped;
  }

  /** Forgets per-run state (Pyro's `_reset`); called on the frames a `NonlocalExit` unwinds. */
  reset(): void {}

  plateDim(): { name: string; dim: number } | null {
    return null;
  }

  hides(_msg: Message): boolean {
    return false;
  }
}

/** The function a chain of handlers wraps (Pyro's `poutine.unwrap`). */
export function unwrap<F>(fn: F): F {
  let f: unknown = fn;
  while (typeof f === 'function' && (f as unknown as Record<symbol, unknown>)[WRAPPED] !== undefined) f = (f as unknown as Record<symbol, unknown>)[WRAPPED];
  return f as F;
}

/** Marks `wrapper` as wrapping `fn` (for `unwrap`). */
export function markWrapped<W extends object>(wrapper: W, fn: unknown): W {
  Object.defineProperty(wrapper, WRAPPED, { value: fn });
  return wrapper;
}
