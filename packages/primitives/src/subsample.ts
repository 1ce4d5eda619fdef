// `subsample`: data subsampled by the enclosing plates.
import type { Tensor } from '@pyro-ts/tensor';
import { amIWrapped, applyStack, makeMessage, type SubsampleMessage } from '@pyro-ts/poutine';

/**
 * Pyro's `pyro.subsample(data, event_dim)`: inside plates with a
 * `subsampleSize`, returns the rows of `data` at each plate's indices (along
 * the plate's dim, counted left of the `eventDim` rightmost dims); else
 * `data` itself. A subsampled result is a new tensor the caller owns.
 */
export function subsample(data: Tensor, options: { eventDim: number }): Tensor {
  const { eventDim } = options;
  if (!Number.isInteger(eventDim) || eventDim < 0) throw new Error(`subsample: eventDim must be a nonnegative integer, got ${eventDim}`);
  if (!amIWrapped()) return data;
  const msg = makeMessage<SubsampleMessage>({
    type: 'subsample',
    name: '_pyro_subsample',
    fn: (d: Tensor) => d,
    args: [data],
    kwargs: { eventDim },
  });
  applyStack(msg);
  return msg.value as Tensor;
}
