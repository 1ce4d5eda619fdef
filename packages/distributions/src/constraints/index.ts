// Pyro's `pyro.distributions.constraints` (torch's constraints plus Pyro's
// additions): the constraint classes, the singletons and the factories,
// spelled in camelCase. Imported as a namespace:
// `import { constraints } from '@pyro-ts/distributions'`.
import { named, type Constraint } from './constraint.js';
import { Real, BooleanConstraint, GreaterThan, GreaterThanEq, LessThan, Interval, HalfOpenInterval, SoftplusPositive } from './scalar.js';
import { IntegerInterval, IntegerGreaterThan, Integer } from './integer.js';
import { IndependentConstraint } from './independent.js';
import { Simplex, OneHot, Multinomial, OrderedVector, PositiveOrderedVector, Sphere } from './vector.js';
import {
  LowerTriangular,
  LowerCholesky,
  SoftplusLowerCholesky,
  UnitLowerCholesky,
  CorrCholesky,
  Square,
  Symmetric,
  PositiveDefinite,
  PositiveSemidefinite,
  CorrMatrix,
} from './matrix.js';
import { Cat, Stack } from './cat-stack.js';
import { Dependent } from './constraint.js';
import type { Param } from '../internal/params.js';

export { Constraint, Dependent, isDependent } from './constraint.js';
export { Real, BooleanConstraint, GreaterThan, GreaterThanEq, LessThan, Interval, HalfOpenInterval, SoftplusPositive } from './scalar.js';
export { IntegerInterval, IntegerLessThan, IntegerGreaterThan, Integer } from './integer.js';
export { IndependentConstraint } from './independent.js';
export { Simplex, OneHot, Multinomial, OrderedVector, PositiveOrderedVector, Sphere } from './vector.js';
export {
  LowerTriangular,
  LowerCholesky,
  SoftplusLowerCholesky,
  UnitLowerCholesky,
  CorrCholesky,
  Square,
  Symmetric,
  PositiveDefinite,
  PositiveSemidefinite,
  CorrMatrix,
} from './matrix.js';
export { Cat, Stack } from './cat-stack.js';

// Singletons (torch: `constraints.real`, ...; Pyro: `ordered_vector`, ...).
export const dependent: Dependent = new Dependent();
export const real: Real = new Real();
/** `independent(real, 1)`. */
export const realVector: IndependentConstraint = named(new IndependentConstraint(real, 1), 'real_vector');
/** `GreaterThan(lower_bound=0.0)`: the same class as `greaterThan(...)`, so `bijectTo(positive)` is torch 1.13's `Exp ∘ Affine(0, 1)`. */
export const positive: GreaterThan = named(new GreaterThan(0.0), 'positive');
export const nonnegative: GreaterThanEq = named(new GreaterThanEq(0.0), 'nonnegative');
export const unitInterval: Interval = named(new Interval(0.0, 1.0), 'unit_interval');
export const boolean: BooleanConstraint = new BooleanConstraint();
export const oneHot: OneHot = new OneHot();
export const nonnegativeInteger: IntegerGreaterThan = named(new IntegerGreaterThan(0), 'nonnegative_integer');
export const positiveInteger: IntegerGreaterThan = named(new IntegerGreaterThan(1), 'positive_integer');
export const integer: Integer = new Integer();
export const simplex: Simplex = new Simplex();
export const lowerTriangular: LowerTriangular = new LowerTriangular();
export const lowerCholesky: LowerCholesky = new LowerCholesky();
export const corrCholesky: CorrCholesky = new CorrCholesky();
export const square: Square = new Square();
export const symmetric: Symmetric = new Symmetric();
export const positiveSemidefinite: PositiveSemidefinite = new PositiveSemidefinite();
export const positiveDefinite: PositiveDefinite = new PositiveDefinite();
export const corrMatrix: CorrMatrix = new CorrMatrix();
export const orderedVector: OrderedVector = new OrderedVector();
export const positiveOrderedVector: PositiveOrderedVector = new PositiveOrderedVector();
export const sphere: Sphere = new Sphere();
export const softplusPositive: SoftplusPositive = new SoftplusPositive();
export const softplusLowerCholesky: SoftplusLowerCholesky = new SoftplusLowerCholesky();
export const unitLowerCholesky: UnitLowerCholesky = new UnitLowerCholesky();

// Factories (torch: `constraints.greater_than(lb)`, ...).
export function greaterThan(lowerBound: Param): GreaterThan {
  return new GreaterThan(lowerBound);
}
export function greaterThanEq(lowerBound: Param): GreaterThanEq {
  return new GreaterThanEq(lowerBound);
}
export function lessThan(upperBound: Param): LessThan {
  return new LessThan(upperBound);
}
export function interval(lowerBound: Param, upperBound: Param): Interval {
  return new Interval(lowerBound, upperBound);
}
export function halfOpenInterval(lowerBound: Param, upperBound: Param): HalfOpenInterval {
  return new HalfOpenInterval(lowerBound, upperBound);
}
export function integerInterval(lowerBound: Param, upperBound: Param): IntegerInterval {
  return new IntegerInterval(lowerBound, upperBound);
}
export function multinomial(upperBound: Param): Multinomial {
  return new Multinomial(upperBound);
}
export function independent(baseConstraint: Constraint, reinterpretedBatchNdims: number): IndependentConstraint {
  return new IndependentConstraint(baseConstraint, reinterpretedBatchNdims);
}
export function cat(cseq: readonly Constraint[], dim = 0, lengths?: readonly number[]): Cat {
  return new Cat(cseq, dim, lengths);
}
export function stack(cseq: readonly Constraint[], dim = 0): Stack {
  return new Stack(cseq, dim);
}
