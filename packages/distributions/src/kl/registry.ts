// The KL-divergence registry (torch.distributions.kl): rules keyed by the
// pair of distribution classes, dispatched to the most specific match.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { NotImplementedError } from '../errors.js';
import type { Distribution } from '../distribution/internal.js';
import { BUILTIN_RULES } from './rules.js';

/** A distribution class (abstract classes included). */
export type DistributionClass<D extends Distribution = Distribution> = abstract new (...args: any[]) => D;

/** A rule computing KL(p ‖ q); returns a tensor of the broadcast batch shape (the caller owns it). */
export type KLRule<P extends Distribution = any, Q extends Distribution = any> = (p: P, q: Q) => Tensor;

/** One registered rule. */
export interface KLEntry {
  p: DistributionClass;
  q: DistributionClass;
  fn: KLRule;
}

interface Registry {
  rules: KLEntry[];
  cache: Map<object, Map<object, KLRule | null>>;
}

// Module-local (not on globalThis): rules hold this copy's classes, which a
// second loaded copy of the package would not match anyway.
let state: Registry | undefined;

function registry(): Registry {
  if (state === undefined) state = { rules: [...BUILTIN_RULES], cache: new Map() };
  return state;
}

/**
 * Registers `fn` as KL(p ‖ q) for `p instanceof P` and `q instanceof Q`
 * (torch's `register_kl`). A later registration of the same pair replaces
 * the earlier one. Dispatch picks the rule whose classes are closest to the
 * arguments' classes (fewest subclass steps, the first argument first).
 */
export function registerKL<P extends Distribution, Q extends Distribution>(P: DistributionClass<P>, Q: DistributionClass<Q>, fn: KLRule<P, Q>): void {
  const r = registry();
  r.rules = r.rules.filter((e) => !(e.p === P && e.q === Q));
  r.rules.push({ p: P, q: Q, fn });
  r.cache.clear();
}

/** Number of prototype steps from `obj`'s class up to `cls`, or -1 when `obj` is not an instance. */
function distance(obj: object, cls: DistributionClass): number {
  let proto = Object.getPrototypeOf(obj) as object | null;
  let d = 0;
  while (proto !== null) {
    if (proto === cls.prototype) return d;
    proto = Object.getPrototypeOf(proto) as object | null;
    d++;
  }
  return -1;
}

function dispatch(p: Distribution, q: Distribution): KLRule | null {
  const r = registry();
  const pc = Object.getPrototypeOf(p) as object;
  const qc = Object.getPrototypeOf(q) as object;
  let row = r.cache.get(pc);
  if (row === undefined) {
    row = new Map();
    r.cache.set(pc, row);
  }
  const hit = row.get(qc);
  if (hit !== undefined) return hit;
  let best: KLRule | null = null;
  let bestKey: [number, number] = [Infinity, Infinity];
  for (const e of r.rules) {
    const dp = distance(p, e.p);
    const dq = distance(q, e.q);
    if (dp < 0 || dq < 0) continue;
    if (dp < bestKey[0] || (dp === bestKey[0] && dq < bestKey[1])) {
      best = e.fn;
      bestKey = [dp, dq];
    }
  }
  row.set(qc, best);
  return best;
}

/**
 * KL(p ‖ q) = E_p[log p(x) − log q(x)], batched over the broadcast batch
 * shapes (torch's `kl_divergence`). Throws NotImplementedError when no rule
 * is registered for the pair. Returns a new tensor the caller owns.
 */
export function klDivergence(p: Distribution, q: Distribution): Tensor {
  const fn = dispatch(p, q);
  if (fn === null) throw new NotImplementedError(`No KL(p || q) is implemented for p = ${p.className} and q = ${q.className}`);
  return tf.tidy(() => fn(p, q));
}
