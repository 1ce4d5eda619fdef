// RenyiELBO (Pyro's `RenyiELBO`): Rényi's α-divergence variational bound;
// α = 0 is the importance-weighted autoencoder's bound.
import { tf, detach } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { NotImplementedError } from '@pyro-ts/distributions';
import { ELBO, type ELBOOptions, type Objective, type ObjectiveContext, type ParticleTraces } from './elbo.js';
import { getDependentPlateDims, sumExistingDims } from './multi-frame-tensor.js';
import type { Guide, Model } from './types.js';

export interface RenyiELBOOptions extends ELBOOptions {
  /** The order α of the divergence (default 0); α ≠ 1. */
  alpha?: number;
}

/**
 * One particle's ELBO and surrogate ELBO, each summed over every plate
 * that not all sites share (the shared ones stay, so the bound is formed
 * per slice of them, as in Pyro).
 */
function particleTerms(t: ParticleTraces, alpha: number, withSurrogate: boolean): { elbo: Tensor; surrogate: Tensor } {
  const { modelTrace, guideTrace } = t;
  const sumDims = getDependentPlateDims(modelTrace.nodes.values());
  let elbo: Tensor = tf.scalar(0);
  let surrogate: Tensor = tf.scalar(0);
  for (const site of modelTrace.nodes.values()) {
    if (site.type !== 'sample') continue;
    const s = sumExistingDims(site.logProb as Tensor, sumDims);
    elbo = tf.add(elbo, detach(s));
    if (withSurrogate) surrogate = tf.add(surrogate, s);
  }
  for (const [name, site] of guideTrace.nodes) {
    if (site.type !== 'sample') continue;
    const s = sumExistingDims(site.logProb as Tensor, sumDims);
    elbo = tf.sub(elbo, detach(s));
    if (!withSurrogate) continue;
    const parts = site.scoreParts;
    const entropy = parts?.entropyTerm ?? 0;
    const sf = parts?.scoreFunction ?? 0;
    if (entropy !== 0) {
      if (sf !== 0) throw new NotImplementedError(`RenyiELBO: site '${name}' is partially reparameterized, which is not supported (Pyro issue #1222)`);
      surrogate = tf.sub(surrogate, s);
    }
    if (sf !== 0) surrogate = tf.add(surrogate, tf.mul(s, alpha / (1 - alpha)));
  }
  return { elbo, surrogate };
}

/**
 * Pyro's `RenyiELBO(alpha, numParticles)`: the Rényi α-divergence bound
 * `1/(1−α) log mean_k w_k^(1−α)` with importance weights `w_k = p/q` of
 * `numParticles` guide samples (Li & Turner 2016); α = 0 gives the
 * importance-weighted bound of Burda et al. (2015), tighter than the ELBO
 * for α < 1. The gradient weights each particle's surrogate by its
 * normalized weight. With plates shared by every site, the bound is formed
 * per slice of them and summed. Defaults: α = 0, two particles.
 */
export class RenyiELBO extends ELBO {
  readonly alpha: number;

  constructor(options: RenyiELBOOptions = {}) {
    const { alpha = 0, ...rest } = options;
    super({ numParticles: 2, ...rest });
    if (alpha === 1) throw new Error('The order alpha should not be equal to 1. Please use the TraceELBO class for the case alpha = 1.');
    this.alpha = alpha;
  }

  protected objective<A extends unknown[]>(model: Model<A>, guide: Guide<A>, args: A, ctx: ObjectiveContext): Objective {
    const traces = this.getTraces(model, guide, args);
    const terms = traces.map((t) => particleTerms(t, this.alpha, ctx.withSurrogate));
    let elbos: Tensor;
    let surrogates: Tensor | undefined;
    if (this.isVectorized) {
      const only = terms[0] as { elbo: Tensor; surrogate: Tensor };
      elbos = only.elbo;
      surrogates = only.surrogate;
    } else {
      // particles may differ in shape only where one has no site in a shared plate: broadcast
      const shape = terms.reduce<number[]>((s, t) => (t.elbo.rank > s.length ? t.elbo.shape : s), []);
      elbos = tf.stack(terms.map((t) => tf.broadcastTo(t.elbo, shape)));
      if (ctx.withSurrogate) surrogates = tf.stack(terms.map((t) => tf.broadcastTo(t.surrogate, shape)));
    }
    const n = this.numParticles;
    const logWeights = tf.mul(elbos, 1 - this.alpha);
    const logMeanWeight = tf.sub(tf.logSumExp(logWeights, 0, true), Math.log(n));
    const lossTerms: Array<[Tensor, number]> = [[tf.sum(logMeanWeight), -1 / (1 - this.alpha)]];
    if (!ctx.withSurrogate) return { lossTerms, traces };
    const weights = tf.exp(tf.sub(logWeights, logMeanWeight));
    const surrogateLoss = tf.neg(tf.div(tf.sum(tf.mul(weights, surrogates as Tensor)), n));
    return { lossTerms, surrogateLoss, traces };
  }
}
