// TraceELBO (Pyro's `Trace_ELBO`): reparameterized terms by the pathwise
// gradient, score-function terms weighted by the log-ratio of the model to
// the guide, Rao-Blackwellized through the plates only (partial
// Rao-Blackwellization).
import { tf, detach } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Trace } from '@pyro-ts/poutine';
import { ELBO, signedSum, type Objective, type ObjectiveContext } from './elbo.js';
import { MultiFrameTensor, getPlateStacks } from './multi-frame-tensor.js';
import type { Guide, Model } from './types.js';

/** `log p - log q` of every model sample site (detached), keyed by its plates (Pyro's `_compute_log_r`). */
export function computeLogR(modelTrace: Trace, guideTrace: Trace): MultiFrameTensor {
  const logR = new MultiFrameTensor();
  const stacks = getPlateStacks(modelTrace);
  for (const [name, site] of modelTrace.nodes) {
    if (site.type !== 'sample') continue;
    let term = site.logProb as Tensor;
    if (!site.isObserved) {
      const g = guideTrace.nodes.get(name);
      if (g !== undefined && g.type === 'sample') term = tf.sub(term, g.logProb as Tensor);
    }
    logR.add([stacks.get(name) ?? [], detach(term)]);
  }
  return logR;
}

/** The ELBO of one particle as loss terms (`−log p + log q` per site, scaled by `1/n`). */
export function elboLossTerms(modelTrace: Trace, guideTrace: Trace, n = 1): Array<[Tensor, number]> {
  const terms: Array<[Tensor, number]> = [];
  for (const site of modelTrace.nodes.values()) if (site.type === 'sample') terms.push([site.logProbSum as Tensor, -1 / n]);
  for (const site of guideTrace.nodes.values()) if (site.type === 'sample') terms.push([site.logProbSum as Tensor, 1 / n]);
  return terms;
}

/** The sum of the model's log-probabilities minus the guide's, as a scalar tensor. */
export function elboOfTraces(modelTrace: Trace, guideTrace: Trace): Tensor {
  const plus: Tensor[] = [];
  const minus: Tensor[] = [];
  for (const site of modelTrace.nodes.values()) if (site.type === 'sample') plus.push(site.logProbSum as Tensor);
  for (const site of guideTrace.nodes.values()) if (site.type === 'sample') minus.push(site.logProbSum as Tensor);
  return signedSum(plus, minus);
}

/** `Σ_sites sum(entropyTerm)` of a guide trace's sites, each as a scalar (the site's `logProbSum` when the entropy term is its log-probability). */
export function entropyTermSums(guideTrace: Trace): Tensor[] {
  const out: Tensor[] = [];
  for (const site of guideTrace.nodes.values()) {
    if (site.type !== 'sample') continue;
    const e = site.scoreParts?.entropyTerm ?? 0;
    if (e === 0) continue;
    out.push(e === site.logProb && site.logProbSum !== undefined ? site.logProbSum : tf.sum(e));
  }
  return out;
}

/**
 * The surrogate ELBO of one particle (Pyro's `Trace_ELBO._differentiable_loss_particle`):
 * the model's log-probabilities, minus each guide site's entropy term,
 * plus each non-reparameterized guide site's score function times the
 * detached log-ratio summed to the site's plates. Negated with `negate`.
 */
export function traceSurrogateElbo(modelTrace: Trace, guideTrace: Trace, negate = false): Tensor {
  const plus: Tensor[] = [];
  for (const site of modelTrace.nodes.values()) if (site.type === 'sample') plus.push(site.logProbSum as Tensor);
  let logR: MultiFrameTensor | undefined;
  for (const site of guideTrace.nodes.values()) {
    if (site.type !== 'sample') continue;
    const sf = site.scoreParts?.scoreFunction ?? 0;
    if (sf === 0) continue;
    logR ??= computeLogR(modelTrace, guideTrace);
    const r = logR.sumTo(site.condIndepStack);
    if (r !== 0) plus.push(tf.sum(tf.mul(r, sf)));
  }
  const minus = entropyTermSums(guideTrace);
  return negate ? signedSum(minus, plus) : signedSum(plus, minus);
}

/**
 * Pyro's `Trace_ELBO`: the ELBO estimated from `numParticles` guide samples.
 * Its gradient estimator is pathwise for reparameterized sites and uses the
 * score function for the others, with the cost of each such site restricted
 * by the plates it is in (only terms in the same plate slice count, plus
 * terms outside the plate). There is no restriction on the dependency
 * structure of the model or the guide.
 */
export class TraceELBO extends ELBO {
  protected objective<A extends unknown[]>(model: Model<A>, guide: Guide<A>, args: A, ctx: ObjectiveContext): Objective {
    const traces = this.getTraces(model, guide, args);
    const n = this.numParticles;
    const lossTerms = traces.flatMap((t) => elboLossTerms(t.modelTrace, t.guideTrace, n));
    if (!ctx.withSurrogate) return { lossTerms, traces };
    // −Σ surrogate ELBOs / n
    const s = traces.map((t) => traceSurrogateElbo(t.modelTrace, t.guideTrace, true));
    const total = s.length === 1 ? (s[0] as Tensor) : tf.addN(s);
    return { lossTerms, surrogateLoss: n === 1 ? total : tf.mul(total, 1 / n), traces };
  }
}
