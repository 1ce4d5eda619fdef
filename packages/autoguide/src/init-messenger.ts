// InitMessenger: latent sample sites take their value from an
// initialization strategy (Pyro's `InitMessenger`).
import { tf, detach, formatShape, shapesEqual } from '@pyro-ts/tensor';
import { Messenger, isSubsample, isValidationEnabled, own } from '@pyro-ts/poutine';
import type { Message } from '@pyro-ts/poutine';
import type { InitFn } from './initialization.js';
import { helpfulSupportErrors } from './utils.js';

/**
 * Pyro's `InitMessenger(init_fn)`: each sample site that has no value yet
 * (not observed, replayed or substituted; not a plate's site) gets
 * `initFn(site)`, detached, instead of a draw. Mainly for the autoguides,
 * which run their model under it to find initial values:
 * `new InitMessenger(initToMedian).wrap(model)`.
 *
 * Memory: the value is a new tensor, owned by the trace that records the
 * site (values from `initToValue` stay the caller's).
 */
export class InitMessenger extends Messenger {
  constructor(readonly initFn: InitFn) {
    super();
    if (typeof initFn !== 'function') throw new TypeError('InitMessenger: initFn must be a function of a sample site');
  }

  override processMessage(msg: Message): void {
    if (msg.type !== 'sample' || msg.value !== undefined || isSubsample(msg.fn)) return;
    const value = helpfulSupportErrors(msg, () => tf.tidy(() => detach(this.initFn(msg))));
    if (isValidationEnabled()) {
      const expected = msg.fn.shape();
      if (!shapesEqual(value.shape, expected)) {
        value.dispose();
        throw new Error(
          `${this.initFn.name || 'the init function'} provided invalid shape for site ${msg.name}:\nexpected ${formatShape(expected)}\nactual ${formatShape(value.shape)}`,
        );
      }
    }
    msg.value = value;
    own(msg, value);
  }
}
