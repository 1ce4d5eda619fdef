// @pyro-ts/poutine: Pyro's effect-handler runtime.

// Messages and the runtime.
export {
  type Message,
  type MessageType,
  type MessageFields,
  type SampleMessage,
  type ParamMessage,
  type ParamFn,
  type SubsampleMessage,
  type InspectMessage,
  type InferDict,
  type MaskValue,
  type ScaleValue,
  type TraceNode,
  type InputNode,
  type ReturnNode,
  type MessageInit,
  makeMessage,
  copyMessage,
} from './message.js';
export { CondIndepStackFrame } from './cond-indep-stack-frame.js';
export {
  type StackFrame,
  type RuntimeState,
  type RuntimeSettings,
  runtimeState,
  getStack,
  resetRuntime,
  enableValidation,
  isValidationEnabled,
  amIWrapped,
  own,
  applyStack,
  defaultProcessMessage,
  inspect,
  getMask,
  getPlates,
} from './runtime.js';
export { Messenger, unwrap, markWrapped, checkSynchronous } from './messenger.js';
export { ReentrantMessenger } from './reentrant-messenger.js';
export { NonlocalExit } from './nonlocal-exit.js';
export { scaleAndMask, multiplyScale, andMask } from './scale-and-mask.js';

// Trace.
export { Trace, type GraphType, type SiteFilter } from './trace.js';
export { formatShapes, formatTable } from './format-shapes.js';
export { warnIfNan, warnIfInf, warnIfNonFinite } from './warn.js';

// Handlers: each a function wrapping a callable, and its messenger class.
export { trace, TraceMessenger, type TraceHandler, type TraceOptions, identifyDenseEdges } from './trace-messenger.js';
export { replay, ReplayMessenger, type ReplayOptions } from './replay-messenger.js';
export { block, BlockMessenger, makeHideFn, type BlockOptions, type BlockSiteType } from './block-messenger.js';
export { condition, ConditionMessenger, type SiteData } from './condition-messenger.js';
export { intervene, InterveneMessenger } from './intervene-messenger.js';
export { scale, ScaleMessenger } from './scale-messenger.js';
export { mask, MaskMessenger } from './mask-messenger.js';
export { seed, SeedMessenger } from './seed-messenger.js';
export { uncondition, UnconditionMessenger } from './uncondition-messenger.js';
export { substitute, SubstituteMessenger } from './substitute-messenger.js';
export { inferConfig, InferConfigMessenger } from './infer-config-messenger.js';
export { lift, LiftMessenger, type LiftPrior } from './lift-messenger.js';
export { escape, EscapeMessenger } from './escape-messenger.js';
export { broadcast, BroadcastMessenger, broadcastSample } from './broadcast-messenger.js';
export { markov, MarkovMessenger, type MarkovOptions } from './markov-messenger.js';
export { PlateMessenger, allocateDim, type PlateOptions } from './plate-messenger.js';
export { Subsample, isSubsample } from './subsample.js';
export { queue, enumExtend, mcExtend, FifoTraceQueue, type TraceQueue, type QueueOptions, type ExtendFn } from './queue.js';

// Site helpers.
export {
  MODULE_NAMESPACE_DIVIDER,
  userParamName,
  paramWithModuleName,
  siteIsSubsample,
  siteIsFactor,
  pruneSubsampleSites,
  discreteEscape,
  allEscape,
} from './util.js';
