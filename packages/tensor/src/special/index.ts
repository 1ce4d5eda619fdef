// Special functions of pyro-ts (see the package README, "Special functions").
// Every function accepts a tensor, a number or a nested array, runs inside
// tf.tidy, returns float32, broadcasts its tensor arguments, and is built
// from tfjs ops only, so it runs and differentiates on every backend.
export type { TensorInput } from './internal.js';
export { log1p, expm1, xlogy, xlog1py } from './elementary.js';
export { lgamma, digamma, polygamma } from './gamma.js';
export { mvlgamma, logBeta, logBinomial, type ToleranceOptions } from './beta.js';
export { erf, erfc, erfcx } from './erf.js';
export { ndtr, logNdtr, ndtri, erfinv } from './normal.js';
export { i0, i0e, i1, i1e, logBesselI } from './bessel.js';
export { logI1, type LogI1Options } from './log-bessel-series.js';
export { gammainc, gammaincc } from './incomplete-gamma.js';
export { logsumexp, softmax, logSoftmax } from './log-space.js';
export { softplus, sigmoid, logsigmoid, logit, clampProbs, probsToLogits, logitsToProbs } from './probabilities.js';
export { declareAccurateKernels, accurateKernels, type AccurateKernel } from './kernel-accuracy.js';
