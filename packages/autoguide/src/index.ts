// @pyro-ts/autoguide: Pyro's automatic guides and initialization strategies.
export { AutoGuide, prototypeHideFn, type Model, type LatentValues, type CreatePlates, type AutoGuideOptions } from './guide.js';
export { AutoGuideList, AutoCallable, type GuideFn } from './guide-list.js';
export { AutoDelta, type AutoDeltaOptions } from './auto-delta.js';
export { AutoNormal, type AutoNormalOptions } from './auto-normal.js';
export { AutoContinuous, type AutoContinuousOptions } from './auto-continuous.js';
export { AutoDiagonalNormal, type AutoDiagonalNormalOptions } from './auto-diagonal-normal.js';
export { AutoMultivariateNormal, type AutoMultivariateNormalOptions } from './auto-multivariate-normal.js';
export { AutoLowRankMultivariateNormal, type AutoLowRankMultivariateNormalOptions } from './auto-low-rank-multivariate-normal.js';
export { AutoLaplaceApproximation } from './auto-laplace-approximation.js';
export {
  type InitFn,
  initToFeasible,
  initToSample,
  initToMedian,
  initToMean,
  initToUniform,
  initToValue,
  initToGenerated,
  type InitToMedianOptions,
  type InitToMeanOptions,
  type InitToUniformOptions,
  type InitToValueOptions,
  type InitToGeneratedOptions,
} from './initialization.js';
export { InitMessenger } from './init-messenger.js';
export { PrototypeDistribution } from './prototype.js';
export { hessian, withHigherOrderGradients } from './hessian.js';
export { periodicRepeat } from './utils.js';
