// `plate` and `plateStack`: conditional independence contexts.
import type { Tensor } from '@pyro-ts/tensor';
import { PlateMessenger, type PlateOptions } from '@pyro-ts/poutine';

/**
 * Pyro's `pyro.plate(name, size, subsample_size=..., subsample=..., dim=...)`.
 *
 * - `plate(name, size, options?, (ind) => { ... })`: a vectorized plate as
 *   a callback scope; `ind` holds the (sub)sample indices. Returns the
 *   callback's value.
 * - `plate(name, size, options?)`: the PlateMessenger, for the other forms:
 *   `for (const i of plate('data', n)) { ... }` (sequential),
 *   `.forEach((i) => ...)`, `.run((ind) => ...)`, or `enter()` / `exit()`
 *   for a run-time number of nested plates.
 *
 * Inside a vectorized plate, sample sites are broadcast to its size at its
 * dim (the rightmost dim that enclosing plates leave free, unless `dim` is
 * given) and their log-probabilities scaled by `size / subsampleSize`.
 */
export function plate(name: string, size: number, options?: PlateOptions): PlateMessenger;
export function plate<T>(name: string, size: number, fn: (indices: Tensor) => T): T;
export function plate<T>(name: string, size: number, options: PlateOptions, fn: (indices: Tensor) => T): T;
export function plate<T>(name: string, size: number, a?: PlateOptions | ((indices: Tensor) => T), b?: (indices: Tensor) => T): PlateMessenger | T {
  const fn = typeof a === 'function' ? a : b;
  const options = typeof a === 'function' ? {} : (a ?? {});
  const p = new PlateMessenger(name, size, options);
  if (fn === undefined) return p;
  try {
    return p.run(fn);
  } finally {
    p.dispose();
  }
}

/**
 * Pyro's `pyro.plate_stack(prefix, sizes, rightmost_dim=-1)`: nested plates
 * `<prefix>_0`, `<prefix>_1`, ... over contiguous dims ending at
 * `rightmostDim`, the last size rightmost. Runs `fn` inside them.
 */
export function plateStack<T>(prefix: string, sizes: readonly number[], fn: () => T, options: { rightmostDim?: number } = {}): T {
  const rightmost = options.rightmostDim ?? -1;
  if (!(rightmost < 0)) throw new Error(`plateStack: rightmostDim must be negative, got ${rightmost}`);
  const plates = [...sizes].reverse().map((size, i) => new PlateMessenger(`${prefix}_${i}`, size, { dim: rightmost - i }));
  const entered: PlateMessenger[] = [];
  let failed = true;
  try {
    for (const p of plates) entered.push(p.enter());
    const out = fn();
    failed = false;
    return out;
  } finally {
    for (let i = entered.length - 1; i >= 0; i--) (entered[i] as PlateMessenger).exit(failed);
    for (const p of plates) p.dispose();
  }
}
