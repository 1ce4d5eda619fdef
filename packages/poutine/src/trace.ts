// Trace: the record of one run of a model (Pyro's `trace_struct.Trace`).
import { tf, detach, formatShape, isTensor } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Message, SampleMessage, TraceNode } from './message.js';
import { formatShapes } from './format-shapes.js';
import { scaleAndMask } from './scale-and-mask.js';
import { isValidationEnabled } from './runtime.js';
import { warnIfNonFinite } from './warn.js';

export type GraphType = 'flat' | 'dense';

/** Chooses the sample sites a log-probability computation includes. */
export type SiteFilter = (name: string, site: SampleMessage) => boolean;

const allSites: SiteFilter = () => true;

function isMessageNode(n: TraceNode): n is Message {
  return n.type !== 'args' && n.type !== 'return';
}

function describeShape(v: unknown): string {
  return isTensor(v) ? formatShape(v.shape) : '(no tensor)';
}

/** Adds the trace's shape table to an error raised at a site (Pyro adds it to the ValueError). */
function rethrowAtSite(e: unknown, what: string, name: string, shapes: string): never {
  if (e instanceof Error) {
    e.message = `Error while computing ${what} at site '${name}':\n${e.message}\n${shapes}`;
    throw e;
  }
  throw new Error(`Error while computing ${what} at site '${name}':\n${String(e)}\n${shapes}`);
}

/**
 * The nodes of one execution, keyed by site name in execution order: every
 * sample and param site (the messages as the handlers left them), plus the
 * `_INPUT` and `_RETURN` nodes a traced call adds. Sites' values are kept as
 * they were; log-probabilities are computed on demand and memoized.
 *
 * Memory: `dispose()` frees the tensors the trace owns: values the runtime
 * created during the run (drawn samples, plate indices, subsampled or
 * constrained parameters, products of tensor scales; each site's `owned`)
 * and every log-probability it computed. Observations, replayed or
 * substituted values, parameter variables and the return value belong to
 * whoever made them. Inside a `tf.tidy` all of these belong to the tidy.
 */
export class Trace {
  readonly graphType: GraphType;
  /** Sites by name, in execution order. */
  readonly nodes = new Map<string, TraceNode>();
  private readonly succ = new Map<string, Set<string>>();
  private readonly pred = new Map<string, Set<string>>();
  /** Tensors owned by param nodes that a later param statement of the same name replaced. */
  private readonly retired: Tensor[] = [];

  constructor(graphType: GraphType = 'flat') {
    if (graphType !== 'flat' && graphType !== 'dense') throw new Error(`${String(graphType)} not a valid graph type`);
    this.graphType = graphType;
  }

  has(name: string): boolean {
    return this.nodes.has(name);
  }

  /** The node named `name`, or undefined. */
  get(name: string): TraceNode | undefined {
    return this.nodes.get(name);
  }

  /** The sample site named `name` (throws when there is none). */
  sampleSite(name: string): SampleMessage {
    const n = this.nodes.get(name);
    if (n === undefined || n.type !== 'sample') throw new Error(`the trace has no sample site named '${name}' (it has: ${[...this.nodes.keys()].join(', ') || 'nothing'})`);
    return n;
  }

  /** The value of site `name` (throws when the site is missing or has no tensor value). */
  value(name: string): Tensor {
    const n = this.nodes.get(name);
    if (n === undefined || !isTensor(n.value)) throw new Error(`the trace has no tensor value at site '${name}'`);
    return n.value;
  }

  get size(): number {
    return this.nodes.size;
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.nodes.keys();
  }

  /**
   * Adds a site. A second site of the same name throws unless both are param
   * sites (the later one replaces the earlier, as in Pyro).
   */
  addNode(name: string, node: TraceNode): void {
    const site = this.nodes.get(name);
    if (site !== undefined) {
      if (site.type !== node.type) throw new Error(`site '${name}' is already in the trace as a ${site.type} site, so it cannot be added as a ${node.type} site; rename one of the two statements`);
      if (node.type !== 'param') {
        throw new Error(
          `Multiple ${node.type} sites named '${name}' (the first has value shape ${describeShape(site.value)}, ` +
            `the second ${describeShape(node.value)}). Site names must be unique within one run: give each ` +
            `statement its own name, e.g. \`${name}_\${i}\` inside a loop.`,
        );
      }
    }
    if (site !== undefined && site.type === 'param' && site.owned !== undefined && site.owned !== (node as Message).owned) this.retired.push(...site.owned);
    this.nodes.set(name, node);
    this.pred.set(name, new Set());
    this.succ.set(name, new Set());
  }

  /** Adds the edge `a -> b` (both sites must be in the trace). */
  addEdge(a: string, b: string): void {
    for (const s of [a, b]) if (!this.nodes.has(s)) throw new Error(`addEdge: no site named '${s}'`);
    (this.succ.get(a) as Set<string>).add(b);
    (this.pred.get(b) as Set<string>).add(a);
  }

  /** Every edge as `[from, to]`. */
  get edges(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const [a, bs] of this.succ) for (const b of bs) out.push([a, b]);
    return out;
  }

  removeNode(name: string): void {
    this.nodes.delete(name);
    for (const p of this.pred.get(name) ?? []) this.succ.get(p)?.delete(name);
    for (const s of this.succ.get(name) ?? []) this.pred.get(s)?.delete(name);
    this.pred.delete(name);
    this.succ.delete(name);
  }

  predecessors(name: string): Set<string> {
    return this.pred.get(name) ?? new Set();
  }

  successors(name: string): Set<string> {
    return this.succ.get(name) ?? new Set();
  }

  /** A shallow copy: new maps, the same node objects. */
  copy(): Trace {
    const t = new Trace(this.graphType);
    for (const [k, v] of this.nodes) t.nodes.set(k, v);
    for (const [k, v] of this.succ) t.succ.set(k, new Set(v));
    for (const [k, v] of this.pred) t.pred.set(k, new Set(v));
    t.retired.push(...this.retired);
    return t;
  }

  /** Site names in topological order of the edges (reversed when `reverse`). */
  topologicalSort(reverse = false): string[] {
    const visited = new Set<string>();
    const order: string[] = [];
    const dfs = (s: string): void => {
      if (visited.has(s)) return;
      for (const n of this.succ.get(s) ?? []) dfs(n);
      visited.add(s);
      order.push(s);
    };
    for (const s of this.succ.keys()) dfs(s);
    return reverse ? order : order.reverse();
  }

  /**
   * The sum of the scaled and masked log-probabilities of the sample sites
   * `siteFilter` accepts (memoized per site as `logProbSum`). Returns a new
   * scalar tensor the caller owns (0 when there is no such site).
   */
  logProbSum(siteFilter: SiteFilter = allSites): Tensor {
    const terms: Tensor[] = [];
    for (const [name, site] of this.nodes) {
      if (site.type !== 'sample' || !siteFilter(name, site)) continue;
      if (site.logProbSum === undefined) {
        let lp: Tensor;
        try {
          lp = site.fn.logProb(site.value as Tensor);
        } catch (e) {
          rethrowAtSite(e, 'log_prob_sum', name, this.formatShapes(undefined, name));
        }
        site.logProbSum = tf.tidy(() => tf.sum(scaleAndMask(lp, site.scale, site.mask)));
        lp.dispose();
        if (isValidationEnabled()) {
          warnIfNonFinite(site.logProbSum, `log_prob_sum at site '${name}'`, true);
        }
      }
      terms.push(site.logProbSum);
    }
    return tf.tidy(() => terms.reduce<Tensor>((acc, t) => tf.add(acc, t), tf.scalar(0)));
  }

  /**
   * Computes each accepted sample site's `unscaledLogProb`, `logProb`
   * (scaled and masked, of the site's batch shape) and `logProbSum`, once.
   */
  computeLogProb(siteFilter: SiteFilter = allSites): void {
    for (const [name, site] of this.nodes) {
      if (site.type !== 'sample' || !siteFilter(name, site) || site.logProb !== undefined) continue;
      let lp: Tensor;
      try {
        lp = site.fn.logProb(site.value as Tensor);
      } catch (e) {
        rethrowAtSite(e, 'log_prob', name, this.formatShapes(undefined, name));
      }
      site.unscaledLogProb = lp;
      site.logProb = scaleAndMask(lp, site.scale, site.mask);
      site.logProbSum = tf.sum(site.logProb);
      if (isValidationEnabled()) {
        warnIfNonFinite(site.logProbSum, `log_prob_sum at site '${name}'`, true);
      }
    }
  }

  /**
   * Computes each sample site's `scoreParts` (scaled and masked, except the
   * score-function term), `unscaledLogProb`, `logProb` and `logProbSum`, once.
   */
  computeScoreParts(): void {
    for (const [name, site] of this.nodes) {
      if (site.type !== 'sample' || site.scoreParts !== undefined) continue;
      let parts;
      try {
        parts = site.fn.scoreParts(site.value as Tensor);
      } catch (e) {
        rethrowAtSite(e, 'score_parts', name, this.formatShapes(undefined, name));
      }
      // values computeLogProb memoized stay owned by the trace (the caller may hold them)
      for (const t of [site.unscaledLogProb, site.logProb, site.logProbSum]) if (t !== undefined) (site.owned ??= []).push(t);
      site.unscaledLogProb = parts.logProb;
      const logProb = scaleAndMask(parts.logProb, site.scale, site.mask);
      const entropyTerm =
        parts.entropyTerm === 0 ? 0 : parts.entropyTerm === parts.logProb ? logProb : scaleAndMask(parts.entropyTerm, site.scale, site.mask);
      site.scoreParts = { logProb, scoreFunction: parts.scoreFunction, entropyTerm };
      site.logProb = logProb;
      site.logProbSum = tf.sum(logProb);
      if (isValidationEnabled()) {
        warnIfNonFinite(site.logProbSum, `log_prob_sum at site '${name}'`, true);
      }
    }
  }

  /** Replaces every sample site's value by a detached copy (Pyro's `detach_`). */
  detach_(): void {
    for (const site of this.nodes.values()) {
      if (site.type !== 'sample' || site.value === undefined) continue;
      const d = detach(site.value);
      (site.owned ??= []).push(d);
      site.value = d;
    }
  }

  /** Names of the observed sample sites. */
  get observationNodes(): string[] {
    return this.names((n) => n.type === 'sample' && n.isObserved);
  }

  /** Names of the param sites. */
  get paramNodes(): string[] {
    return this.names((n) => n.type === 'param');
  }

  /** Names of the latent (not observed) sample sites. */
  get stochasticNodes(): string[] {
    return this.names((n) => n.type === 'sample' && !n.isObserved);
  }

  /** Latent sample sites whose distribution has `rsample`. */
  get reparameterizedNodes(): string[] {
    return this.names((n) => n.type === 'sample' && !n.isObserved && n.fn.hasRsample);
  }

  /** Latent sample sites whose distribution has no `rsample`. */
  get nonreparamStochasticNodes(): string[] {
    return this.names((n) => n.type === 'sample' && !n.isObserved && !n.fn.hasRsample);
  }

  /** `[name, site]` of every latent sample site. */
  *iterStochasticNodes(): IterableIterator<[string, SampleMessage]> {
    for (const [name, n] of this.nodes) if (n.type === 'sample' && !n.isObserved) yield [name, n];
  }

  /** Pyro's `format_shapes()`: a table of the shapes of every site. */
  formatShapes(title = 'Trace Shapes:', lastSite?: string): string {
    return formatShapes(this.nodes, title, lastSite);
  }

  /** Every tensor this trace owns (see the class comment). */
  ownedTensors(): Tensor[] {
    const out = new Set<Tensor>();
    const add = (t: unknown): void => {
      if (isTensor(t) && !(t instanceof tf.Variable)) out.add(t);
    };
    for (const t of this.retired) add(t);
    for (const n of this.nodes.values()) {
      if (!isMessageNode(n)) continue;
      for (const t of n.owned ?? []) add(t);
      add(n.logProb);
      add(n.logProbSum);
      add(n.unscaledLogProb);
      if (n.scoreParts !== undefined) {
        add(n.scoreParts.logProb);
        add(n.scoreParts.scoreFunction);
        add(n.scoreParts.entropyTerm);
      }
    }
    return [...out];
  }

  /** Keeps the owned tensors past the enclosing `tf.tidy` (for a trace that leaves it on purpose). */
  keep(): this {
    for (const t of this.ownedTensors()) tf.keep(t);
    return this;
  }

  /** Frees the tensors this trace owns and empties it. */
  dispose(): void {
    for (const t of this.ownedTensors()) t.dispose();
    this.nodes.clear();
    this.retired.length = 0;
    this.succ.clear();
    this.pred.clear();
  }

  private names(pred: (n: TraceNode) => boolean): string[] {
    const out: string[] = [];
    for (const [name, n] of this.nodes) if (pred(n)) out.push(name);
    return out;
  }
}
