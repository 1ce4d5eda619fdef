// Stochastic variational inference (Pyro's `pyro.infer.SVI`).
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { ParamStore } from '@pyro-ts/param-store';
import type { PyroOptim } from '@pyro-ts/optim';
import { BlockMessenger, replay, trace } from '@pyro-ts/poutine';
import { getParamStore } from '@pyro-ts/primitives';
import { ELBO, type LossAndGrads } from './elbo.js';
import { valueAndParamGrads } from './gradients.js';
import { NonFiniteLossError } from './non-finite.js';
import { TracePosterior, type WeightedTrace } from './trace-posterior.js';
import type { Guide, Model } from './types.js';

/** A custom loss: a differentiable scalar of the model and guide (Pyro's callable `loss`). */
export type LossFunction<A extends unknown[]> = (model: Model<A>, guide: Guide<A>, ...args: A) => Tensor;

export interface SVIOptions {
  /** Traces `run` collects from the trained guide (Pyro's deprecated `num_samples`; default 0). */
  numSamples?: number;
  /** Steps `run` takes before collecting traces (Pyro's deprecated `num_steps`; default 0). */
  numSteps?: number;
  /** The param store holding the parameters (default: the default store at each call). */
  paramStore?: ParamStore;
}

function isOptim(x: unknown): x is PyroOptim {
  return typeof x === 'object' && x !== null && typeof (x as { step?: unknown }).step === 'function' && typeof (x as { getState?: unknown }).getState === 'function';
}

/**
 * Pyro's `SVI(model, guide, optim, loss)`. `step(...args)` runs the guide,
 * the model and the loss, takes the gradients of the parameters they used
 * (those created during the step included) and applies one optimizer step
 * by parameter name, all inside one `tf.tidy`: only parameters and
 * optimizer state survive it. It returns the loss as a number, and throws
 * a `NonFiniteLossError` naming the sites whose log-probability is not
 * finite when the loss is NaN or infinite (the parameters are then left
 * unchanged).
 *
 * `run(...args)` (a TracePosterior) takes `numSteps` steps and then
 * collects `numSamples` model traces replayed against the guide.
 */
export class SVI<A extends unknown[] = any[]> extends TracePosterior<A> {
  readonly model: Model<A>;
  readonly guide: Guide<A>;
  readonly optim: PyroOptim;
  readonly lossFn: ELBO | LossFunction<A>;
  numSamples: number;
  numSteps: number;
  private readonly paramStore: ParamStore | undefined;

  constructor(model: Model<A>, guide: Guide<A>, optim: PyroOptim, loss: ELBO | LossFunction<A>, options: SVIOptions = {}) {
    super();
    if (!isOptim(optim)) throw new Error('Optimizer should be an instance of PyroOptim (from @pyro-ts/optim).');
    if (!(loss instanceof ELBO) && typeof loss !== 'function') throw new Error('loss must be an ELBO or a function (model, guide, ...args) => scalar tensor');
    this.model = model;
    this.guide = guide;
    this.optim = optim;
    this.lossFn = loss;
    this.numSamples = options.numSamples ?? 0;
    this.numSteps = options.numSteps ?? 0;
    this.paramStore = options.paramStore;
  }

  /** The param store the parameters are looked up in. */
  get store(): ParamStore {
    return this.paramStore ?? (this.lossFn instanceof ELBO ? this.lossFn.paramStore : undefined) ?? getParamStore();
  }

  /** One optimization step; returns the loss estimate (before the update). */
  step(...args: A): number {
    const store = this.store;
    return tf.tidy(() => {
      const r = this.lossAndGrads(args, store);
      if (!Number.isFinite(r.loss)) throw new NonFiniteLossError(r.loss, r.nonFiniteSites);
      this.optim.step(r.params, r.grads);
      return r.loss;
    });
  }

  /** The loss estimate, without gradients or updates (Pyro's `evaluate_loss`). */
  evaluateLoss(...args: A): number {
    if (this.lossFn instanceof ELBO) return this.lossFn.loss(this.model, this.guide, ...args);
    const f = this.lossFn;
    return tf.tidy(() => f(this.model, this.guide, ...args).dataSync()[0] as number);
  }

  private lossAndGrads(args: A, store: ParamStore): LossAndGrads {
    if (this.lossFn instanceof ELBO) return this.lossFn.computeLossAndGrads(this.model, this.guide, args, store);
    const f = this.lossFn;
    let loss = NaN;
    const r = valueAndParamGrads(() => {
      const y = f(this.model, this.guide, ...args);
      loss = y.dataSync()[0] as number;
      return y;
    }, store);
    r.value.dispose();
    return { loss, grads: r.grads, params: r.params, nonFiniteSites: [] };
  }

  protected override beginRun(args: A): void {
    if (this.numSteps > 0) new BlockMessenger().run(() => {
      for (let i = 0; i < this.numSteps; i++) this.step(...args);
    });
  }

  protected nextTrace(i: number, args: A): WeightedTrace | null {
    if (i >= this.numSamples) return null;
    const guideTrace = trace(this.guide).getTrace(...args);
    const modelTrace = trace(replay(this.model, guideTrace)).getTrace(...args);
    return { trace: modelTrace, logWeight: 1 };
  }
}
