// RenyiELBO (Pyro's `RenyiELBO`): Rényi's α-divergence variational bound;
// α = 0 is the importance-weighted autoencoder's bound.
import { tf, detach } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { NotImplementedError } from '@pyro-ts/distributions';
import { ELBO, signedSum, type ELBOOptions, type Objective, type ObjectiveContext, type ParticleTraces } from './elbo.js';
import { getDependentPlateDims, sumExistingDims } from './multi-frame-tensor.js';
import type { Guide, Model } from './types.js';

export interface RenyiELBOOptions extends ELBOOptions {
  /** The order α of the divergence (default 0); α ≠ 1. */
  alpha?: number;
}

/**
 * One particle's ELBO (detached) and surrogate ELBO, each summed over every
 * plate that not all sites share (the shared ones stay, so the bound is
 * formed per slice of them, as in Pyro).
 */
function particleTerms(t: ParticleTraces, alpha: number, withSurrogate: boolean): { elbo: Tensor; surrogate?: Tensor } {
  const { modelTrace, guideTrace } = t;
  const sumDims = getDependentPlateDims(modelTrace.nodes.values());
  const modelTerms: Tensor[] = [];
  const guideTerms: Tensor[] = [];
  const surrPlus: Tensor[] = [];
  const surrMinus: Tensor[] = [];
  for (const site of modelTrace.nodes.values()) {
    if (site.type !== 'sample') continue;
    const s = sumExistingDims(site.logProb as Tensor, sumDims);
    modelTerms.push(s);
    surrPlus.push(s);
  }
  for (const [name, site] of guideTrace.nodes) {
    if (site.type !== 'sample') continue;
    const s = sumExistingDims(site.logProb as Tensor, sumDims);
    guideTerms.push(s);
    if (!withSurrogate) continue;
    const parts = site.scoreParts;
    const entropy = parts?.entropyTerm ?? 0;
    const sf = parts?.scoreFunction ?? 0;
    if (entropy !== 0) {
      if (sf !== 0) throw new NotImplementedError(`RenyiELBO: site '${name}' is partially reparameterized, which is not supported (Pyro issue #1222)`);
      surrMinus.push(s);
    }
    if (sf !== 0) surrPlus.push(tf.mul(s, alpha / (1 - alpha)));
  }
  const all = [...modelTerms, ...guideTerms, ...surrPlus, ...surrMinus];
  const shape = all.reduce<number[]>((sh, x) => (x.rank > sh.length ? x.shape : sh), []);
  const fit = (xs: Tensor[]): Tensor[] => xs.map((x) => (x.rank === shape.length ? x : tf.broadcastTo(x, shape)));
  const elbo = detach(signedSum(fit(modelTerms), fit(guideTerms)));
  return withSurrogate ? { elbo, surrogate: signedSum(fit(surrPlus), fit(surrMinus)) } : { elbo };
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
      const only = terms[0] as { elbo: Tensor; surrogate?: Tensor };
      elbos = only.elbo;
      surrogates = only.surrogate;
    } else {
      // particles may differ in shape only where one has no site in a shared plate: broadcast
      const shape = terms.reduce<number[]>((s, t) => (t.elbo.rank > s.length ? t.elbo.shape : s), []);
      const fit = (x: Tensor): Tensor => (x.rank === shape.length ? x : tf.broadcastTo(x, shape));
      elbos = terms.length === 1 ? tf.expandDims(fit((terms[0] as { elbo: Tensor }).elbo), 0) : tf.stack(terms.map((t) => fit(t.elbo)));
      if (ctx.withSurrogate) {
        const ss = terms.map((t) => fit(t.surrogate as Tensor));
        surrogates = ss.length === 1 ? tf.expandDims(ss[0] as Tensor, 0) : tf.stack(ss);
      }
    }
    // The log-weights are constants of the gradient: read them once and form
    // the bound and the normalized weights in float64.
    const n = this.numParticles;
    const k = elbos.shape[0] as number;
    const values = elbos.dataSync();
    const width = values.length / k;
    const a = 1 - this.alpha;
    const weights = new Float32Array(values.length);
    let bound = 0;
    for (let j = 0; j < width; j++) {
      let mx = -Infinity;
      for (let i = 0; i < k; i++) mx = Math.max(mx, a * (values[i * width + j] as number));
      let sum = 0;
      for (let i = 0; i < k; i++) sum += Math.exp(a * (values[i * width + j] as number) - mx);
      const logMean = mx + Math.log(sum) - Math.log(n);
      bound += logMean;
      for (let i = 0; i < k; i++) weights[i * width + j] = Math.exp(a * (values[i * width + j] as number) - logMean) / n;
    }
    const lossValue = -bound / a;
    if (!ctx.withSurrogate) return { lossTerms: [], lossValue, traces };
    const w = tf.tensor(weights, elbos.shape, 'float32');
    const surrogateLoss = tf.neg(tf.sum(tf.mul(w, surrogates as Tensor)));
    return { lossTerms: [], lossValue, surrogateLoss, traces };
  }
}
