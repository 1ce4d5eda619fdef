// Parameters of constraints and transforms (bounds, loc, scale, exponent).
// Pyro keeps Python numbers as numbers and tensors as tensors; so do we. A
// parameter may also be a nested array (converted where it is used, inside
// the caller's tf.tidy, so nothing is left to dispose) or a function that
// computes a tensor from other parameters when it is used (how `interval`'s
// `upper - lower` is kept differentiable without owning a tensor).
import { tf, asTensor, isTensor } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';

export type NestedNumbers = number | NestedNumbers[];

/** A number, nested array, tensor, or a function computing a tensor when used. */
export type Param = number | NestedNumbers[] | Tensor | (() => Tensor);

/** Anything tensor-like a public method accepts. */
export type TensorInput = Tensor | number | NestedNumbers[] | Float32Array | Int32Array | Uint8Array;

/** The float32 tensor of a parameter; call inside tf.tidy. */
export function paramTensor(p: Param): Tensor {
  if (typeof p === 'function') return asTensor(p());
  return asTensor(p as Tensor | number | NestedNumbers[]);
}

/** The input as a float32 tensor; call inside tf.tidy. */
export function toTensor(x: TensorInput): Tensor {
  return asTensor(x as Tensor);
}

/** The shape a parameter has when used (numbers are scalars). */
export function paramShape(p: Param): number[] {
  if (typeof p === 'number') return [];
  if (isTensor(p)) return p.shape.slice();
  if (Array.isArray(p)) {
    const shape: number[] = [];
    let cur: NestedNumbers = p;
    while (Array.isArray(cur)) {
      shape.push(cur.length);
      cur = cur[0] as NestedNumbers;
    }
    return shape;
  }
  let shape: number[] = [];
  tf.tidy(() => {
    shape = (p as () => Tensor)().shape.slice();
  });
  return shape;
}

/** Whether a parameter is a plain JS number (Python's `numbers.Number`). */
export function isNumberParam(p: Param): p is number {
  return typeof p === 'number';
}
