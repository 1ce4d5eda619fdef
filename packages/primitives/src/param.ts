// `param`: a learnable parameter.
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '@pyro-ts/distributions';
import type { ParamInit, ParamStore } from '@pyro-ts/param-store';
import { amIWrapped, applyStack, makeMessage, type ParamMessage } from '@pyro-ts/poutine';
import { getParamStore } from './param-store.js';

export interface ParamOptions {
  /** The parameter's support (default real); it is stored unconstrained. */
  constraint?: Constraint;
  /** How many rightmost dims form one event; with it, enclosing subsampling plates subsample the parameter. */
  eventDim?: number;
  /** The param store (default: `getParamStore()`). */
  store?: ParamStore;
}

/**
 * Pyro's `pyro.param(name, init_tensor, constraint, event_dim)`: the
 * parameter `name` from the param store, created from `init` (a tensor,
 * number, nested array, or a function giving one) the first time. Under
 * handlers the site is recorded (and may be substituted, replayed,
 * lifted or subsampled by plates).
 *
 * Memory: with the real constraint the value is the store's variable
 * itself; otherwise a new tensor, owned by the trace that records the site
 * (or the caller).
 */
export function param(name: string, init?: ParamInit, options: ParamOptions = {}): Tensor {
  const store = options.store ?? getParamStore();
  const kwargs: { constraint?: Constraint; eventDim?: number } = {};
  if (options.constraint !== undefined) kwargs.constraint = options.constraint;
  if (options.eventDim !== undefined) kwargs.eventDim = options.eventDim;
  if (!amIWrapped()) return store.param(name, init, kwargs);
  const msg = makeMessage<ParamMessage>({
    type: 'param',
    name,
    fn: (n: string, i: ParamInit | undefined, kw: { constraint?: Constraint; eventDim?: number }) => store.param(n, i, kw),
    args: [name, init],
    kwargs,
  });
  applyStack(msg);
  return msg.value as Tensor;
}
