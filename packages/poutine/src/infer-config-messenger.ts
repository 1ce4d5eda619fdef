// Setting per-site inference configuration (Pyro's `poutine.infer_config`).
import type { InferDict, Message } from './message.js';
import { Messenger } from './messenger.js';

/** Pyro's `InferConfigMessenger`: merges `configFn(msg)` into the `infer` of every sample and param site. */
export class InferConfigMessenger extends Messenger {
  constructor(readonly configFn: (msg: Message) => InferDict) {
    super();
  }

  override processMessage(msg: Message): void {
    if (msg.type !== 'sample' && msg.type !== 'param') return;
    Object.assign(msg.infer, this.configFn(msg));
  }
}

/** Pyro's `poutine.infer_config(fn, configFn)`. */
export function inferConfig<A extends unknown[], R>(fn: (...args: A) => R, configFn: (msg: Message) => InferDict): (...args: A) => R {
  return new InferConfigMessenger(configFn).wrap(fn);
}
