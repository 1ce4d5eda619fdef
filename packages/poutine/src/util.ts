// Site predicates and helpers (Pyro's `poutine/util.py`).
import type { Message, TraceNode } from './message.js';
import { isSubsample } from './subsample.js';
import type { Trace } from './trace.js';

/** Pyro's module namespace divider: parameters of `module('enc', net)` are named `enc$$$<weight>`. */
export const MODULE_NAMESPACE_DIVIDER = '$$$';

/** The parameter's name without its module prefix (Pyro's `user_param_name`). */
export function userParamName(name: string): string {
  const i = name.indexOf(MODULE_NAMESPACE_DIVIDER);
  return i < 0 ? name : (name.split(MODULE_NAMESPACE_DIVIDER)[1] as string);
}

/** `module$$$param` (Pyro's `param_with_module_name`). */
export function paramWithModuleName(moduleName: string, paramName: string): string {
  return `${moduleName}${MODULE_NAMESPACE_DIVIDER}${paramName}`;
}

/** Whether a node is a plate's subsample site. */
export function siteIsSubsample(site: TraceNode): boolean {
  return site.type === 'sample' && isSubsample(site.fn);
}

/** Whether a node is a `factor` site (its distribution is a `Unit`). */
export function siteIsFactor(site: TraceNode): boolean {
  return site.type === 'sample' && (site.fn as { className?: string }).className === 'Unit';
}

/** A shallow copy of `trace` without the plates' subsample sites. */
export function pruneSubsampleSites(trace: Trace): Trace {
  const t = trace.copy();
  for (const [name, site] of [...t.nodes]) if (siteIsSubsample(site)) t.removeNode(name);
  return t;
}

/** An unobserved sample site not yet in `trace` whose distribution can be enumerated (Pyro's `discrete_escape`). */
export function discreteEscape(trace: Trace, msg: Message): boolean {
  return msg.type === 'sample' && !msg.isObserved && !trace.has(msg.name) && msg.fn.hasEnumerateSupport;
}

/** An unobserved sample site not yet in `trace` (Pyro's `all_escape`). */
export function allEscape(trace: Trace, msg: Message): boolean {
  return msg.type === 'sample' && !msg.isObserved && !trace.has(msg.name);
}
