// Masking log-probabilities (Pyro's `poutine.mask`).
import { isTensor } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { MaskValue, Message } from './message.js';
import { Messenger } from './messenger.js';
import { andMask } from './scale-and-mask.js';

/** Pyro's `MaskMessenger`: and-combines every site's mask with `mask`. */
export class MaskMessenger extends Messenger {
  readonly mask: MaskValue;

  constructor(mask: boolean | Tensor) {
    super();
    if (isTensor(mask)) {
      if (mask.dtype !== 'bool') throw new Error(`Expected mask to be a bool tensor but got dtype ${mask.dtype}; use tf.cast(m, 'bool') or a comparison`);
    } else if (mask !== true && mask !== false) {
      throw new Error(`Expected mask to be a boolean but got ${typeof mask}`);
    }
    this.mask = mask;
  }

  override processMessage(msg: Message): void {
    msg.mask = msg.mask === null ? this.mask : andMask(msg.mask, this.mask, msg);
  }
}

/**
 * Pyro's `poutine.mask(fn, mask)`: runs `fn` with the log-probabilities of
 * its sites zeroed where `mask` (a boolean or a bool tensor broadcastable to
 * the sites' batch shapes) is false.
 */
export function mask<A extends unknown[], R>(fn: (...args: A) => R, maskValue: boolean | Tensor): (...args: A) => R {
  return new MaskMessenger(maskValue).wrap(fn);
}
