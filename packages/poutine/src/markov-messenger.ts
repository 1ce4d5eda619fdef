// Markov dependency declarations (Pyro's `pyro.markov`).
import type { Message } from './message.js';
import { ReentrantMessenger } from './reentrant-messenger.js';
import { isSubsample } from './subsample.js';

export interface MarkovOptions {
  /** How many previous contexts are visible from the current one (default 1; 0 behaves like a plate). */
  history?: number;
  /** Keep frames replayable, so that neighbouring branches at the same level may depend on each other. */
  keep?: boolean;
  /** Reserved: vectorized markov (not implemented, as in Pyro). */
  dim?: number;
  /** Reserved: vectorized markov (not implemented, as in Pyro). */
  name?: string;
}

/**
 * Pyro's `MarkovMessenger`: each (nested) entry is one step of a chain;
 * a sample site records in `infer._markovScope` the sites of the last
 * `history` steps it may depend on, and in `infer._markovDepth` its depth.
 * Enumeration uses this to recycle enumeration dims.
 */
export class MarkovMessenger extends ReentrantMessenger {
  readonly history: number;
  readonly keep: boolean;
  private pos = -1;
  private readonly steps: Array<Set<string>> = [];

  constructor(options: MarkovOptions = {}) {
    super();
    const history = options.history ?? 1;
    if (!Number.isInteger(history) || history < 0) throw new Error(`markov: history must be a nonnegative integer, got ${history}`);
    if (options.dim !== undefined || options.name !== undefined) {
      throw new Error('vectorized markov not yet implemented, try leaving dim and name unset');
    }
    this.history = history;
    this.keep = options.keep ?? false;
  }

  override enter(): this {
    this.pos++;
    if (this.steps.length <= this.pos) this.steps.push(new Set());
    return super.enter();
  }

  override exit(failed = false): void {
    if (!this.keep) this.steps.pop();
    this.pos--;
    super.exit(failed);
  }

  /** Iterates `iterable`, each value inside one more nested step (Pyro's `markov(range(n))`). */
  *iterate<T>(iterable: Iterable<T>): Generator<T, void, undefined> {
    let depth = 0;
    let failed = true;
    try {
      for (const v of iterable) {
        this.enter();
        depth++;
        yield v;
      }
      failed = false;
    } finally {
      for (; depth > 0; depth--) this.exit(failed);
    }
  }

  override processMessage(msg: Message): void {
    if (msg.type !== 'sample' || msg.done || isSubsample(msg.fn)) return;
    const infer = msg.infer;
    const scope = (infer._markovScope ??= new Map<string, number>());
    for (let p = Math.max(0, this.pos - this.history); p <= this.pos; p++) {
      for (const name of this.steps[p] ?? []) scope.set(name, (scope.get(name) ?? 0) + 1);
    }
    infer._markovDepth = 1 + (infer._markovDepth ?? 0);
    this.steps[this.pos]?.add(msg.name);
  }
}

function rangeOf(n: number | Iterable<number>): Iterable<number> {
  if (typeof n !== 'number') return n;
  if (!Number.isInteger(n) || n < 0) throw new Error(`markov: expected a nonnegative integer length, got ${n}`);
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * Markov dependency declaration (Pyro's `pyro.markov` / `poutine.markov`):
 *
 * - `markov(fn, options?)`: a function that runs `fn` as one more step
 *   (for recursive functions; Pyro's decorator form);
 * - `markov(n | iterable, options?)`: an iterable whose each value is
 *   yielded one step deeper: `for (const t of markov(T)) { ... }`;
 * - `markov(n | iterable, body, options?)`: runs `body(t)` for each value,
 *   each one step deeper.
 *
 * A number `n` stands for `0, 1, ..., n - 1`.
 */
export function markov<A extends unknown[], R>(fn: (...args: A) => R, options?: MarkovOptions): (...args: A) => R;
export function markov<T = number>(iterable: number | Iterable<T>, options?: MarkovOptions): Iterable<T>;
export function markov<T = number>(iterable: number | Iterable<T>, body: (value: T) => void, options?: MarkovOptions): void;
export function markov(a: unknown, b?: unknown, c?: unknown): unknown {
  if (typeof a === 'function') return new MarkovMessenger((b as MarkovOptions | undefined) ?? {}).wrap(a as (...args: unknown[]) => unknown);
  const iterable = rangeOf(a as number | Iterable<number>);
  if (typeof b === 'function') {
    const m = new MarkovMessenger((c as MarkovOptions | undefined) ?? {});
    for (const v of m.iterate(iterable)) (b as (v: unknown) => void)(v);
    return undefined;
  }
  return new MarkovMessenger((b as MarkovOptions | undefined) ?? {}).iterate(iterable);
}
