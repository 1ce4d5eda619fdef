// The global validation switch (Pyro's `pyro.enable_validation`, torch's
// `Distribution.set_default_validate_args`). On by default, as in Pyro.
// Stored on globalThis so that two loaded copies of the package agree.

interface ValidationState {
  enabled: boolean;
}

const KEY = Symbol.for('@pyro-ts/distributions.validateArgs');

function state(): ValidationState {
  const g = globalThis as unknown as Record<symbol, ValidationState | undefined>;
  let s = g[KEY];
  if (s === undefined) {
    s = { enabled: true };
    g[KEY] = s;
  }
  return s;
}

/**
 * Turns argument and support validation of distributions on or off for every
 * distribution without its own `validateArgs` option. With validation on,
 * constructors check their parameters and `logProb` checks its value (each
 * check reads one boolean back from the device); with it off, nothing is
 * checked and nothing is read back.
 */
export function setValidateArgs(enabled: boolean): void {
  state().enabled = enabled;
}

/** Whether validation is on by default (true unless `setValidateArgs(false)`). */
export function getValidateArgs(): boolean {
  return state().enabled;
}

/** Runs `fn` with the global validation switch set to `enabled`, then restores it. */
export function withValidateArgs<T>(enabled: boolean, fn: () => T): T {
  const s = state();
  const before = s.enabled;
  s.enabled = enabled;
  try {
    return fn();
  } finally {
    s.enabled = before;
  }
}
