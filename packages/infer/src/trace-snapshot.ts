// Keeping a trace past the `tf.tidy` that made it (ARCHITECTURE.md §4.4).
import { tf, isTensor } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Message, TraceNode, Trace } from '@pyro-ts/poutine';

/**
 * A copy of `trace` whose tensors (site values, log-probabilities, a tensor
 * return value) are new handles on the same data, kept past the enclosing
 * `tf.tidy` and owned by the copy: `copy.dispose()` frees exactly them
 * (the return value included). Every sample site gets its log-probability
 * computed first. The copy's distributions are the run's: their
 * parameters may be freed with the tidy, so use the recorded values and
 * log-probabilities rather than calling the distributions.
 */
export function snapshotTrace(trace: Trace): Trace {
  trace.computeLogProb();
  const out = trace.copy();
  const kept: Tensor[] = [];
  const clone = (t: unknown): Tensor | undefined => {
    if (!isTensor(t)) return undefined;
    const c = tf.keep(tf.clone(t));
    kept.push(c);
    return c;
  };
  const messages = [...trace.nodes.values()].filter((n) => n.type !== 'args' && n.type !== 'return');
  let owner: Message | undefined;
  for (const [name, node] of trace.nodes) {
    if (node.type === 'args') continue;
    if (node.type === 'return') {
      // a tensor return value is owned by the first site, so that dispose() frees it (kept as is without sites)
      const v = messages.length > 0 ? clone(node.value) : undefined;
      out.nodes.set(name, v === undefined ? { ...node } : { ...node, value: v });
      continue;
    }
    const m = { ...node, owned: [] as Tensor[] } as Message;
    delete m.scoreParts;
    const v = clone(node.value);
    if (v !== undefined) m.value = v;
    m.logProb = clone(node.logProb);
    m.unscaledLogProb = clone(node.unscaledLogProb);
    m.logProbSum = clone(node.logProbSum);
    for (const k of ['logProb', 'unscaledLogProb', 'logProbSum'] as const) if (m[k] === undefined) delete m[k];
    if (v !== undefined) (m.owned as Tensor[]).push(v);
    owner ??= m;
    out.nodes.set(name, m as TraceNode);
  }
  const ret = out.nodes.get('_RETURN');
  if (ret !== undefined && isTensor(ret.value) && owner !== undefined && ret.value !== trace.nodes.get('_RETURN')?.value) (owner.owned as Tensor[]).push(ret.value);
  return out;
}
