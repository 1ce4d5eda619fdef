// The downstream cost of each non-reparameterized guide site: the terms of
// the ELBO that the site can influence, found from the dense dependency
// graphs of the guide and model traces (Pyro's `_compute_downstream_costs`).
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { CondIndepStackFrame, SampleMessage, Trace } from '@pyro-ts/poutine';
import { MultiFrameTensor, getPlateStacks } from './multi-frame-tensor.js';

/**
 * For each site of `nonReparamNodes`: the sum of `log p − log q` over the
 * site and its descendants in the guide, plus `log p` of the model sites
 * that are children of those (observations and model-only latents), each
 * summed to the site's plates. Also returns the names of the sites each
 * cost includes. Call inside `tf.tidy`.
 */
export function computeDownstreamCosts(
  modelTrace: Trace,
  guideTrace: Trace,
  nonReparamNodes: readonly string[],
): { costs: Map<string, Tensor | 0>; costNodes: Map<string, Set<string>> } {
  const order = guideTrace.topologicalSort(true).filter((n) => guideTrace.nodes.get(n)?.type === 'sample');
  const position = new Map(order.map((n, i) => [n, i]));
  const modelStacks = getPlateStacks(modelTrace);
  const guideStacks = getPlateStacks(guideTrace);
  const stackOf = (name: string): readonly CondIndepStackFrame[] => modelStacks.get(name) ?? guideStacks.get(name) ?? [];
  const costOf = (name: string): Tensor => {
    const g = guideTrace.nodes.get(name) as SampleMessage;
    const m = modelTrace.nodes.get(name);
    return m !== undefined && m.type === 'sample' ? tf.sub(m.logProb as Tensor, g.logProb as Tensor) : tf.neg(g.logProb as Tensor);
  };

  const downstream = new Map<string, MultiFrameTensor>();
  const costNodes = new Map<string, Set<string>>();
  for (const node of order) {
    const cost = new MultiFrameTensor([stackOf(node), costOf(node)]);
    const included = new Set([node]);
    const nodes = new Set([node]);
    // the children closest to the root first (their costs include the most other sites)
    const children = [...guideTrace.successors(node)].filter((c) => position.has(c)).sort((a, b) => (position.get(b) as number) - (position.get(a) as number));
    for (const child of children) {
      const childNodes = costNodes.get(child) as Set<string>;
      for (const c of childNodes) nodes.add(c);
      if ([...childNodes].every((c) => !included.has(c))) {
        cost.add(...(downstream.get(child) as MultiFrameTensor).items());
        for (const c of childNodes) included.add(c);
      }
    }
    // terms skipped above to avoid counting a site twice
    for (const missing of nodes) if (!included.has(missing)) cost.add([stackOf(missing), costOf(missing)]);
    downstream.set(node, cost);
    costNodes.set(node, nodes);
  }

  // the model's terms the guide's graph does not reach (observations, model-only sites)
  for (const site of nonReparamNodes) {
    const nodes = costNodes.get(site) as Set<string>;
    const childrenInModel = new Set<string>();
    for (const n of nodes) for (const c of modelTrace.successors(n)) childrenInModel.add(c);
    for (const n of nodes) childrenInModel.delete(n);
    const cost = downstream.get(site) as MultiFrameTensor;
    for (const child of childrenInModel) {
      const m = modelTrace.nodes.get(child);
      if (m === undefined || m.type !== 'sample') continue;
      cost.add([modelStacks.get(child) ?? [], m.logProb as Tensor]);
      nodes.add(child);
    }
  }

  const costs = new Map<string, Tensor | 0>();
  for (const k of nonReparamNodes) costs.set(k, (downstream.get(k) as MultiFrameTensor).sumTo(guideTrace.sampleSite(k).condIndepStack));
  return { costs, costNodes };
}
