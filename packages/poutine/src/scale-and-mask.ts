// Scaling and masking log-probabilities (Pyro's `scale_and_mask`), and
// combining the scales and masks that nested handlers put on a message.
import { tf, isTensor, broadcastShapes, shapesEqual } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { MaskValue, Message, ScaleValue } from './message.js';
import { own } from './runtime.js';

/**
 * `tensor * scale`, zeroed where `mask` is false (Pyro's `scale_and_mask`).
 * Returns `tensor` itself when there is nothing to do (scale the number 1
 * and no mask); otherwise a new tensor, broadcast against the mask.
 */
export function scaleAndMask(tensor: Tensor, scale: ScaleValue = 1, mask: MaskValue | null = null): Tensor {
  if (mask === null && scale === 1) return tensor;
  return tf.tidy(() => {
    const scaled = scale === 1 ? tf.clone(tensor) : tf.mul(tensor, scale);
    if (mask === null || mask === true) return scaled;
    if (mask === false) return tf.zerosLike(tensor);
    const m = mask.dtype === 'bool' ? mask : tf.notEqual(mask, 0);
    const shape = broadcastShapes(scaled.shape, m.shape);
    const mb = shapesEqual(m.shape, shape) ? m : tf.broadcastTo(m, shape);
    const sb = shapesEqual(scaled.shape, shape) ? scaled : tf.broadcastTo(scaled, shape);
    return tf.where(mb, sb, tf.zerosLike(sb));
  });
}

/** `a * b` for scales; a tensor product is recorded as owned by `msg`. */
export function multiplyScale(a: ScaleValue, b: ScaleValue, msg: Message): ScaleValue {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (a === 1) return b;
  if (b === 1) return a;
  const t = tf.mul(a, b);
  own(msg, t);
  return t;
}

/** `a & b` for masks (null: no mask); a new tensor is recorded as owned by `msg`. */
export function andMask(a: MaskValue | null, b: MaskValue, msg: Message): MaskValue {
  if (a === null || a === true) return b;
  if (b === true) return a;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a && b;
  const t = tf.tidy(() => tf.logicalAnd(asBool(a), asBool(b)));
  own(msg, t);
  return t;
}

function asBool(m: MaskValue): Tensor {
  if (!isTensor(m)) return tf.scalar(m, 'bool');
  return m.dtype === 'bool' ? m : tf.notEqual(m, 0);
}
