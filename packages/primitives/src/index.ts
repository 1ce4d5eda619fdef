// @pyro-ts/primitives: Pyro's primitive statements.
export { sample, type SampleOptions } from './sample.js';
export { param, type ParamOptions } from './param.js';
export { plate, plateStack } from './plate.js';
export { factor } from './factor.js';
export { deterministic } from './deterministic.js';
export { subsample } from './subsample.js';
export { module, type ModuleLike, type ModuleOptions, type LayerLike, type LayerVariableLike, type VariableTree } from './module.js';
export { PyroModule, PyroParam, PyroSample, pyroMethod } from './pyro-module.js';
export { getParamStore, clearParamStore, setParamStore } from './param-store.js';
export { enableValidation, isValidationEnabled, validationEnabled } from './validation.js';
export { setRngSeed } from '@pyro-ts/tensor';
export { markov, PlateMessenger, MarkovMessenger, type PlateOptions, type MarkovOptions, getMask, getPlates } from '@pyro-ts/poutine';
export { resetRuntime } from './reset.js';
