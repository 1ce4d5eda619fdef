// tf.tidy for results that are not tensor containers.
import { tf } from '@pyro-ts/tensor';

/**
 * Runs `fn` inside `tf.tidy` and returns its result as is. Unlike
 * `tf.tidy`'s return value, tensors in the result are not kept: `fn` keeps
 * (`tf.keep`) what must outlive the scope.
 */
export function tidyValue<T>(fn: () => T): T {
  let out: { value: T } | undefined;
  tf.tidy(() => {
    out = { value: fn() };
  });
  return (out as unknown as { value: T }).value;
}
