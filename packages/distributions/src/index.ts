// @pyro-ts/distributions: Pyro's distributions for TypeScript.
// A list of named re-exports; each part appends its own.

// Constraints: `constraints.positive`, `constraints.greaterThan(1.5)`, ...
export * as constraints from './constraints/index.js';
export { Constraint, isDependent } from './constraints/index.js';

// Transforms: classes at the top level and as the `transforms` namespace.
export * as transforms from './transforms/index.js';
export {
  Transform,
  InverseTransform,
  type Sign,
  ComposeTransform,
  identityTransform,
  IndependentTransform,
  AffineTransform,
  ExpTransform,
  PowerTransform,
  PositivePowerTransform,
  SigmoidTransform,
  SoftplusTransform,
  TanhTransform,
  AbsTransform,
  StickBreakingTransform,
  SoftmaxTransform,
  LowerCholeskyTransform,
  SoftplusLowerCholeskyTransform,
  UnitLowerCholeskyTransform,
  PositiveDefiniteTransform,
  CholeskyTransform,
  CorrMatrixCholeskyTransform,
  CorrCholeskyTransform,
  CorrLCholeskyTransform,
  LowerCholeskyAffine,
  OrderedTransform,
  Permute,
  Normalize,
  ReshapeTransform,
  CatTransform,
  StackTransform,
  CumulativeDistributionTransform,
  type CdfDistribution,
} from './transforms/index.js';

// Registries from constraints to transforms.
export {
  bijectTo,
  transformTo,
  createConstraintRegistry,
  type ConstraintRegistry,
  type ConstraintClass,
  type TransformFactory,
} from './transforms/index.js';

export { NotImplementedError } from './errors.js';
export type { Param, TensorInput, NestedNumbers } from './internal/params.js';

// Distributions: the base class, wrappers, validation switch and families.
export {
  Distribution,
  type ScoreParts,
  type MaskInput,
  type NestedBooleans,
  Independent,
  type IndependentArgs,
  ExpandedDistribution,
  MaskedDistribution,
  TransformedDistribution,
  type TransformedDistributionArgs,
  Delta,
  type DeltaArgs,
  Unit,
  type UnitArgs,
  ValueError,
  setValidateArgs,
  getValidateArgs,
  withValidateArgs,
  type DistributionOptions,
} from './distribution/index.js';
export {
  Normal,
  type NormalArgs,
  Uniform,
  type UniformArgs,
  Exponential,
  type ExponentialArgs,
  Laplace,
  type LaplaceArgs,
  Cauchy,
  type CauchyArgs,
  LogNormal,
  type LogNormalArgs,
  HalfNormal,
  type HalfNormalArgs,
  HalfCauchy,
  type HalfCauchyArgs,
} from './families/index.js';

// KL divergence registry.
export { klDivergence, registerKL, type KLRule, type DistributionClass } from './kl/index.js';
