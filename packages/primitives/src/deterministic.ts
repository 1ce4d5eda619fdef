// `deterministic`: records a computed value as a site.
import { asTensor, isTensor } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Delta, type TensorInput } from '@pyro-ts/distributions';
import { amIWrapped } from '@pyro-ts/poutine';
import { sampleSite } from './sample.js';

/** A deterministic site for `value`; the tensors in `owned` (value among them, possibly) belong to the site. */
export function deterministicSite(name: string, value: Tensor, eventDim: number, owned: Tensor[]): Tensor {
  if (!amIWrapped()) {
    for (const t of owned) if (t !== value) t.dispose();
    return value;
  }
  const fn = new Delta({ v: value, eventDim }).mask(false);
  return sampleSite(name, fn, { obs: value, infer: { _deterministic: true }, owned });
}

/**
 * Pyro's `pyro.deterministic(name, value, event_dim=None)`: records `value`
 * in the trace as an observed site of a masked `Delta` (it adds nothing to
 * the density), so that `Predictive` and traces report it. `eventDim`
 * (default: all of value's dims) says how many rightmost dims form one
 * event. Returns the value.
 */
export function deterministic(name: string, value: Tensor | TensorInput, options: { eventDim?: number } = {}): Tensor {
  const v = isTensor(value) ? value : asTensor(value);
  const eventDim = options.eventDim ?? v.rank;
  return deterministicSite(name, v, eventDim, v === value ? [] : [v]);
}
