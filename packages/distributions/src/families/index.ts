// One module per family.
export { Normal, type NormalArgs } from './normal.js';
export { Uniform, type UniformArgs } from './uniform.js';
export { Exponential, type ExponentialArgs } from './exponential.js';
export { Laplace, type LaplaceArgs } from './laplace.js';
export { Cauchy, type CauchyArgs } from './cauchy.js';
export { LogNormal, type LogNormalArgs } from './log-normal.js';
export { HalfNormal, type HalfNormalArgs } from './half-normal.js';
export { HalfCauchy, type HalfCauchyArgs } from './half-cauchy.js';
export { MultivariateNormal, type MultivariateNormalArgs, precisionToScaleTril } from './multivariate-normal.js';
export { Gumbel, type GumbelArgs, EULER_GAMMA } from './gumbel.js';
export { LowRankMultivariateNormal, type LowRankMultivariateNormalArgs } from './low-rank-multivariate-normal.js';
