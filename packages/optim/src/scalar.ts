// A float32 scalar tensor from a number, made directly from a typed array
// (cheaper than letting each op convert a JS number operand, which infers its
// dtype first; an optimizer step uses several per parameter). The value is
// rounded to float32 as torch rounds a Python float operand of a float32
// tensor op. Call it inside `tf.tidy`.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';

export function f32(value: number): Tensor {
  return tf.tensor(new Float32Array([value]), [], 'float32');
}
