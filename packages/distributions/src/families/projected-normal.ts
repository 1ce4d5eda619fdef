// ProjectedNormal(concentration): Pyro's projected isotropic normal, the
// direction x / |x| of x ~ Normal(concentration, I).
import { tf, detach, erfc, erfcx, randn } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { realVector, sphere } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { NotImplementedError } from '../errors.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { ValueError } from '../distribution/errors.js';
import { Distribution } from '../distribution/internal.js';
import { FLOAT32_TINY } from '../internal/util.js';

export interface ProjectedNormalArgs extends DistributionOptions {
  concentration: TensorInput;
}

const LOG_2PI = Math.log(2 * Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Pyro's `safe_normalize`: x / max(|x|, tiny) along the last dim, with the
 * zero vector mapped to [1, 0, ..., 0]. Call inside tf.tidy.
 */
export function safeNormalize(x: Tensor): Tensor {
  const norm = tf.sqrt(tf.sum(tf.square(x), -1, true));
  const y = tf.div(x, tf.maximum(norm, FLOAT32_TINY));
  const k = x.shape[x.rank - 1] as number;
  // int32 one-hot, then cast: tfjs-backend-wasm 4.22's OneHot ignores a float32 dtype.
  const first = tf.cast(tf.oneHot(tf.zeros(x.shape.slice(0, -1), 'int32'), k), 'float32');
  // |x| = 0 rather than Pyro's all(y == 0) (the same vectors), on a
  // detached norm: comparison kernels have no gradient in tfjs.
  return tf.where(tf.broadcastTo(tf.equal(detach(norm), 0), y.shape), first, y);
}

/** P and Q of ∫₀^∞ r^(d−1) φ(r − t) dr = P(t) φ(t) + Q(t) Φ(t) (Pyro's closed forms for d = 2, 3, 4). */
function radialCoefficients(d: number, t: Tensor): [Tensor, Tensor] {
  const t2 = tf.square(t);
  if (d === 2) return [tf.onesLike(t), t];
  if (d === 3) return [t, tf.add(t2, 1)];
  return [tf.add(t2, 2), tf.mul(t, tf.add(t2, 3))];
}

/** Depth of the continued fraction for the ratios of M_k(s) (error < 1e-6 for s ≥ 1). */
const CF_DEPTH = 40;

/**
 * log ∫₀^∞ r^(d−1) φ(r − t) dr, the radial integral of a unit normal along
 * the ray, for d = 2, 3, 4, accurate in float32 for every t:
 * - t ≥ 0: P(t) φ(t) + Q(t) Φ(t), all terms positive;
 * - −1 < t < 0: the same with Φ(t) = erfcx(−t/√2) e^(−t²/2) / 2 and the
 *   factor e^(−t²/2) taken out of the logarithm (at most 8× cancellation);
 * - t ≤ −1 (s = −t): φ(s) M_(d−1)(s) with M_k(s) = ∫₀^∞ r^k e^(−rs − r²/2) dr,
 *   M_0 = √(π/2) erfcx(s/√2) and the ratios r_k = M_k / M_(k−1) from their
 *   continued fraction r_k = k / (s + r_(k+1)) (backward, started at the
 *   asymptote r ≈ (√(s² + 4k) − s)/2): Pyro's closed forms cancel
 *   catastrophically there in float32 (2000× at t = −5.6 for d = 4), and
 *   Pyro clamps the integral at the dtype's eps.
 * Each branch sees only its own range of t, so no infinity reaches the
 * gradient through an unused branch. Call inside tf.tidy.
 */
function logRadialIntegral(d: number, t: Tensor): Tensor {
  const tp = tf.maximum(t, 0);
  const [pp, qp] = radialCoefficients(d, tp);
  const phi = tf.mul(tf.exp(tf.mul(tf.square(tp), -0.5)), INV_SQRT_2PI);
  const pos = tf.log(tf.add(tf.mul(pp, phi), tf.mul(qp, tf.mul(erfc(tf.mul(tp, -Math.SQRT1_2)), 0.5))));

  const tm = tf.clipByValue(t, -1, 0);
  const [pm, qm] = radialCoefficients(d, tm);
  const cx = erfcx(tf.mul(tm, -Math.SQRT1_2));
  const mid = tf.sub(tf.log(tf.add(tf.mul(pm, INV_SQRT_2PI), tf.mul(tf.mul(qm, cx), 0.5))), tf.mul(tf.square(tm), 0.5));

  const s = tf.maximum(tf.neg(t), 1);
  let r = tf.mul(tf.sub(tf.sqrt(tf.add(tf.square(s), 4 * (CF_DEPTH + 1))), s), 0.5);
  let logRatios: Tensor = tf.zerosLike(s);
  for (let k = CF_DEPTH; k >= 1; k--) {
    r = tf.div(k, tf.add(s, r));
    if (k < d) logRatios = tf.add(logRatios, tf.log(r));
  }
  const logM0 = tf.log(tf.mul(erfcx(tf.mul(s, Math.SQRT1_2)), Math.sqrt(Math.PI / 2)));
  const far = tf.add(tf.sub(tf.mul(tf.square(s), -0.5), 0.5 * LOG_2PI), tf.add(logM0, logRatios));

  const td = detach(t); // comparison kernels have no gradient in tfjs
  return tf.where(tf.greaterEqual(td, 0), pos, tf.where(tf.greater(td, -1), mid, far));
}

/**
 * `new ProjectedNormal(concentration)`: a direction on the unit sphere
 * (event shape `[d]`), the normalized draw of Normal(concentration, I).
 * The direction of `concentration` is the location, its norm the
 * concentration. `rsample` is reparameterized; `logProb` exists for
 * d ∈ {2, 3, 4} only (as in Pyro; other dims throw NotImplementedError).
 * `mean` and `mode` are the normalized concentration.
 */
export class ProjectedNormal extends Distribution {
  constructor(concentration: TensorInput, options?: DistributionOptions);
  constructor(args: ProjectedNormalArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('ProjectedNormal', args, ['concentration']);
    const concentration = required('ProjectedNormal', kw, 'concentration');
    const shape = inputShape(concentration);
    if (shape.length < 1) throw new ValueError('`concentration` parameter must be at least one-dimensional.');
    super(shape.slice(0, -1), shape.slice(-1), kw);
    this._params.concentration = concentration;
    this.validateParams();
  }

  override get className(): string {
    return 'ProjectedNormal';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { concentration: realVector };
  }

  protected override paramEventRank(): number {
    return 1;
  }

  override get support(): Constraint {
    return sphere;
  }

  override get hasRsample(): boolean {
    return true;
  }

  get concentration(): Tensor {
    return this.pOut('concentration');
  }

  override expand(batchShape: readonly number[]): ProjectedNormal {
    return this.expandedCopy(batchShape);
  }

  /** The normalized concentration (the centroid minimizing the expected squared geodesic distance). */
  override get mean(): Tensor {
    return tf.tidy(() => safeNormalize(this.p('concentration')));
  }

  override get mode(): Tensor {
    return tf.tidy(() => safeNormalize(this.p('concentration')));
  }

  override rsample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => safeNormalize(tf.add(randn(this.shape(sampleShape)), this.p('concentration'))));
  }

  /**
   * log p(x) = log ∫₀^∞ r^(d−1) N(r x; c, I) dr: with t = ⟨c, x⟩ and
   * r² = |c|² − t², (−r²/2 − (d−1)/2 log 2π) + log ∫₀^∞ s^(d−1) φ(s − t) ds.
   */
  override logProb(value: TensorInput): Tensor {
    const d = this.eventShape[0] as number;
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      if (d < 2 || d > 4) throw new NotImplementedError(`ProjectedNormal.log_prob() is not implemented for dim = ${d}.`);
      const c = this.p('concentration');
      const t = tf.sum(tf.mul(c, v), -1);
      const perp = tf.mul(tf.sub(tf.sum(tf.square(c), -1), tf.square(t)), -0.5);
      return tf.add(tf.sub(perp, ((d - 1) / 2) * LOG_2PI), logRadialIntegral(d, t));
    });
  }
}
