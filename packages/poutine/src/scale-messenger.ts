// Scaling log-probabilities (Pyro's `poutine.scale`).
import { tf, isTensor } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Message, ScaleValue } from './message.js';
import { Messenger } from './messenger.js';
import { isValidationEnabled } from './runtime.js';
import { multiplyScale } from './scale-and-mask.js';

/** Pyro's `ScaleMessenger`: multiplies every site's scale by `scale` (> 0). */
export class ScaleMessenger extends Messenger {
  readonly scale: ScaleValue;

  constructor(scale: number | Tensor) {
    super();
    if (isTensor(scale)) {
      if (isValidationEnabled() && !tf.tidy(() => tf.all(tf.greater(scale, 0)).dataSync()[0])) {
        throw new Error(`Expected scale > 0 but got a tensor of shape [${scale.shape}] with entries <= 0. Consider using poutine's mask() instead of scale().`);
      }
    } else if (!(scale > 0)) {
      throw new Error(`Expected scale > 0 but got ${scale}`);
    }
    this.scale = scale;
  }

  override processMessage(msg: Message): void {
    msg.scale = multiplyScale(this.scale, msg.scale, msg);
  }
}

/** Pyro's `poutine.scale(fn, scale)`: runs `fn` with every log-probability multiplied by `scale`. */
export function scale<A extends unknown[], R>(fn: (...args: A) => R, scaleValue: number | Tensor): (...args: A) => R {
  return new ScaleMessenger(scaleValue).wrap(fn);
}
