export { ParamStore } from './param-store.js';
export type { ParamInit, ParamOptions, ParamEntry, ParamStoreState } from './param-store.js';
export { constraintToSpec, constraintFromSpec, registerConstraintSpec } from './constraint-spec.js';
export type { ConstraintSpec, BoundSpec } from './constraint-spec.js';
export { encodeState, decodeState } from './state-io.js';
