// Saving a parameter's constraint as plain data and restoring it, so that
// getState/setState and save/load keep the constraints as Pyro's pickles do.
import { constraints, Constraint } from '@pyro-ts/distributions';
import { tf, isTensor } from '@pyro-ts/tensor';

/** A bound: a number, or a tensor's shape and values. */
export type BoundSpec = number | { shape: number[]; values: number[] };

/** A constraint as plain JSON-able data. */
export interface ConstraintSpec {
  /** Pyro's name: a singleton's (`positive`, `simplex`) or the family of a constructed one (`interval`). */
  name: string;
  /** torch's repr, for people reading a saved file. */
  repr: string;
  lowerBound?: BoundSpec;
  upperBound?: BoundSpec;
  base?: ConstraintSpec;
  reinterpretedBatchNdims?: number;
}

type Bounded = Constraint & { lowerBound?: unknown; upperBound?: unknown; baseConstraint?: Constraint; reinterpretedBatchNdims?: number };

const FAMILIES: Record<string, (c: ConstraintSpec) => Constraint> = {
  greater_than: (c) => constraints.greaterThan(bound(c, 'lowerBound')),
  greater_than_eq: (c) => constraints.greaterThanEq(bound(c, 'lowerBound')),
  less_than: (c) => constraints.lessThan(bound(c, 'upperBound')),
  interval: (c) => constraints.interval(bound(c, 'lowerBound'), bound(c, 'upperBound')),
  half_open_interval: (c) => constraints.halfOpenInterval(bound(c, 'lowerBound'), bound(c, 'upperBound')),
  integer_interval: (c) => constraints.integerInterval(bound(c, 'lowerBound') as number, bound(c, 'upperBound') as number),
  independent: (c) => {
    if (c.base === undefined || c.reinterpretedBatchNdims === undefined) throw new Error(`constraint spec ${c.repr}: independent needs base and reinterpretedBatchNdims`);
    return constraints.independent(constraintFromSpec(c.base), c.reinterpretedBatchNdims);
  },
};

let singletons: Map<string, Constraint> | undefined;

function singletonByName(name: string): Constraint | undefined {
  if (singletons === undefined) {
    singletons = new Map();
    for (const v of Object.values(constraints)) if (v instanceof Constraint) singletons.set(v.name, v);
  }
  return singletons.get(name);
}

function boundToSpec(b: unknown, what: string, c: Constraint): BoundSpec {
  if (typeof b === 'number') return b;
  if (isTensor(b)) return { shape: b.shape.slice(), values: Array.from(b.dataSync()) };
  if (Array.isArray(b)) {
    const t = tf.tensor(b as number[]);
    const spec = { shape: t.shape.slice(), values: Array.from(t.dataSync()) };
    t.dispose();
    return spec;
  }
  throw new Error(`cannot save constraint ${String(c)}: its ${what} is computed from other values (a function); give the parameter a constraint with fixed bounds`);
}

function bound(c: ConstraintSpec, key: 'lowerBound' | 'upperBound'): number | number[] | ReturnType<typeof tf.tensor> {
  const b = c[key];
  if (b === undefined) throw new Error(`constraint spec ${c.repr}: missing ${key}`);
  if (typeof b === 'number') return b;
  // A tensor bound: created here, owned by the restored constraint (as a user's tensor bound would be).
  return tf.tensor(b.values, b.shape, 'float32');
}

/** The plain-data form of a constraint (throws for constraints it cannot describe). */
export function constraintToSpec(c: Constraint): ConstraintSpec {
  const repr = String(c);
  if (singletonByName(c.name) === c) return { name: c.name, repr };
  const b = c as Bounded;
  if (!(c.name in FAMILIES)) {
    throw new Error(`cannot save constraint ${repr} (${c.name}): only Pyro's constraints can be saved; register yours with registerConstraintSpec`);
  }
  const spec: ConstraintSpec = { name: c.name, repr };
  if (b.lowerBound !== undefined) spec.lowerBound = boundToSpec(b.lowerBound, 'lower bound', c);
  if (b.upperBound !== undefined) spec.upperBound = boundToSpec(b.upperBound, 'upper bound', c);
  if (b.baseConstraint !== undefined) spec.base = constraintToSpec(b.baseConstraint);
  if (b.reinterpretedBatchNdims !== undefined) spec.reinterpretedBatchNdims = b.reinterpretedBatchNdims;
  return spec;
}

/** The constraint a spec describes. */
export function constraintFromSpec(spec: ConstraintSpec): Constraint {
  const single = singletonByName(spec.name);
  if (single !== undefined) return single;
  const family = FAMILIES[spec.name];
  if (family === undefined) throw new Error(`cannot restore constraint ${spec.repr}: unknown constraint '${spec.name}'; register it with registerConstraintSpec`);
  return family(spec);
}

/**
 * Teaches save/load a constraint family of your own: `name` is your
 * constraint's `name`; `restore` rebuilds it from the spec (which carries its
 * `lowerBound`/`upperBound`/`base` when it has them).
 */
export function registerConstraintSpec(name: string, restore: (spec: ConstraintSpec) => Constraint): void {
  FAMILIES[name] = restore;
}
