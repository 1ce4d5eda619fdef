// Test support shared by constraints.test.ts and transforms.test.ts: the
// constraints the fixtures name, and structural comparison of a constraint
// with its recorded description. Not part of the build.
import { tf } from '@pyro-ts/tensor';
import { expectClose, flatten, type Nested } from '@pyro-ts/tensor/testing';
import * as C from './constraints/index.js';
import type { Constraint } from './constraints/constraint.js';
import { paramTensor, type Param } from './internal/params.js';

/** A constraint as the fixtures describe it. */
export interface ConstraintDesc {
  name: string;
  repr: string;
  event_dim: number;
  is_discrete: boolean;
  lower_bound?: Nested;
  upper_bound?: Nested;
  base_constraint?: ConstraintDesc;
  reinterpreted_batch_ndims?: number;
}

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

function expectParam(p: Param, expected: Nested, what: string): void {
  tf.tidy(() => expectClose(paramTensor(p), flatten(expected), { rtol: 0, atol: 0 }, what));
}

/** Checks repr, name, eventDim, isDiscrete, bounds and the base constraint against the fixture's description. */
export function expectConstraintMatches(c: Constraint, desc: ConstraintDesc, path: string): void {
  const got = {
    repr: c.toString(),
    name: c.name,
    event_dim: c.eventDim,
    is_discrete: c.isDiscrete,
  };
  expect({ path, ...got }).toEqual({ path, repr: desc.repr, name: desc.name, event_dim: desc.event_dim, is_discrete: desc.is_discrete });
  const withBounds = c as Constraint & { lowerBound?: Param; upperBound?: Param };
  if (desc.lower_bound !== undefined) expectParam(withBounds.lowerBound as Param, desc.lower_bound, `${path}.lower_bound`);
  if (desc.upper_bound !== undefined) expectParam(withBounds.upperBound as Param, desc.upper_bound, `${path}.upper_bound`);
  if (desc.base_constraint !== undefined) {
    expect(c).toBeInstanceOf(C.IndependentConstraint);
    const ind = c as C.IndependentConstraint;
    expect(ind.reinterpretedBatchNdims).toBe(desc.reinterpreted_batch_ndims);
    expectConstraintMatches(ind.baseConstraint, desc.base_constraint, `${path}.base_constraint`);
  }
}
