// The default param store (Pyro's `pyro.get_param_store()`), kept in
// poutine's global runtime state so that two loaded copies share it.
import { ParamStore } from '@pyro-ts/param-store';
import { runtimeState } from '@pyro-ts/poutine';

/** The default param store, created on first use. */
export function getParamStore(): ParamStore {
  const s = runtimeState();
  return (s.paramStore ??= new ParamStore());
}

/**
 * Removes every parameter of a store (the default one unless given) and
 * frees its variables (Pyro's `pyro.clear_param_store()`).
 */
export function clearParamStore(store: ParamStore = getParamStore()): void {
  store.clear();
}

/**
 * Replaces the default param store (the previous one is returned, not
 * disposed). Every API that uses the default store also accepts a store
 * explicitly; this is for code that cannot pass one.
 */
export function setParamStore(store: ParamStore): ParamStore | undefined {
  const s = runtimeState();
  const old = s.paramStore;
  s.paramStore = store;
  return old;
}
