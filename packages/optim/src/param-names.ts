// Pyro's parameter-name helpers (pyro/params/param_store.py): a module's
// parameters are named `<module>$$$<param>`.

/** Pyro's module namespace divider. */
export const MODULE_NAMESPACE_DIVIDER = '$$$';

/** `name` with the divider replaced by '.', as `nn.Module.named_parameters()` spells it. */
export function normalizeParamName(name: string): string {
  return name.split(MODULE_NAMESPACE_DIVIDER).join('.');
}

/** The module part of `<module>$$$<param>` (the whole name when there is no divider). */
export function moduleFromParamWithModuleName(name: string): string {
  return name.split(MODULE_NAMESPACE_DIVIDER)[0] as string;
}

/** The parameter part of `<module>$$$<param>` (the whole name when there is no divider). */
export function userParamName(name: string): string {
  return name.includes(MODULE_NAMESPACE_DIVIDER) ? (name.split(MODULE_NAMESPACE_DIVIDER)[1] as string) : name;
}

/**
 * Evaluates per-parameter options: an object is returned as is; a one-argument
 * function gets the normalized name, a two-argument one `(module, param)`.
 */
export function resolvePerParam<O extends object>(spec: O | ((nameOrModule: string, paramName: string) => O), name: string, what: string): O {
  if (typeof spec !== 'function') return spec;
  const out = spec.length >= 2 ? spec(moduleFromParamWithModuleName(name), userParamName(name)) : (spec as (name: string) => O)(normalizeParamName(name));
  if (out === null || typeof out !== 'object' || Array.isArray(out)) {
    throw new Error(`per-param ${what} must return an options object for '${name}', got ${JSON.stringify(out)}`);
  }
  return out;
}
