// Test support shared by constraints.test.ts and transforms.test.ts: the
// constraints the fixtures name, and (from src/testing) the structural
// comparison of a constraint with its recorded description. Not part of the build.
import * as C from './constraints/index.js';
import type { Constraint } from './constraints/constraint.js';

export type { ConstraintDesc } from './testing/constraint-check.js';

/** Every `constraint_code` of transforms.json, built with our API. */
export const CONSTRAINTS_BY_CODE: Record<string, () => Constraint> = {
  'constraints.real': () => C.real,
  'constraints.positive': () => C.positive,
  'torch.distributions.constraints.nonnegative': () => C.nonnegative,
  'constraints.greater_than(1.5)': () => C.greaterThan(1.5),
  'constraints.greater_than(2.0)': () => C.greaterThan(2.0),
  'constraints.greater_than_eq(-1.0)': () => C.greaterThanEq(-1.0),
  'constraints.less_than(-2.0)': () => C.lessThan(-2.0),
  'constraints.less_than(2.0)': () => C.lessThan(2.0),
  'constraints.interval(-1.0, 3.0)': () => C.interval(-1.0, 3.0),
  'constraints.interval(torch.tensor([0., -2.]), torch.tensor([1., 5.]))': () => C.interval([0, -2], [1, 5]),
  'constraints.half_open_interval(0.0, 1.0)': () => C.halfOpenInterval(0.0, 1.0),
  'constraints.unit_interval': () => C.unitInterval,
  'constraints.simplex': () => C.simplex,
  'constraints.lower_cholesky': () => C.lowerCholesky,
  'constraints.corr_cholesky': () => C.corrCholesky,
  'constraints.positive_definite': () => C.positiveDefinite,
  'constraints.real_vector': () => C.realVector,
  'constraints.ordered_vector': () => C.orderedVector,
  'constraints.softplus_positive': () => C.softplusPositive,
  'constraints.positive_ordered_vector': () => C.positiveOrderedVector,
  'constraints.corr_matrix': () => C.corrMatrix,
  'constraints.sphere': () => C.sphere,
  'constraints.softplus_lower_cholesky': () => C.softplusLowerCholesky,
  'constraints.unit_lower_cholesky': () => C.unitLowerCholesky,
  'constraints.independent(constraints.positive, 1)': () => C.independent(C.positive, 1),
  'constraints.independent(constraints.simplex, 1)': () => C.independent(C.simplex, 1),
  'constraints.boolean': () => C.boolean,
  'constraints.nonnegative_integer': () => C.nonnegativeInteger,
  'constraints.positive_integer': () => C.positiveInteger,
  'constraints.integer_interval(0, 3)': () => C.integerInterval(0, 3),
};

export function constraintFromCode(code: string): Constraint {
  const make = CONSTRAINTS_BY_CODE[code];
  if (!make) throw new Error(`no constraint for fixture code ${code}`);
  return make();
}

/** The jest-free check of src/testing, under the name these tests use. */
export { checkConstraintMatches as expectConstraintMatches } from './testing/constraint-check.js';
