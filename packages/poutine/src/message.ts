// The message that travels through the handler stack at every primitive
// statement (Pyro's `Message`), discriminated by `type`, and the nodes a
// Trace records. Field names are Pyro's in camelCase.
import type { Tensor } from '@pyro-ts/tensor';
import type { Distribution, ScoreParts } from '@pyro-ts/distributions';
import type { CondIndepStackFrame } from './cond-indep-stack-frame.js';

/** A log-probability mask: a boolean, or a bool tensor broadcastable to the site's batch shape. */
export type MaskValue = boolean | Tensor;

/** A log-probability scale: a positive number or tensor. */
export type ScaleValue = number | Tensor;

/**
 * Per-site inference configuration (Pyro's `InferDict`), e.g.
 * `sample('x', d, { infer: { enumerate: 'parallel' } })`. Keys starting with
 * `_` are internal to inference algorithms.
 */
export interface InferDict {
  enumerate?: 'sequential' | 'parallel';
  expand?: boolean;
  isAuxiliary?: boolean;
  isObserved?: boolean;
  numSamples?: number;
  obs?: Tensor;
  prior?: Distribution;
  tmc?: 'diagonal' | 'mixture';
  wasObserved?: boolean;
  _deterministic?: boolean;
  _doNotTrace?: boolean;
  /** site name -> markov depth (MarkovMessenger) */
  _markovScope?: Map<string, number>;
  _markovDepth?: number;
  _enumerateDim?: number;
  _dimToId?: Record<number, number>;
  _dimToSymbol?: Record<number, string>;
  _enumerateSymbol?: string;
  [key: string]: unknown;
}

/** Fields every message has (Pyro's message dict). */
export interface MessageFields {
  /** The site name. */
  name: string;
  /** Whether the value is observed (given) rather than drawn. */
  isObserved: boolean;
  /** Positional arguments of `fn` (for functions: `fn(...args, kwargs)`). */
  args: unknown[];
  /** Keyword arguments of `fn` (Pyro's kwargs; e.g. `{ constraint, eventDim }` at param sites). */
  kwargs: Record<string, unknown>;
  /** The site's value: observed, substituted, replayed or drawn. */
  value: Tensor | undefined;
  /** Multiplies the site's log-probability (plates with subsampling, `scale`). */
  scale: ScaleValue;
  /** Masks the site's log-probability (`mask`, `obsMask`); null: no mask. */
  mask: MaskValue | null;
  /** The enclosing plates, outermost first. */
  condIndepStack: readonly CondIndepStackFrame[];
  /** Set once the value is final; the default behaviour then leaves it alone. */
  done: boolean;
  /** Set by a handler to hide the message from the handlers outside it. */
  stop: boolean;
  /** Called with the message after the stack has processed it. */
  continuation: ((msg: Message) => void) | null;
  /** Inference configuration. */
  infer: InferDict;
  // Filled in by Trace.computeLogProb / computeScoreParts / logProbSum:
  logProb?: Tensor;
  logProbSum?: Tensor;
  unscaledLogProb?: Tensor;
  scoreParts?: ScoreParts;
  /** Set by `intervene` on the messages it has handled. */
  _intervenerId?: string;
  /**
   * Tensors created by the runtime for this site during the run (a drawn
   * value, a subsampled parameter, a product of tensor scales ...), that
   * the Trace recording the site disposes (`Trace.dispose()`). Values that
   * came from outside (observations, replayed or substituted values,
   * variables) are never listed.
   */
  owned?: Tensor[];
}

/** `sample(name, fn, { obs, infer })` and the site of a plate (fn is a `Subsample`). */
export interface SampleMessage extends MessageFields {
  type: 'sample';
  fn: Distribution;
}

/** Arguments of a param site: `fn(name, init?, { constraint, eventDim })`. */
export type ParamFn = (...args: any[]) => Tensor;

/** `param(name, init, { constraint, eventDim })`. */
export interface ParamMessage extends MessageFields {
  type: 'param';
  fn: ParamFn;
}

/** `subsample(data, { eventDim })`: enclosing subsampling plates select their indices. */
export interface SubsampleMessage extends MessageFields {
  type: 'subsample';
  fn: (data: Tensor, kwargs: Record<string, unknown>) => Tensor;
}

/** An inspection of the stack (`getMask`, `getPlates`); never recorded. */
export interface InspectMessage extends MessageFields {
  type: 'inspect';
  fn: () => undefined;
}

/** The message of one primitive statement. */
export type Message = SampleMessage | ParamMessage | SubsampleMessage | InspectMessage;

export type MessageType = Message['type'];

/** The `_INPUT` node of a trace: the arguments the traced function was called with. */
export interface InputNode {
  type: 'args';
  name: '_INPUT';
  args: unknown[];
  kwargs: Record<string, unknown>;
  value?: undefined;
}

/** The `_RETURN` node of a trace: what the traced function returned. */
export interface ReturnNode {
  type: 'return';
  name: '_RETURN';
  value: unknown;
}

/** A node of a Trace: a recorded message, or the `_INPUT` / `_RETURN` node. */
export type TraceNode = Message | InputNode | ReturnNode;

/** Fields of a new message; the rest take their defaults (see `makeMessage`). */
export type MessageInit<M extends Message = Message> = Pick<M, 'type' | 'name' | 'fn'> & Partial<Omit<M, 'type' | 'name' | 'fn'>>;

/** A message with Pyro's defaults: not observed, scale 1, no mask, no plates, not done. */
export function makeMessage<M extends Message>(init: MessageInit<M>): M {
  return {
    isObserved: false,
    args: [],
    kwargs: {},
    value: undefined,
    scale: 1,
    mask: null,
    condIndepStack: [],
    done: false,
    stop: false,
    continuation: null,
    infer: {},
    owned: [],
    ...init,
  } as M;
}

/**
 * A shallow copy of a message (Pyro's `msg.copy()`): `infer` and arrays are
 * shared, `owned` included, so that tensors a handler creates for the site
 * after a trace recorded it still belong to that trace.
 */
export function copyMessage<M extends Message>(msg: M): M {
  return { ...msg };
}
