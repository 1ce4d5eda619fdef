// Seeding the random number generator for a run (Pyro's `poutine.seed`).
import { getRngState, setRngSeed, setRngState } from '@pyro-ts/tensor';
import { Messenger } from './messenger.js';

/**
 * Pyro's `SeedMessenger`: seeds the library's generator on entry and
 * restores the previous generator state on exit. It does not go on the
 * handler stack.
 */
export class SeedMessenger extends Messenger {
  private saved: number[] = [];

  constructor(readonly rngSeed: number) {
    super();
    if (!Number.isInteger(rngSeed)) throw new Error(`seed: rngSeed must be an integer, got ${rngSeed}`);
  }

  override enter(): this {
    this.saved.push(getRngState());
    setRngSeed(this.rngSeed);
    return this;
  }

  override exit(_failed = false): void {
    const s = this.saved.pop();
    if (s !== undefined) setRngState(s);
  }
}

/** Pyro's `poutine.seed(fn, rngSeed)`: each call of `fn` draws from a generator seeded with `rngSeed`. */
export function seed<A extends unknown[], R>(fn: (...args: A) => R, rngSeed: number): (...args: A) => R {
  return new SeedMessenger(rngSeed).wrap(fn);
}
