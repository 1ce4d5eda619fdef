// AutoLaplaceApproximation (Pyro's): MAP in the unconstrained space, then
// a Gaussian with the inverse Hessian of the negative log joint there.
import { tf, cholesky, diagonal, inversePD } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Delta, NotImplementedError } from '@pyro-ts/distributions';
import type { Distribution } from '@pyro-ts/distributions';
import { replay, substitute, trace } from '@pyro-ts/poutine';
import type { LatentValues, Model } from './guide.js';
import { AutoContinuous, type AutoContinuousOptions } from './auto-continuous.js';
import { AutoMultivariateNormal } from './auto-multivariate-normal.js';
import { hessian } from './hessian.js';

/**
 * Pyro's `AutoLaplaceApproximation` (quadratic approximation): trained as
 * a MAP guide, a `Delta` at the parameter `AutoLaplaceApproximation.loc`
 * over the unconstrained latent vector; then `laplaceApproximation(...args)`
 * returns an `AutoMultivariateNormal` centred there, whose covariance is
 * the inverse Hessian of `-log p(x, z)` (in the unconstrained space, with
 * the log-Jacobians) at `loc`.
 *
 * ```ts
 * const delta = new AutoLaplaceApproximation(model);
 * // ... train `delta` with SVI ...
 * const guide = delta.laplaceApproximation(...args);
 * guide.quantiles([0.055, 0.5, 0.945], ...args);
 * ```
 */
export class AutoLaplaceApproximation extends AutoContinuous {
  static override readonly guideName: string = 'AutoLaplaceApproximation';

  constructor(model: Model, options: AutoContinuousOptions = {}) {
    super(model, options);
  }

  protected override setupPrototype(...args: unknown[]): void {
    super.setupPrototype(...args);
    this.declareParam('loc', this.initLoc());
  }

  /** The parameter `loc`: the MAP point of the latent vector (see `AutoGuide.getParam`). */
  get loc(): Tensor {
    return this.getParam('loc');
  }

  /** A Delta at `loc` over the latent vector (MAP inference). */
  override getPosterior(): Distribution {
    return new Delta(this.loc).toEvent(1);
  }

  /** The MAP point has no spread: `median` gives it; `quantiles` needs `laplaceApproximation()`. */
  protected override locScale(): [Tensor, Tensor] {
    return [this.loc, tf.zerosLike(this.loc)];
  }

  /** Not defined for a point mass (as in Pyro): take the quantiles of `laplaceApproximation(...args)`. */
  override quantiles(_qs: readonly number[], ..._args: any[]): LatentValues {
    throw new NotImplementedError(`${this.pyroName}.quantiles is not defined for the MAP point; use laplaceApproximation(...args).quantiles(qs, ...args)`);
  }

  /**
   * The Hessian of the negative log joint `-log p(x, z)` of the model, in
   * the unconstrained space (log-Jacobians included), at the latent vector
   * `at` (default: `loc`): an exact `[latentDim, latentDim]` tensor the
   * caller owns.
   */
  negLogJointHessian(args: readonly unknown[] = [], at?: Tensor): Tensor {
    if (this.prototypeTrace === null) tf.tidy(() => void this(...args));
    const locName = `${this.pyroName}.loc`;
    const guide = this as unknown as (...a: unknown[]) => unknown;
    const loss = (z: Tensor): Tensor => {
      const guideTrace = trace(substitute(guide, { [locName]: z })).getTrace(...args);
      const modelTrace = trace(replay(this.model, guideTrace)).getTrace(...args);
      return tf.sub(guideTrace.logProbSum(), modelTrace.logProbSum());
    };
    return tf.tidy(() => {
      const z = at ?? tf.clone(this.loc);
      return hessian(loss, z);
    });
  }

  /**
   * Pyro's `laplace_approximation(*args)`: an `AutoMultivariateNormal` of
   * the model (named `AutoMultivariateNormal`) whose `loc`, `scale` and
   * `scale_tril` are fixed tensors it owns (not parameters): `loc` this
   * guide's, and `scale[:, None] * scale_tril` the Cholesky factor of the
   * inverse Hessian of the negative log joint at `loc`. Dispose it when done.
   */
  laplaceApproximation(...args: unknown[]): AutoMultivariateNormal {
    const [loc, scale, scaleTril] = tf.tidy(() => {
      const l = tf.clone(this.loc);
      const h = this.negLogJointHessian(args, l);
      const cov = inversePD(h);
      const s = tf.sqrt(diagonal(cov));
      const corr = tf.div(tf.div(cov, tf.expandDims(s, -1)), tf.expandDims(s, 0));
      const st = cholesky(corr);
      if (!tf.all(tf.isFinite(st)).dataSync()[0] || !tf.all(tf.isFinite(s)).dataSync()[0]) {
        throw new Error(`${this.pyroName}.laplaceApproximation: the Hessian of the negative log joint at loc is not positive definite; is loc a MAP point (train the guide first)?`);
      }
      return [l, s, st];
    });
    const gaussian = new AutoMultivariateNormal(this.model, { store: this.store });
    try {
      gaussian.buildPrototype(...args);
    } catch (e) {
      loc.dispose();
      scale.dispose();
      scaleTril.dispose();
      throw e;
    }
    gaussian.registerBuffer('loc', loc);
    gaussian.registerBuffer('scale', scale);
    gaussian.registerBuffer('scale_tril', scaleTril);
    return gaussian;
  }
}
