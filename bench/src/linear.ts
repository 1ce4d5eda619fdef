// A fully connected layer as plain tf.Variables (registered with pyro-ts's
// `module`), initialized as torch's nn.Linear: weight and bias uniform in
// ±1/sqrt(fan_in), here from mulberry32 so that runs are reproducible.
import { tf } from '@pyro-ts/tensor';
import type { Tensor, Variable } from '@pyro-ts/tensor';
import { mulberry32 } from './data.js';

export interface Linear {
  [name: string]: Variable;
  /** [in, out] (the transpose of torch's weight) */
  weight: Variable;
  /** [out] */
  bias: Variable;
}

/** A new Linear(fanIn → fanOut) with torch's default initialization drawn from mulberry32(seed). */
export function makeLinear(fanIn: number, fanOut: number, seed: number): Linear {
  const r = mulberry32(seed);
  const bound = 1 / Math.sqrt(fanIn);
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = (2 * r() - 1) * bound;
  const b = new Float32Array(fanOut);
  for (let i = 0; i < b.length; i++) b[i] = (2 * r() - 1) * bound;
  return tf.tidy(() => ({ weight: tf.variable(tf.tensor2d(w, [fanIn, fanOut])), bias: tf.variable(tf.tensor1d(b)) }));
}

/** x·W + b for x [..., in]. */
export function linear(layer: Linear, x: Tensor): Tensor {
  return tf.tidy(() => {
    const lead = x.shape.slice(0, -1);
    const flat = x.rank === 2 ? x : tf.reshape(x, [-1, x.shape[x.rank - 1] as number]);
    const y = tf.add(tf.matMul(flat, layer.weight), layer.bias);
    return x.rank === 2 ? y : tf.reshape(y, [...lead, layer.bias.shape[0] as number]);
  });
}
