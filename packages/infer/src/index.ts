// @pyro-ts/infer: Pyro's inference algorithms.
export type { Model, Guide } from './types.js';

// ELBOs.
export { ELBO, type ELBOOptions, type ParticleTraces, type Objective, type ObjectiveContext, type LossAndGrads } from './elbo.js';
export { TraceELBO, computeLogR, elboOfTraces, traceSurrogateElbo } from './trace-elbo.js';
export { TraceMeanFieldELBO, meanFieldElbo } from './trace-mean-field-elbo.js';
export { TraceGraphELBO, traceGraphSurrogateLoss } from './trace-graph-elbo.js';
export { RenyiELBO, type RenyiELBOOptions } from './renyi-elbo.js';
export { constructBaseline, baselineAvgName, type BaselineOptions, type BaselineModule } from './baseline.js';
export { computeDownstreamCosts } from './downstream-costs.js';
export { getImportanceTrace } from './importance-trace.js';
export { checkModelGuideMatch, checkSiteShape, checkIfEnumerated, checkFullyReparametrized } from './checks.js';
export { MultiFrameTensor, getPlateStacks, getDependentPlateDims, sumExistingDims } from './multi-frame-tensor.js';
export { valueAndParamGrads, paramVariables, ParamCaptureMessenger, type ValueAndGrads } from './gradients.js';

// SVI.
export { SVI, type SVIOptions, type LossFunction } from './svi.js';
export { train, trainAsync, type TrainOptions, type TrainResult, type StepInfo, type ProgressOptions } from './train.js';
export { NonFiniteLossError, nonFiniteSites } from './non-finite.js';

// Posterior utilities.
export { TracePosterior, Marginals, normalizedWeights, type WeightedTrace } from './trace-posterior.js';
export { EmpiricalMarginal } from './empirical-marginal.js';
export { Importance, vectorizedImportanceWeights, type ImportanceOptions, type VectorizedImportanceOptions } from './importance.js';
export { TracePredictive, type TracePredictiveOptions } from './trace-predictive.js';
export { Predictive, type PredictiveOptions } from './predictive.js';
export { snapshotTrace } from './trace-snapshot.js';
export { resetWarnings } from './warn.js';
