// Helpers shared by the autoguides (Pyro's `pyro/infer/autoguide/utils.py`
// and `pyro.ops.tensor_utils.periodic_repeat`).
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { NotImplementedError } from '@pyro-ts/distributions';
import type { SampleMessage } from '@pyro-ts/poutine';

/** The number of elements of a shape (Pyro's `_product`). */
export function product(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Repeats `x` periodically along `dim` (negative: counted from the right)
 * up to `size` entries: entry `i` is entry `i mod n` of `x` (Pyro's
 * `periodic_repeat`). Used to grow a subsampled initial value to the full
 * plate size. Returns a new tensor.
 */
export function periodicRepeat(x: Tensor, size: number, dim: number): Tensor {
  const axis = dim < 0 ? x.rank + dim : dim;
  if (axis < 0 || axis >= x.rank) throw new Error(`periodicRepeat: dim ${dim} is out of range for a tensor of rank ${x.rank}`);
  const n = x.shape[axis] as number;
  return tf.tidy(() => {
    const idx = tf.tensor1d(
      Array.from({ length: size }, (_, i) => i % n),
      'int32',
    );
    return tf.gather(x, idx, axis);
  });
}

/**
 * Runs `fn`, turning the `NotImplementedError` of a support that has no
 * transform into Pyro's explanation (discrete or spherical sites cannot be
 * handled by continuous guides; Pyro's `helpful_support_errors`).
 */
export function helpfulSupportErrors<T>(site: Pick<SampleMessage, 'name' | 'fn'>, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof NotImplementedError)) throw e;
    let support;
    try {
      support = site.fn.support;
    } catch {
      throw e;
    }
    const name = site.name;
    if (support.isDiscrete) {
      throw new Error(
        `Continuous inference cannot handle discrete sample site '${name}'. Consider enumerating that variable as documented in ` +
          'https://pyro.ai/examples/enumeration.html . If you are already enumerating, take care to hide this site when ' +
          `constructing an autoguide, e.g. guide = new AutoNormal(block(model, { hide: ['${name}'] })).`,
      );
    }
    if (String(support).toLowerCase().includes('sphere')) {
      throw new Error(
        `Continuous inference cannot handle spherical sample site '${name}'. Consider using ProjectedNormal distribution ` +
          `together with a reparameterizer, e.g. reparam(model, { config: { '${name}': new ProjectedNormalReparam() } }).`,
      );
    }
    throw e;
  }
}
