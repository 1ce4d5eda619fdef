// Replaying sample values from a trace (e.g. a guide's) into a model.
import type { Tensor } from '@pyro-ts/tensor';
import type { Message } from './message.js';
import { Messenger } from './messenger.js';
import { Trace } from './trace.js';

export interface ReplayOptions {
  /** Latent sample sites of this name take the trace's value (and `infer`). */
  trace?: Trace;
  /** Param sites of these names take these (constrained) values. */
  params?: Record<string, Tensor>;
}

/** Pyro's `ReplayMessenger`. */
export class ReplayMessenger extends Messenger {
  readonly trace: Trace | undefined;
  readonly params: Record<string, Tensor> | undefined;

  constructor(options: ReplayOptions | Trace) {
    super();
    const o: ReplayOptions = options instanceof Trace ? { trace: options } : options;
    if (o.trace === undefined && o.params === undefined) throw new Error('replay: give a trace or params to replay against');
    this.trace = o.trace;
    this.params = o.params;
  }

  override processMessage(msg: Message): void {
    if (msg.type === 'sample') {
      if (this.trace === undefined) return;
      const guide = this.trace.nodes.get(msg.name);
      if (guide === undefined || msg.isObserved) return;
      if (guide.type !== 'sample' || guide.isObserved) {
        throw new Error(`replay: site '${msg.name}' must be a latent sample site in the replayed trace, but it is ${guide.type === 'sample' ? 'observed' : `a ${guide.type} site`} there`);
      }
      msg.done = true;
      msg.value = guide.value;
      msg.infer = guide.infer;
    } else if (msg.type === 'param') {
      const v = this.params?.[msg.name];
      if (v === undefined) return;
      msg.done = true;
      msg.value = v;
    }
  }
}

/**
 * Pyro's `poutine.replay(fn, trace=..., params=...)`: runs `fn` with its
 * latent sample sites set to the values of the same sites in `trace` (and
 * its params to `params`). `replay(model, guideTrace)` is short for
 * `replay(model, { trace: guideTrace })`.
 */
export function replay<A extends unknown[], R>(fn: (...args: A) => R, options: ReplayOptions | Trace): (...args: A) => R {
  return new ReplayMessenger(options).wrap(fn);
}
