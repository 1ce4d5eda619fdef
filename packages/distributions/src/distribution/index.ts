// The Distribution base class, its wrappers, and the validation switch.
export {
  Distribution,
  checkExpand,
  valueBatchShape,
  type ScoreParts,
  type MaskInput,
  type NestedBooleans,
  Independent,
  type IndependentArgs,
  ExpandedDistribution,
  MaskedDistribution,
} from './internal.js';
export { ValueError } from './errors.js';
export { setValidateArgs, getValidateArgs, withValidateArgs } from './validate-args.js';
export { type DistributionOptions } from './args.js';
export { TransformedDistribution, type TransformedDistributionArgs } from './transformed.js';
export { Delta, type DeltaArgs } from './delta.js';
export { Unit, type UnitArgs } from './unit.js';
export { FoldedDistribution } from './folded.js';
export { MixtureSameFamily, type MixtureSameFamilyArgs } from './mixture-same-family.js';
export { Empirical, type EmpiricalArgs } from './empirical.js';
