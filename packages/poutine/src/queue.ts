// Sequential enumeration of executions (Pyro's `poutine.queue`).
import { tf } from '@pyro-ts/tensor';
import type { Message, SampleMessage } from './message.js';
import { NonlocalExit } from './nonlocal-exit.js';
import { escape } from './escape-messenger.js';
import { replay } from './replay-messenger.js';
import { trace } from './trace-messenger.js';
import type { Trace } from './trace.js';
import { discreteEscape } from './util.js';

/** A queue of partial traces (Python's `queue.Queue` as Pyro uses it). */
export interface TraceQueue {
  get(): Trace;
  put(trace: Trace): void;
  empty(): boolean;
}

/** A first-in first-out TraceQueue. */
export class FifoTraceQueue implements TraceQueue {
  private readonly items: Trace[] = [];
  get(): Trace {
    const t = this.items.shift();
    if (t === undefined) throw new Error('FifoTraceQueue.get: the queue is empty');
    return t;
  }
  put(trace: Trace): void {
    this.items.push(trace);
  }
  empty(): boolean {
    return this.items.length === 0;
  }
  get size(): number {
    return this.items.length;
  }
}

export type ExtendFn = (trace: Trace, msg: Message, numSamples: number) => Trace[];

function addSite(trace: Trace, msg: SampleMessage, value: tf.Tensor): Trace {
  const copy: SampleMessage = { ...msg, value, owned: [value] };
  const t = trace.copy();
  t.addNode(msg.name, copy);
  return t;
}

/**
 * One extended trace per value of the site's support, at most
 * `numSamples + 1` of them when `numSamples >= 0` (Pyro's `enum_extend`).
 */
export function enumExtend(trace: Trace, msg: Message, numSamples = -1): Trace[] {
  if (msg.type !== 'sample') throw new Error(`enumExtend: site '${msg.name}' is not a sample site`);
  const support = msg.fn.enumerateSupport();
  const values = tf.unstack(support);
  support.dispose();
  const out: Trace[] = [];
  values.forEach((v, i) => {
    if (numSamples >= 0 && i > numSamples) v.dispose();
    else out.push(addSite(trace, msg, v));
  });
  return out;
}

/** `numSamples` (default 1) extended traces with values drawn from the site's distribution (Pyro's `mc_extend`). */
export function mcExtend(trace: Trace, msg: Message, numSamples = 1): Trace[] {
  if (msg.type !== 'sample') throw new Error(`mcExtend: site '${msg.name}' is not a sample site`);
  const n = numSamples < 0 ? 1 : numSamples;
  const out: Trace[] = [];
  for (let i = 0; i < n; i++) out.push(addSite(trace, msg, msg.fn.hasRsample ? msg.fn.rsample() : msg.fn.sample()));
  return out;
}

export interface QueueOptions {
  queue: TraceQueue;
  maxTries?: number;
  extendFn?: ExtendFn;
  escapeFn?: (trace: Trace, msg: Message) => boolean;
  numSamples?: number;
}

/**
 * Pyro's `poutine.queue`: each call takes a partial trace from the queue,
 * replays it and runs until the first site `escapeFn` selects; the
 * extensions of the partial trace at that site go back into the queue, and
 * the first complete run's return value is returned.
 */
export function queue<A extends unknown[], R>(fn: (...args: A) => R, options: QueueOptions): (...args: A) => R {
  const q = options.queue;
  const maxTries = options.maxTries ?? 1e6;
  const extendFn = options.extendFn ?? enumExtend;
  const escapeFn = options.escapeFn ?? discreteEscape;
  const numSamples = options.numSamples ?? -1;
  return (...args: A): R => {
    for (let i = 0; i < maxTries; i++) {
      if (q.empty()) throw new Error('queue: trying to get() from an empty queue');
      const next = q.get();
      const ftr = trace(escape(replay(fn, { trace: next }), (msg) => escapeFn(next, msg)));
      try {
        return ftr(...args);
      } catch (e) {
        if (!(e instanceof NonlocalExit)) throw e;
        e.resetStack();
        for (const t of extendFn(ftr.trace.copy(), e.site, numSamples)) q.put(t);
      }
    }
    throw new Error(`max tries (${maxTries}) exceeded`);
  };
}
