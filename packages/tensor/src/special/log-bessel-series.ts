// Pyro's log_I1: log I_v(x) for v = 0..orders by the power series
//   I_v(x) = sum_k (x/2)^(2k+v) / (k! (v+k)!)        (A&S 9.6.10)
// summed in log space over `terms` terms.
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import { asTensor } from '../shape.js';
import { type TensorInput, checkInteger } from './internal.js';
import { logsumexp } from './log-space.js';

/** log k! + log (v+k)! for v = 0..orders, k = 0..terms-1, as float64 then float32, shape [orders+1, 1, terms]. */
function logFactorialTable(orders: number, terms: number): Tensor {
  const logFact = new Float64Array(orders + terms);
  for (let j = 1; j < logFact.length; j++) logFact[j] = (logFact[j - 1] as number) + Math.log(j);
  const table = new Float32Array((orders + 1) * terms);
  for (let v = 0; v <= orders; v++)
    for (let k = 0; k < terms; k++) table[v * terms + k] = (logFact[k] as number) + (logFact[v + k] as number);
  return tf.tensor3d(table, [orders + 1, 1, terms], 'float32');
}

export interface LogI1Options {
  /** Number of series terms (Pyro's default 250). */
  terms?: number;
}

/**
 * log I_v(x) for every order v = 0, 1, ..., `orders`, stacked on a new
 * leading axis (pyro.ops.special.log_I1): the result has shape
 * [orders + 1, ...x.shape], and [orders + 1, 1] for a scalar x, as in Pyro.
 * Each order is v log(x/2) + logsumexp_k(2k log(x/2) - log k! - log (v+k)!)
 * over `terms` terms, so it is exact for x up to about terms/2 and needs
 * x > 0 (x = 0 gives NaN, as in Pyro). Differentiable in x.
 */
export function logI1(orders: number, x: TensorInput, options: LogI1Options = {}): Tensor {
  const terms = options.terms ?? 250;
  checkInteger('logI1', 'orders', orders, 0);
  checkInteger('logI1', 'terms', terms, 1);
  return tf.tidy(() => {
    const value = asTensor(x);
    const vshape = value.rank === 0 ? [1] : value.shape;
    const logHalf = tf.log(tf.div(tf.reshape(value, [-1, 1]), 2)); // [F, 1]
    const lvalues = tf.mul(logHalf, tf.range(0, terms, 1, 'float32')); // [F, terms]: k log(x/2)
    const exponents = tf.sub(tf.mul(tf.expandDims(lvalues, 0), 2), logFactorialTable(orders, terms)); // [V, F, terms]
    const sums = logsumexp(exponents, -1); // [V, F]
    const lead = tf.mul(tf.reshape(tf.range(0, orders + 1, 1, 'float32'), [orders + 1, 1]), tf.reshape(logHalf, [1, -1]));
    return tf.reshape(tf.add(lead, sums), [orders + 1, ...vshape]);
  });
}
