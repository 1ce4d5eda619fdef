// Broadcasting a sample site's distribution to the enclosing plates.
import { formatShape } from '@pyro-ts/tensor';
import type { Message } from './message.js';
import { Messenger } from './messenger.js';
import { isSubsample } from './subsample.js';

/**
 * Expands the distribution of a sample site so that its batch shape covers
 * every enclosing vectorized plate (size-1 and missing dims grow to the
 * plate's size). Throws when the batch shape has another size than a plate
 * at the plate's dim. Pyro's `BroadcastMessenger._pyro_sample`; every
 * plate applies it.
 */
export function broadcastSample(msg: Message): void {
  if (msg.done || msg.type !== 'sample' || isSubsample(msg.fn)) return;
  const dist = msg.fn;
  const actual = dist.batchShape;
  let target: Array<number | null> = actual.map((s) => (s === 1 ? null : s));
  for (const f of msg.condIndepStack) {
    if (f.dim === null || f.size === -1) continue;
    const missing = -f.dim - target.length;
    if (missing > 0) target = [...new Array<null>(missing).fill(null), ...target];
    const i = target.length + f.dim;
    const cur = target[i] ?? null;
    if (cur !== null && cur !== f.size) {
      throw new Error(
        `Shape mismatch inside plate('${f.name}') at site '${msg.name}' dim ${f.dim}, ${f.size} vs ${cur}: ` +
          `the distribution's batch shape ${formatShape(actual)} has size ${cur} at dim ${f.dim}, where plate '${f.name}' has size ${f.size}. ` +
          `Make that dim 1 or ${f.size} (e.g. build the distribution from parameters with ${f.size} entries there, or move them to another dim), ` +
          `or put plate '${f.name}' at another dim ({ dim: ... }).`,
      );
    }
    target[i] = f.size;
  }
  const n = target.length;
  const shape = target.map((t, i) => t ?? (actual.length >= n - i ? (actual[actual.length - (n - i)] as number) : 1));
  const expanded = dist.expand(shape);
  if (expanded.hasRsample !== dist.hasRsample) expanded.hasRsample_(dist.hasRsample);
  msg.fn = expanded;
}

/** Broadcasts sample sites to the enclosing plates (Pyro's `BroadcastMessenger`). */
export class BroadcastMessenger extends Messenger {
  override processMessage(msg: Message): void {
    broadcastSample(msg);
  }
}

/** Runs `fn` with sample sites broadcast to the enclosing plates (Pyro's `poutine.broadcast`). */
export function broadcast<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return new BroadcastMessenger().wrap(fn);
}
