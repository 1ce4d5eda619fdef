// Pyro's `pyro.distributions.transforms` (torch's transforms plus Pyro's):
// the Transform classes and the biject_to / transform_to registries.
export { Transform, InverseTransform, ParameterlessTransform, type Sign } from './transform.js';
export { ComposeTransform, identityTransform } from './compose.js';
export { IndependentTransform } from './independent.js';
export { AffineTransform } from './affine.js';
export {
  ExpTransform,
  PowerTransform,
  PositivePowerTransform,
  SigmoidTransform,
  SoftplusTransform,
  TanhTransform,
  AbsTransform,
} from './elementwise.js';
export { StickBreakingTransform, SoftmaxTransform } from './simplex.js';
export {
  LowerCholeskyTransform,
  SoftplusLowerCholeskyTransform,
  UnitLowerCholeskyTransform,
  PositiveDefiniteTransform,
  CholeskyTransform,
  CorrMatrixCholeskyTransform,
} from './cholesky.js';
export { CorrCholeskyTransform, CorrLCholeskyTransform } from './corr-cholesky.js';
export { LowerCholeskyAffine } from './lower-cholesky-affine.js';
export { OrderedTransform } from './ordered.js';
export { Permute } from './permute.js';
export { Normalize } from './normalize.js';
export { ReshapeTransform } from './reshape.js';
export { CatTransform, StackTransform } from './cat-stack.js';
export { CumulativeDistributionTransform, type CdfDistribution } from './cdf.js';
export {
  bijectTo,
  transformTo,
  createConstraintRegistry,
  type ConstraintRegistry,
  type ConstraintClass,
  type TransformFactory,
} from './registry.js';
