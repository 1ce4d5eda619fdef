// TraceMeanFieldELBO (Pyro's `TraceMeanField_ELBO`): analytic KL divergences
// between the guide and the model where the KL registry has them.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { NotImplementedError, klDivergence } from '@pyro-ts/distributions';
import { isValidationEnabled, scaleAndMask, type Trace } from '@pyro-ts/poutine';
import { checkFullyReparametrized } from './checks.js';
import { signedSum, type ObjectiveContext, type Objective, type ParticleTraces } from './elbo.js';
import { TraceELBO } from './trace-elbo.js';
import type { Guide, Model } from './types.js';
import { warnOnce } from './warn.js';

/** Warns unless the model and guide sample their shared sites in the same order (sufficient for mean field). */
function checkMeanFieldRequirement(modelTrace: Trace, guideTrace: Trace): void {
  const modelSites = [...modelTrace.nodes].filter(([n, s]) => s.type === 'sample' && guideTrace.has(n)).map(([n]) => n);
  const guideSites = [...guideTrace.nodes].filter(([n, s]) => s.type === 'sample' && modelTrace.has(n)).map(([n]) => n);
  if (modelSites.join('\u0000') !== guideSites.join('\u0000')) {
    warnOnce(
      'Failed to verify mean field restriction on the guide. To eliminate this warning, ensure model and guide sites occur in the same order.\n' +
        `Model sites:\n  ${modelSites.join('\n  ')}\nGuide sites:\n  ${guideSites.join('\n  ')}`,
    );
  }
}

/**
 * The ELBO of one particle with analytic KL terms: the observed sites'
 * log-probabilities, minus KL(q ‖ p) (scaled and masked as the guide site)
 * for each latent site whose pair of distributions the KL registry knows,
 * else the Monte Carlo term log p − log q; auxiliary guide sites add their
 * entropy term. Differentiable (every guide site must be reparameterized).
 */
export function meanFieldElbo(modelTrace: Trace, guideTrace: Trace): Tensor {
  const validate = isValidationEnabled();
  const plus: Tensor[] = [];
  const minus: Tensor[] = [];
  for (const [name, m] of modelTrace.nodes) {
    if (m.type !== 'sample') continue;
    if (m.isObserved) {
      plus.push(m.logProbSum as Tensor);
      continue;
    }
    const g = guideTrace.sampleSite(name);
    if (validate) checkFullyReparametrized(g);
    let kl: Tensor;
    try {
      kl = klDivergence(g.fn, m.fn);
    } catch (e) {
      if (!(e instanceof NotImplementedError)) throw e;
      const entropy = g.scoreParts?.entropyTerm ?? 0;
      plus.push(m.logProbSum as Tensor);
      if (entropy !== 0) minus.push(entropy === g.logProb && g.logProbSum !== undefined ? g.logProbSum : tf.sum(entropy));
      continue;
    }
    const scaled = scaleAndMask(kl, g.scale, g.mask);
    const bs = g.fn.batchShape;
    if (scaled.rank !== bs.length || scaled.shape.some((d, i) => d !== bs[i])) {
      throw new Error(`TraceMeanFieldELBO: KL divergence at site '${name}' has shape [${scaled.shape.join(', ')}], expected the guide's batch shape [${bs.join(', ')}]`);
    }
    minus.push(tf.sum(scaled));
  }
  for (const [name, g] of guideTrace.nodes) {
    if (g.type !== 'sample' || modelTrace.has(name)) continue;
    if (g.infer.isAuxiliary !== true) throw new Error(`TraceMeanFieldELBO: guide site '${name}' is not in the model and not auxiliary`);
    if (validate) checkFullyReparametrized(g);
    const entropy = g.scoreParts?.entropyTerm ?? 0;
    if (entropy !== 0) minus.push(entropy === g.logProb && g.logProbSum !== undefined ? g.logProbSum : tf.sum(entropy));
  }
  return signedSum(plus, minus);
}

/**
 * Pyro's `TraceMeanField_ELBO`: as TraceELBO, but each latent site whose
 * (guide, model) pair of distributions has a registered KL divergence
 * contributes the analytic −KL(q ‖ p) instead of a Monte Carlo estimate,
 * which lowers the variance. Assumes a mean-field guide (each latent site's
 * guide distribution does not depend on latent sites that the model draws
 * after it; sampling the sites in the same order is sufficient) whose sites
 * are all reparameterized. The loss is the same estimate.
 */
export class TraceMeanFieldELBO extends TraceELBO {
  protected override getTrace<A extends unknown[]>(model: Model<A>, guide: Guide<A>, args: A): ParticleTraces {
    const t = super.getTrace(model, guide, args);
    if (isValidationEnabled()) checkMeanFieldRequirement(t.modelTrace, t.guideTrace);
    return t;
  }

  protected override objective<A extends unknown[]>(model: Model<A>, guide: Guide<A>, args: A, ctx: ObjectiveContext): Objective {
    const traces = this.getTraces(model, guide, args);
    const e = traces.map((t) => meanFieldElbo(t.modelTrace, t.guideTrace));
    const loss = tf.mul(e.length === 1 ? (e[0] as Tensor) : tf.addN(e), -1 / this.numParticles);
    return ctx.withSurrogate ? { lossTerms: [[loss, 1]], surrogateLoss: loss, traces } : { lossTerms: [[loss, 1]], traces };
  }
}
