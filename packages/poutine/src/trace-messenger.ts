// Recording a run: TraceMessenger and the `trace` handler.
import type { InputNode, Message, ReturnNode } from './message.js';
import { Messenger, checkSynchronous, markWrapped } from './messenger.js';
import { NonlocalExit } from './nonlocal-exit.js';
import { Trace, type GraphType } from './trace.js';
import { isSubsample } from './subsample.js';

export interface TraceOptions {
  /** 'flat' (default): no edges; 'dense': edges from the plates' independence structure. */
  graphType?: GraphType;
  /** Record only param sites. */
  paramOnly?: boolean;
}

const ANNOTATED = Symbol.for('@pyro-ts/poutine.traceShapesAdded');

/**
 * Adds the edges implied by the sites' plates (Pyro's
 * `identify_dense_edges`): an earlier sample site feeds a later one unless
 * they sit in different iterations of a sequential plate.
 */
export function identifyDenseEdges(trace: Trace): void {
  const sites = [...trace.nodes].filter(([, n]) => n.type === 'sample' && !isSubsample(n.fn)) as Array<[string, Message]>;
  for (const [name, node] of sites) {
    for (const [pastName, past] of sites) {
      if (pastName === name) break;
      let independent = false;
      const n = Math.min(node.condIndepStack.length, past.condIndepStack.length);
      for (let i = 0; i < n; i++) {
        const q = node.condIndepStack[i];
        const t = past.condIndepStack[i];
        if (q !== undefined && t !== undefined && q.name === t.name && q.counter !== t.counter) {
          independent = true;
          break;
        }
      }
      if (!independent) trace.addEdge(pastName, name);
    }
  }
}

/** Records every sample and param site of a run into `trace` (Pyro's `TraceMessenger`). */
export class TraceMessenger extends Messenger {
  readonly graphType: GraphType;
  readonly paramOnly: boolean;
  /** The trace of the current (or last) run. */
  trace: Trace;

  constructor(options: TraceOptions = {}) {
    super();
    this.graphType = options.graphType ?? 'flat';
    this.paramOnly = options.paramOnly ?? false;
    this.trace = new Trace(this.graphType);
  }

  /** Starts a new trace and installs the handler. */
  override enter(): this {
    this.trace = new Trace(this.graphType);
    return super.enter();
  }

  override exit(failed = false): void {
    if (this.paramOnly) for (const [name, n] of [...this.trace.nodes]) if (n.type !== 'param') this.trace.removeNode(name);
    if (this.graphType === 'dense') identifyDenseEdges(this.trace);
    super.exit(failed);
  }

  /** A shallow copy of the current trace (Pyro's `get_trace`). */
  getTrace(): Trace {
    return this.trace.copy();
  }

  override reset(): void {
    const input = this.trace.nodes.get('_INPUT');
    const t = new Trace(this.graphType);
    if (input !== undefined) t.addNode('_INPUT', input);
    this.trace = t;
  }

  override postprocessMessage(msg: Message): void {
    if (msg.type === 'sample') {
      if (this.paramOnly) return;
      if (msg.infer._doNotTrace) return;
      this.trace.addNode(msg.name, { ...msg });
    } else if (msg.type === 'param') {
      this.trace.addNode(msg.name, { ...msg });
    }
  }
}

/** A traced function: call it as the function, or `getTrace(...args)` for the trace of a call. */
export interface TraceHandler<A extends unknown[], R> {
  (...args: A): R;
  /** The handler's messenger. */
  readonly msngr: TraceMessenger;
  /** The trace of the last call. */
  readonly trace: Trace;
  /** Calls the function and returns the trace of the call (a shallow copy). */
  getTrace(...args: A): Trace;
}

/**
 * Pyro's `poutine.trace(fn)`: records the inputs, every sample and param
 * site and the return value (`_INPUT`, `_RETURN`) of each call:
 * `trace(model).getTrace(x)`. An error raised inside gets the trace's shape
 * table appended to its message.
 */
export function trace<A extends unknown[], R>(fn: (...args: A) => R, options: TraceOptions = {}): TraceHandler<A, R> {
  const msngr = new TraceMessenger(options);
  const call = (...args: A): R => {
    msngr.enter();
    let ret: R;
    try {
      msngr.trace.addNode('_INPUT', { type: 'args', name: '_INPUT', args, kwargs: {} } satisfies InputNode);
      ret = fn(...args);
      checkSynchronous(ret, 'a traced function');
      msngr.trace.addNode('_RETURN', { type: 'return', name: '_RETURN', value: ret } satisfies ReturnNode);
    } catch (e) {
      if (e instanceof Error && !(e instanceof NonlocalExit) && !(e as unknown as Record<symbol, unknown>)[ANNOTATED]) {
        e.message = `${e.message}\n${msngr.trace.formatShapes()}`;
        Object.defineProperty(e, ANNOTATED, { value: true });
      }
      msngr.exit(true);
      throw e;
    }
    msngr.exit();
    return ret;
  };
  const handler = Object.assign(call, {
    msngr,
    getTrace: (...args: A): Trace => {
      call(...args);
      return msngr.getTrace();
    },
  });
  Object.defineProperty(handler, 'trace', { get: () => msngr.trace, enumerable: true });
  return markWrapped(handler as TraceHandler<A, R>, fn);
}
