// The ELBO base class (Pyro's `pyro.infer.elbo.ELBO`): particles, their
// vectorization as an outer plate, the inferred `maxPlateNesting`, and the
// three ways of evaluating a loss (a number, a differentiable tensor, or a
// number with the gradients of the parameters).
import { tf, detach } from '@pyro-ts/tensor';
import type { Tensor, Variable } from '@pyro-ts/tensor';
import type { ParamStore } from '@pyro-ts/param-store';
import { BlockMessenger, isValidationEnabled, pruneSubsampleSites, replay, trace, type GraphType, type Trace } from '@pyro-ts/poutine';
import { getParamStore, plate } from '@pyro-ts/primitives';
import { checkIfEnumerated, checkSiteShape } from './checks.js';
import { valueAndParamGrads } from './gradients.js';
import { getImportanceTrace } from './importance-trace.js';
import { nonFiniteSites } from './non-finite.js';
import type { Guide, Model } from './types.js';
import { warnOnce } from './warn.js';

export interface ELBOOptions {
  /** Number of particles (samples) per estimate (default 1). */
  numParticles?: number;
  /**
   * Bound on the number of nested vectorized plates. Default: inferred by
   * tracing the model and guide once when needed (vectorized particles),
   * assuming static structure.
   */
  maxPlateNesting?: number;
  /** Draw the particles at once, as an outermost plate `num_particles_vectorized` (needs static structure). */
  vectorizeParticles?: boolean;
  /** Warn when sites are configured for enumeration but the ELBO does not enumerate (default true). */
  strictEnumerationWarning?: boolean;
  /** Where `lossAndGrads` looks the parameters' variables up (default: the default param store at call time). */
  paramStore?: ParamStore;
}

/** A guide trace and the model trace replayed against it. */
export interface ParticleTraces {
  modelTrace: Trace;
  guideTrace: Trace;
}

/** What an ELBO computes in one evaluation (tensors of the enclosing tidy). */
export interface Objective {
  /**
   * The loss estimate (negative ELBO) as a weighted sum of scalar tensors:
   * `Σ coefficient · value`, evaluated in float64 from one read-back (as
   * Pyro sums Python floats). Their gradients are not used.
   */
  lossTerms: Array<[Tensor, number]>;
  /** The loss as a number, when the ELBO computed it already (then `lossTerms` is empty). */
  lossValue?: number;
  /** A scalar whose gradient is the gradient estimator (present when asked for). */
  surrogateLoss?: Tensor;
  /** The traces of every particle (for diagnosing a non-finite loss). */
  traces: ParticleTraces[];
}

/** The value of `Σ coefficient · value` of loss terms (one read-back, float64 sum). */
export function evaluateLossTerms(terms: ReadonlyArray<[Tensor, number]>): number {
  if (terms.length === 0) return 0;
  const values = tf.tidy(() => (terms.length === 1 ? tf.reshape((terms[0] as [Tensor, number])[0], [1]) : tf.stack(terms.map(([t]) => t))).dataSync());
  let s = 0;
  terms.forEach(([, c], i) => {
    s += c * (values[i] as number);
  });
  return s;
}

/** The loss of an objective as a number. */
function objectiveLoss(obj: Objective): number {
  return obj.lossValue ?? evaluateLossTerms(obj.lossTerms);
}

/** `Σ coefficient · value` as a scalar tensor (call inside tf.tidy). */
export function lossTermsTensor(terms: ReadonlyArray<[Tensor, number]>): Tensor {
  if (terms.length === 0) return tf.scalar(0);
  return tf.addN(terms.map(([t, c]) => (c === 1 ? t : tf.mul(t, c))));
}

/** The sum of tensors with signs, `Σ plus − Σ minus`, in few kernels (call inside tf.tidy); their shapes must match. */
export function signedSum(plus: Tensor[], minus: Tensor[]): Tensor {
  const p = plus.length === 0 ? null : plus.length === 1 ? (plus[0] as Tensor) : tf.addN(plus);
  const m = minus.length === 0 ? null : minus.length === 1 ? (minus[0] as Tensor) : tf.addN(minus);
  if (p === null) return m === null ? tf.scalar(0) : tf.neg(m);
  return m === null ? p : tf.sub(p, m);
}

/** How an evaluation is run. */
export interface ObjectiveContext {
  /** Whether the surrogate loss (and baseline updates) is needed. */
  withSurrogate: boolean;
  /** The param store (for state an ELBO keeps there, e.g. decaying-average baselines). */
  store: ParamStore;
}

/** The result of `lossAndGrads`. */
export interface LossAndGrads {
  /** The loss estimate. */
  loss: number;
  /** Gradients of the surrogate loss by parameter name (unconstrained), owned by the caller. */
  grads: Map<string, Tensor>;
  /** The unconstrained variables of the parameters the model and guide touched, by name. */
  params: Map<string, Variable>;
  /** When the loss is not finite: the sites whose log-probability is not finite (else empty). */
  nonFiniteSites: string[];
}

const VECTORIZED_PLATE = 'num_particles_vectorized';

/**
 * Base class of the ELBO estimators. A subclass implements `objective`,
 * which runs the particles and returns the loss (and the surrogate loss).
 * Every method runs inside `tf.tidy`; only the returned values survive.
 */
export abstract class ELBO {
  numParticles: number;
  maxPlateNesting: number;
  readonly vectorizeParticles: boolean;
  readonly strictEnumerationWarning: boolean;
  paramStore: ParamStore | undefined;
  /** 'flat' traces, or 'dense' ones with the dependency edges (TraceGraphELBO). */
  protected readonly graphType: GraphType = 'flat';

  constructor(options: ELBOOptions = {}) {
    const numParticles = options.numParticles ?? 1;
    if (!Number.isInteger(numParticles) || numParticles < 1) throw new Error(`numParticles must be a positive integer, got ${numParticles}`);
    const mpn = options.maxPlateNesting ?? Infinity;
    if (!(mpn === Infinity || (Number.isInteger(mpn) && mpn >= 0))) throw new Error(`maxPlateNesting must be a nonnegative integer, got ${mpn}`);
    this.numParticles = numParticles;
    this.maxPlateNesting = mpn;
    this.vectorizeParticles = options.vectorizeParticles ?? false;
    this.strictEnumerationWarning = options.strictEnumerationWarning ?? true;
    this.paramStore = options.paramStore;
    if (this.vectorizeParticles && this.numParticles > 1) this.maxPlateNesting += 1;
  }

  /** Runs the particles and computes the loss (and, if asked, the surrogate loss). Called inside `tf.tidy`. */
  protected abstract objective<A extends unknown[]>(model: Model<A>, guide: Guide<A>, args: A, ctx: ObjectiveContext): Objective;

  /** The loss estimate (negative ELBO) as a number (Pyro's `loss`). */
  loss<A extends unknown[]>(model: Model<A>, guide: Guide<A>, ...args: A): number {
    const store = this.store();
    let value = NaN;
    tf.tidy(() => {
      value = objectiveLoss(this.objective(model, guide, args, { withSurrogate: false, store }));
    });
    if (Number.isNaN(value)) warnOnce('Encountered NaN: loss');
    return value;
  }

  /**
   * A scalar tensor whose value is the loss estimate and whose gradient is
   * the ELBO's gradient estimator (Pyro's `differentiable_loss`); call it
   * inside `tf.variableGrads` or `tf.grad`. The caller owns it.
   */
  differentiableLoss<A extends unknown[]>(model: Model<A>, guide: Guide<A>, ...args: A): Tensor {
    const store = this.store();
    return tf.tidy(() => {
      const obj = this.objective(model, guide, args, { withSurrogate: true, store });
      const s = obj.surrogateLoss as Tensor;
      const loss = obj.lossValue !== undefined ? tf.scalar(obj.lossValue) : detach(lossTermsTensor(obj.lossTerms));
      return tf.add(loss, tf.sub(s, detach(s)));
    });
  }

  /**
   * The loss estimate and the gradients of the surrogate loss with respect
   * to the unconstrained variables of every parameter the model and guide
   * touched, parameters created during this call included (Pyro's
   * `loss_and_grads`, with the gradients returned instead of accumulated).
   */
  lossAndGrads<A extends unknown[]>(model: Model<A>, guide: Guide<A>, ...args: A): LossAndGrads {
    return this.computeLossAndGrads(model, guide, args, this.store());
  }

  /** `lossAndGrads` with the parameters looked up in `store` (what SVI calls). */
  computeLossAndGrads<A extends unknown[]>(model: Model<A>, guide: Guide<A>, args: A, store: ParamStore): LossAndGrads {
    let loss = NaN;
    let bad: string[] = [];
    const r = valueAndParamGrads(() => {
      const obj = this.objective(model, guide, args, { withSurrogate: true, store });
      loss = objectiveLoss(obj);
      if (!Number.isFinite(loss)) bad = nonFiniteSites(obj.traces);
      return obj.surrogateLoss as Tensor;
    }, store);
    r.value.dispose();
    return { loss, grads: r.grads, params: r.params, nonFiniteSites: bad };
  }

  protected store(): ParamStore {
    return this.paramStore ?? getParamStore();
  }

  /** One guide trace and the model replayed against it. */
  protected getTrace<A extends unknown[]>(model: Model<A>, guide: Guide<A>, args: A): ParticleTraces {
    const t = getImportanceTrace(this.graphType, this.maxPlateNesting, model, guide, args);
    if (isValidationEnabled()) checkIfEnumerated(t.guideTrace);
    return t;
  }

  /** The particles: `numParticles` trace pairs, or one vectorized pair. */
  protected getTraces<A extends unknown[]>(model: Model<A>, guide: Guide<A>, args: A): ParticleTraces[] {
    if (this.vectorizeParticles) {
      if (this.maxPlateNesting === Infinity) this.guessMaxPlateNesting(model, guide, args);
      return [this.getTrace(this.vectorized(model), this.vectorized(guide), args)];
    }
    const out: ParticleTraces[] = [];
    for (let i = 0; i < this.numParticles; i++) out.push(this.getTrace(model, guide, args));
    return out;
  }

  /** Whether the particles are one vectorized trace pair. */
  protected get isVectorized(): boolean {
    return this.vectorizeParticles && this.numParticles > 1;
  }

  /** `fn` inside an outermost plate over the particles (unchanged for one particle). */
  protected vectorized<A extends unknown[]>(fn: (...args: A) => unknown): (...args: A) => unknown {
    if (this.numParticles === 1) return fn;
    const n = this.numParticles;
    const dim = -this.maxPlateNesting;
    return (...args: A) => plate(VECTORIZED_PLATE, n, { dim }, () => fn(...args));
  }

  /**
   * Sets `maxPlateNesting` from one run of the guide and the model (under
   * `block`, so nothing outside sees it), plus one for vectorized particles
   * (Pyro's `_guess_max_plate_nesting`).
   */
  protected guessMaxPlateNesting<A extends unknown[]>(model: Model<A>, guide: Guide<A>, args: A): void {
    this.maxPlateNesting = tf.tidy(() => {
      const { guideTrace, modelTrace } = new BlockMessenger().run(() => {
        const g = trace(guide).getTrace(...args);
        const m = trace(replay(model, g)).getTrace(...args);
        return { guideTrace: pruneSubsampleSites(g), modelTrace: pruneSubsampleSites(m) };
      });
      const sites = [modelTrace, guideTrace].flatMap((t) => [...t.nodes.values()]).filter((n) => n.type === 'sample');
      if (isValidationEnabled()) {
        guideTrace.computeLogProb();
        modelTrace.computeLogProb();
        for (const s of sites) if (s.type === 'sample') checkSiteShape(s, Infinity);
      }
      const dims = sites.flatMap((s) => s.condIndepStack.filter((f) => f.vectorized).map((f) => f.dim as number));
      return dims.length > 0 ? -Math.min(...dims) : 0;
    });
    if (this.isVectorized) this.maxPlateNesting += 1;
  }
}
