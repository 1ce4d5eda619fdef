// A constraint against its description in the fixtures (repr, name,
// eventDim, isDiscrete, bounds, base constraint).
import { tf } from '@pyro-ts/tensor';
import { expectClose, flatten, type Nested } from '@pyro-ts/tensor/testing';
import * as C from '../constraints/index.js';
import type { Constraint } from '../constraints/constraint.js';
import { paramTensor, type Param } from '../internal/params.js';
import { checkEqual } from './check.js';

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

function checkParam(p: Param, expected: Nested, what: string): void {
  tf.tidy(() => expectClose(paramTensor(p), flatten(expected), { rtol: 0, atol: 0 }, what));
}

/** Throws unless `c` matches `desc` (repr, name, eventDim, isDiscrete, bounds, base constraint). */
export function checkConstraintMatches(c: Constraint, desc: ConstraintDesc, path: string): void {
  const got = { repr: c.toString(), name: c.name, event_dim: c.eventDim, is_discrete: c.isDiscrete };
  checkEqual(got, { repr: desc.repr, name: desc.name, event_dim: desc.event_dim, is_discrete: desc.is_discrete }, path);
  const withBounds = c as Constraint & { lowerBound?: Param; upperBound?: Param };
  if (desc.lower_bound !== undefined) checkParam(withBounds.lowerBound as Param, desc.lower_bound, `${path}.lower_bound`);
  if (desc.upper_bound !== undefined) checkParam(withBounds.upperBound as Param, desc.upper_bound, `${path}.upper_bound`);
  if (desc.base_constraint !== undefined) {
    if (!(c instanceof C.IndependentConstraint)) throw new Error(`${path}: expected an IndependentConstraint, got ${c.toString()}`);
    checkEqual(c.reinterpretedBatchNdims, desc.reinterpreted_batch_ndims, `${path}.reinterpreted_batch_ndims`);
    checkConstraintMatches(c.baseConstraint, desc.base_constraint, `${path}.base_constraint`);
  }
}
