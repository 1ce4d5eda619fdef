// Pyro's `warn_if_nan` / `warn_if_inf` for validation: each reads one
// number back from the device.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';

/** Warns when `x` has a NaN entry. */
export function warnIfNan(x: Tensor, what: string): void {
  const bad = tf.tidy(() => tf.any(tf.isNaN(x)).dataSync()[0]);
  if (bad) console.warn(`Encountered NaN: ${what}`);
}

/** Warns when `x` has a +Infinity entry (or -Infinity unless `allowNegInf`). */
export function warnIfInf(x: Tensor, what: string, allowNegInf = false): void {
  const [pos, neg] = tf.tidy(() => {
    const inf = tf.isInf(x);
    return [tf.any(tf.logicalAnd(inf, tf.greater(x, 0))).dataSync()[0], tf.any(tf.logicalAnd(inf, tf.less(x, 0))).dataSync()[0]];
  });
  if (pos) console.warn(`Encountered +inf: ${what}`);
  if (neg && !allowNegInf) console.warn(`Encountered -inf: ${what}`);
}

/** `warnIfNan` and `warnIfInf` with one read-back. */
export function warnIfNonFinite(x: Tensor, what: string, allowNegInf = false): void {
  const flags = tf.tidy(() => {
    const inf = tf.isInf(x);
    return tf
      .stack([tf.any(tf.isNaN(x)), tf.any(tf.logicalAnd(inf, tf.greater(x, 0))), tf.any(tf.logicalAnd(inf, tf.less(x, 0)))])
      .dataSync();
  });
  if (flags[0]) console.warn(`Encountered NaN: ${what}`);
  if (flags[1]) console.warn(`Encountered +inf: ${what}`);
  if (flags[2] && !allowNegInf) console.warn(`Encountered -inf: ${what}`);
}
