// The effect-handler runtime: the one global state object (handler stack and
// settings), `applyStack` and the default behaviour of a message.
//
// All global state of pyro-ts lives in one object stored under
// `globalThis[Symbol.for('@pyro-ts/poutine.runtime')]`, so that two loaded
// copies of the package share one stack, as tfjs shares its engine.
import { tf, isTensor } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { ParamStore } from '@pyro-ts/param-store';
import type { Message } from './message.js';
import type { CondIndepStackFrame } from './cond-indep-stack-frame.js';
import { makeMessage } from './message.js';

/**
 * What the runtime needs of a handler on the stack (implemented by
 * `Messenger`). Kept structural so that handlers from another loaded copy of
 * the package work on the same stack.
 */
export interface StackFrame {
  processMessage(msg: Message): void;
  postprocessMessage(msg: Message): void;
  /** Forgets per-run state (Pyro's `_reset`, used after a `NonlocalExit`). */
  reset(): void;
  /** A vectorized plate answers its name and dim; other handlers answer null. */
  plateDim(): { name: string; dim: number } | null;
  /** Whether this handler hides `msg` from the handlers outside it (`block`). */
  hides(msg: Message): boolean;
}

/** Global switches. */
export interface RuntimeSettings {
  /** poutine's validation checks (Pyro's `poutine.enable_validation`); on by default. */
  validation: boolean;
}

/** The one global state object. */
export interface RuntimeState {
  /** The handler stack, outermost first (Pyro's `_PYRO_STACK`). */
  stack: StackFrame[];
  settings: RuntimeSettings;
  /** The default param store; created and owned by `@pyro-ts/primitives`. */
  paramStore: ParamStore | undefined;
}

const KEY = Symbol.for('@pyro-ts/poutine.runtime');

/** The global runtime state (created on first use). */
export function runtimeState(): RuntimeState {
  const g = globalThis as unknown as Record<symbol, RuntimeState | undefined>;
  let s = g[KEY];
  if (s === undefined) {
    s = { stack: [], settings: { validation: true }, paramStore: undefined };
    g[KEY] = s;
  }
  return s;
}

/** The handler stack, outermost first. Mutate it only through `Messenger.enter/exit`. */
export function getStack(): StackFrame[] {
  return runtimeState().stack;
}

/**
 * Clears the handler stack, restores the default settings and disposes the
 * default param store (for tests: ARCHITECTURE.md §7).
 */
export function resetRuntime(): void {
  const s = runtimeState();
  s.stack.length = 0;
  s.settings = { validation: true };
  s.paramStore?.dispose();
  s.paramStore = undefined;
}

/** Turns poutine's validation checks on or off (Pyro's `poutine.enable_validation`). */
export function enableValidation(enabled = true): void {
  runtimeState().settings.validation = enabled;
}

/** Whether poutine's validation checks are on. */
export function isValidationEnabled(): boolean {
  return runtimeState().settings.validation;
}

/** Whether a primitive statement runs under at least one handler (Pyro's `am_i_wrapped`). */
export function amIWrapped(): boolean {
  return runtimeState().stack.length > 0;
}

/** Records that the runtime created `t` for this site (see `MessageFields.owned`). */
export function own(msg: Message, t: Tensor): void {
  if (t instanceof tf.Variable) return;
  if (msg.owned === undefined) msg.owned = [];
  msg.owned.push(t);
}

/**
 * Pyro's `default_process_message`: unless the message is done, observed or
 * already has a value, draws it from its distribution (`rsample` when
 * reparameterizable, else `sample`) or calls its function as
 * `fn(...args, kwargs)`.
 */
export function defaultProcessMessage(msg: Message): void {
  if (msg.done || msg.isObserved || msg.value !== undefined) {
    msg.done = true;
    return;
  }
  switch (msg.type) {
    case 'sample': {
      const d = msg.fn;
      const v = d.hasRsample ? d.rsample() : d.sample();
      msg.value = v;
      own(msg, v);
      break;
    }
    case 'param':
    case 'subsample': {
      const v = (msg.fn as (...a: unknown[]) => Tensor)(...msg.args, msg.kwargs);
      msg.value = v;
      if (isTensor(v) && !msg.args.includes(v)) own(msg, v);
      break;
    }
    case 'inspect':
      break;
  }
  msg.done = true;
}

/**
 * Runs a message through the stack (Pyro's `apply_stack`): each handler's
 * `processMessage` from the innermost outwards until one sets `stop`, then
 * the default behaviour, then `postprocessMessage` of the handlers that saw
 * the message in the reverse order (outermost of them first), then the
 * message's continuation.
 */
export function applyStack(msg: Message): void {
  const frames = runtimeState().stack.slice();
  let pointer = 0;
  for (let i = frames.length - 1; i >= 0; i--) {
    pointer++;
    (frames[i] as StackFrame).processMessage(msg);
    if (msg.stop) break;
  }
  defaultProcessMessage(msg);
  for (let i = frames.length - pointer; i < frames.length; i++) (frames[i] as StackFrame).postprocessMessage(msg);
  const cont = msg.continuation;
  if (cont !== null) cont(msg);
}

/** EXPERIMENTAL (as in Pyro): a message with the effects of the enclosing handlers applied. */
export function inspect(): Message {
  const msg = makeMessage({ type: 'inspect', name: '_pyro_inspect', fn: () => undefined, infer: { _doNotTrace: true } });
  applyStack(msg);
  return msg;
}

/**
 * The mask the enclosing `mask` handlers put on sites (Pyro's `get_mask`):
 * null without one. A model can skip expensive `factor` terms when it is `false`.
 */
export function getMask(): boolean | Tensor | null {
  return inspect().mask;
}

/** The enclosing plates, outermost first (Pyro's `get_plates`). */
export function getPlates(): readonly CondIndepStackFrame[] {
  return inspect().condIndepStack;
}
