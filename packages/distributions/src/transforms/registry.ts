// biject_to / transform_to: registries from constraints to transforms
// (torch.distributions.constraint_registry plus Pyro's registrations).
import type { Constraint } from '../constraints/constraint.js';
import * as C from '../constraints/index.js';
import { NotImplementedError } from '../errors.js';
import type { Transform } from './transform.js';
import { ComposeTransform, identityTransform } from './compose.js';
import { IndependentTransform } from './independent.js';
import { AffineTransform } from './affine.js';
import { ExpTransform, SigmoidTransform, SoftplusTransform } from './elementwise.js';
import { StickBreakingTransform, SoftmaxTransform } from './simplex.js';
import {
  LowerCholeskyTransform,
  PositiveDefiniteTransform,
  CholeskyTransform,
  CorrMatrixCholeskyTransform,
  SoftplusLowerCholeskyTransform,
  UnitLowerCholeskyTransform,
} from './cholesky.js';
import { CorrCholeskyTransform } from './corr-cholesky.js';
import { OrderedTransform } from './ordered.js';
import { Normalize } from './normalize.js';
import { CatTransform, StackTransform } from './cat-stack.js';
import { paramTensor, type Param } from '../internal/params.js';
import { tf } from '@pyro-ts/tensor';

/** A constraint class (the registry key) . */
export type ConstraintClass<T extends Constraint = Constraint> = abstract new (...args: any[]) => T;

/** Builds the transform for one constraint object. */
export type TransformFactory<T extends Constraint = Constraint> = (constraint: T) => Transform;

/**
 * A registry linking constraint classes to transforms, called as a function:
 * `bijectTo(constraints.positive)`. As torch's, it is keyed by the exact
 * class of the constraint (a registered instance stands for its class), so
 * `positive` and `greaterThan(1.5)` share `GreaterThan`'s factory.
 */
export interface ConstraintRegistry {
  (constraint: Constraint): Transform;
  /** Registers `factory` for a constraint class, or for the class of a constraint instance; returns the factory. */
  register<T extends Constraint>(constraint: ConstraintClass<T> | T, factory: TransformFactory<T>): TransformFactory<T>;
  /** Whether a factory is registered for the constraint's class. */
  has(constraint: Constraint | ConstraintClass): boolean;
}

/** A new, empty registry (torch's `ConstraintRegistry()`). */
export function createConstraintRegistry(): ConstraintRegistry {
  const table = new Map<unknown, TransformFactory<any>>();
  const keyOf = (c: Constraint | ConstraintClass): unknown => (c instanceof C.Constraint ? c.constructor : c);
  const lookup = (constraint: Constraint): Transform => {
    const factory = table.get(constraint.constructor);
    if (factory === undefined) throw new NotImplementedError(`Cannot transform ${constraint.className} constraints`);
    return factory(constraint);
  };
  const register = <T extends Constraint>(constraint: ConstraintClass<T> | T, factory: TransformFactory<T>): TransformFactory<T> => {
    const key = keyOf(constraint as Constraint | ConstraintClass);
    if (typeof key !== 'function' || !(key === C.Constraint || (key as { prototype: unknown }).prototype instanceof C.Constraint)) {
      throw new TypeError(`Expected constraint to be either a Constraint subclass or instance, but got ${String(constraint)}`);
    }
    table.set(key, factory);
    return factory;
  };
  return Object.assign(lookup, { register, has: (c: Constraint | ConstraintClass) => table.has(keyOf(c)) });
}

/** Bijective transforms from unconstrained space onto a constraint (for HMC and autoguides). */
export const bijectTo: ConstraintRegistry = createConstraintRegistry();
/** Transforms (not necessarily bijective) from unconstrained space onto a constraint (for optimization). */
export const transformTo: ConstraintRegistry = createConstraintRegistry();

// ---------------------------------------------------------------------------
// torch 1.13's registration table, in its order (later entries for the same
// class replace earlier ones, hence biject_to(positive) = Exp ∘ Affine(0, 1)).

const both = <T extends Constraint>(c: ConstraintClass<T> | T, f: TransformFactory<T>): void => {
  bijectTo.register(c, f);
  transformTo.register(c, f);
};

both(C.real, () => identityTransform);
bijectTo.register(C.IndependentConstraint, (c) => new IndependentTransform(bijectTo(c.baseConstraint), c.reinterpretedBatchNdims));
transformTo.register(C.IndependentConstraint, (c) => new IndependentTransform(transformTo(c.baseConstraint), c.reinterpretedBatchNdims));
both(C.positive, () => new ExpTransform());
both(C.nonnegative, () => new ExpTransform());
both(C.GreaterThan, (c) => new ComposeTransform([new ExpTransform(), new AffineTransform(c.lowerBound, 1)]));
both(C.GreaterThanEq, (c) => new ComposeTransform([new ExpTransform(), new AffineTransform(c.lowerBound, 1)]));
both(C.LessThan, (c) => new ComposeTransform([new ExpTransform(), new AffineTransform(c.upperBound, -1)]));

const intervalTransform = (c: C.Interval | C.HalfOpenInterval): Transform => {
  if (c.lowerBound === 0 && c.upperBound === 1) return new SigmoidTransform();
  const lo = c.lowerBound;
  const hi = c.upperBound;
  const scale: Param = typeof lo === 'number' && typeof hi === 'number' ? hi - lo : () => tf.sub(paramTensor(hi), paramTensor(lo));
  return new ComposeTransform([new SigmoidTransform(), new AffineTransform(lo, scale)]);
};
both(C.Interval, intervalTransform);
both(C.HalfOpenInterval, intervalTransform);

bijectTo.register(C.simplex, () => new StickBreakingTransform());
transformTo.register(C.simplex, () => new SoftmaxTransform());
transformTo.register(C.lowerCholesky, () => new LowerCholeskyTransform());
transformTo.register(C.positiveDefinite, () => new PositiveDefiniteTransform());
transformTo.register(C.positiveSemidefinite, () => new PositiveDefiniteTransform());
both(C.corrCholesky, () => new CorrCholeskyTransform());
bijectTo.register(C.Cat, (c) => new CatTransform(c.cseq.map((x) => bijectTo(x)), c.dim, c.lengths));
transformTo.register(C.Cat, (c) => new CatTransform(c.cseq.map((x) => transformTo(x)), c.dim, c.lengths));
bijectTo.register(C.Stack, (c) => new StackTransform(c.cseq.map((x) => bijectTo(x)), c.dim));
transformTo.register(C.Stack, (c) => new StackTransform(c.cseq.map((x) => transformTo(x)), c.dim));

// ---------------------------------------------------------------------------
// Pyro 1.8.6's registrations (pyro/distributions/transforms/__init__.py).

transformTo.register(C.sphere, () => new Normalize());
both(C.corrMatrix, () => new ComposeTransform([new CorrCholeskyTransform(), new CorrMatrixCholeskyTransform().inv]));
both(C.orderedVector, () => new OrderedTransform());
both(C.positiveOrderedVector, () => new ComposeTransform([new OrderedTransform(), new ExpTransform()]));
transformTo.register(C.positiveDefinite, () => new ComposeTransform([new LowerCholeskyTransform(), new CholeskyTransform().inv]));
both(C.softplusPositive, () => new SoftplusTransform());
transformTo.register(C.softplusLowerCholesky, () => new SoftplusLowerCholeskyTransform());
transformTo.register(C.unitLowerCholesky, () => new UnitLowerCholeskyTransform());
