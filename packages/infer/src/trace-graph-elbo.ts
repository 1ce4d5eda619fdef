// TraceGraphELBO (Pyro's `TraceGraph_ELBO`): the score-function terms of
// non-reparameterized guide sites are weighted by their downstream costs
// only (Rao-Blackwellization through the dependency structure), minus a
// baseline per site when asked.
import { tf, detach } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { ParamStore } from '@pyro-ts/param-store';
import type { Trace } from '@pyro-ts/poutine';
import { constructBaseline } from './baseline.js';
import { computeDownstreamCosts } from './downstream-costs.js';
import { ELBO, signedSum, type Objective, type ObjectiveContext } from './elbo.js';
import { elboLossTerms, entropyTermSums } from './trace-elbo.js';
import type { Guide, Model } from './types.js';

/**
 * The surrogate loss of one particle (Pyro's `_compute_elbo_reparam` and
 * `_compute_elbo_non_reparam`): −(model log-probabilities − guide entropy
 * terms + Σ score function × (downstream cost − baseline), detached) + the
 * baseline losses.
 */
export function traceGraphSurrogateLoss(modelTrace: Trace, guideTrace: Trace, store: ParamStore): Tensor {
  const plus: Tensor[] = [];
  for (const site of modelTrace.nodes.values()) if (site.type === 'sample') plus.push(site.logProbSum as Tensor);
  const baselineLosses: Tensor[] = [];
  const nonReparam = guideTrace.nonreparamStochasticNodes;
  if (nonReparam.length > 0) {
    const { costs } = computeDownstreamCosts(modelTrace, guideTrace, nonReparam);
    for (const node of nonReparam) {
      const site = guideTrace.sampleSite(node);
      let cost = costs.get(node) ?? 0;
      const sf = site.scoreParts?.scoreFunction ?? 0;
      if (cost === 0 || sf === 0) continue;
      const b = constructBaseline(node, site, cost, store);
      if (b.used) {
        if (b.baseline !== 0) cost = tf.sub(cost, b.baseline);
        if (b.baselineLoss !== 0) baselineLosses.push(b.baselineLoss);
      }
      plus.push(tf.sum(tf.mul(sf, detach(cost))));
    }
  }
  // −surrogate ELBO + baseline losses
  return signedSum([...entropyTermSums(guideTrace), ...baselineLosses], plus);
}

/**
 * Pyro's `TraceGraph_ELBO`: the ELBO with a gradient estimator that uses
 * the dependency structure of the guide and the model (their dense graphs:
 * a site may depend on every site sampled before it, except across the
 * iterations of a sequential plate, and on nothing outside its slice of a
 * vectorized plate) so that each non-reparameterized site's score function
 * is weighted only by the costs it can influence, optionally minus a
 * baseline: `sample('z', d, { infer: { baseline: { useDecayingAvgBaseline: true } } })`,
 * `{ nnBaseline, nnBaselineInput }` or `{ baselineValue }` (see `BaselineOptions`).
 * Baselines of the last two kinds are trained through the baseline loss,
 * which is added to the surrogate loss.
 */
export class TraceGraphELBO extends ELBO {
  protected override readonly graphType = 'dense' as const;

  protected objective<A extends unknown[]>(model: Model<A>, guide: Guide<A>, args: A, ctx: ObjectiveContext): Objective {
    const traces = this.getTraces(model, guide, args);
    const n = this.numParticles;
    const lossTerms = traces.flatMap((t) => elboLossTerms(t.modelTrace, t.guideTrace, n));
    if (!ctx.withSurrogate) return { lossTerms, traces };
    const s = traces.map((t) => traceGraphSurrogateLoss(t.modelTrace, t.guideTrace, ctx.store));
    const total = s.length === 1 ? (s[0] as Tensor) : tf.addN(s);
    return { lossTerms, surrogateLoss: n === 1 ? total : tf.mul(total, 1 / n), traces };
  }
}
