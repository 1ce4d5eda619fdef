// The distribution of a plate's site: a random subset of indices.
import { tf, randomNumber } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Distribution, NotImplementedError } from '@pyro-ts/distributions';

/**
 * Draws `subsampleSize` distinct indices of `0 .. size-1` in random order
 * (all of them, in order, without a subsample size), as int32. Its
 * `logProb` is 0, so a plate site adds nothing to a model's density. Used
 * only by plates (Pyro's `_Subsample`); draws use the library's seeded
 * generator (`setRngSeed`).
 */
export class Subsample extends Distribution {
  constructor(
    readonly size: number,
    readonly subsampleSize: number | undefined,
  ) {
    super([], [], { validateArgs: false });
  }

  override get className(): string {
    return '_Subsample';
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    if (sampleShape.length > 0) throw new NotImplementedError('_Subsample.sample: sampleShape is not supported');
    const n = this.size;
    const k = this.subsampleSize;
    if (k === undefined || k >= n) return tf.range(0, n, 1, 'int32');
    // the first k entries of a uniformly random permutation (Fisher-Yates)
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(randomNumber() * (n - i));
      const t = perm[i] as number;
      perm[i] = perm[j] as number;
      perm[j] = t;
    }
    return tf.tensor1d(perm.subarray(0, k), 'int32');
  }

  override logProb(_value: unknown): Tensor {
    return tf.scalar(0);
  }

  override toString(): string {
    return `_Subsample(size: ${this.size}, subsample_size: ${this.subsampleSize ?? 'None'})`;
  }
}

/** Whether `fn` is a plate's subsample distribution (Pyro's `site_is_subsample` test). */
export function isSubsample(fn: unknown): boolean {
  return (fn as { className?: unknown } | null)?.className === '_Subsample';
}
