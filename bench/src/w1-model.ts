// W1's Bayesian linear regression (shared by W1 and W7): the pyro-ts model
// and the same model written for WebPPL.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { HalfNormal, Normal } from '@pyro-ts/distributions';
import { plate, sample } from '@pyro-ts/primitives';
import type { W1Data } from './data.js';

/**
 * `weight ~ Normal(0, 1).toEvent(1)` [D]; `bias ~ Normal(0, 10)`;
 * `sigma ~ HalfNormal(1)`; `plate('data', N)`: `obs ~ Normal(X·weight + bias, sigma)`.
 */
export function w1Model(X: Tensor, y: Tensor): void {
  const [n, d] = X.shape as [number, number];
  const weight = sample('weight', new Normal(0, 1).expand([d]).toEvent(1));
  const bias = sample('bias', new Normal(0, 10));
  const sigma = sample('sigma', new HalfNormal(1));
  plate('data', n, () => {
    const mean = tf.add(tf.reshape(tf.matMul(X, tf.reshape(weight, [d, 1])), [n]), bias);
    sample('obs', new Normal(mean, sigma), { obs: y });
  });
}

/** The W1 data as float32 tensors: X [N, D] and y [N] (the caller disposes them). */
export function w1Tensors(data: W1Data): { X: Tensor; y: Tensor } {
  return { X: tf.tensor2d(Float32Array.from(data.X), [data.n, data.d]), y: tf.tensor1d(Float32Array.from(data.y)) };
}

/** softplus⁻¹(0.1): AutoNormal's initial unconstrained scale (init_scale 0.1, softplus_positive). */
export const INIT_SCALE_U = Math.log(Math.expm1(0.1));

/**
 * The W1 model and AutoNormal's mean-field guide in WebPPL, with the same
 * parametrization and initial values as pyro-ts's AutoNormal (locs 0 in the
 * unconstrained space, scales softplus(u) = 0.1). `sigma ~ HalfNormal(1)` is
 * written through its unconstrained value `u = log(sigma)`: an improper
 * uniform site for `u` plus `factor(log HalfNormal(1).pdf(e^u) + u)`, which
 * is exactly the density AutoNormal's guide is scored against (WebPPL has no
 * HalfNormal). Data: `globalThis.__pyroBench.data.{X [N, D], y [N, 1], ones [N, 1]}`.
 */
export function w1WebpplModel(d: number): string {
  return `
var X = globalThis.__pyroBench.data.X;
var y = globalThis.__pyroBench.data.y;
var ones = globalThis.__pyroBench.data.ones;
var U0 = ${INIT_SCALE_U};
var softplus = function(u) { return Math.log(Math.exp(u) + 1); };
var tsoftplus = function(u) { return T.log(T.add(T.exp(u), 1)); };
var model = function() {
  var w = sample(TensorGaussian({mu: 0, sigma: 1, dims: [${d}, 1]}), {guide: function() {
    return DiagCovGaussian({mu: param({name: 'w_loc', dims: [${d}, 1], mu: 0, sigma: 0}),
                            sigma: tsoftplus(param({name: 'w_u', dims: [${d}, 1], mu: U0, sigma: 0}))});
  }});
  var b = sample(Gaussian({mu: 0, sigma: 10}), {guide: function() {
    return Gaussian({mu: param({name: 'b_loc', mu: 0, sigma: 0}), sigma: softplus(param({name: 'b_u', mu: U0, sigma: 0}))});
  }});
  var u = sample(ImproperUniform(), {guide: function() {
    return Gaussian({mu: param({name: 's_loc', mu: 0, sigma: 0}), sigma: softplus(param({name: 's_u', mu: U0, sigma: 0}))});
  }});
  var sigma = Math.exp(u);
  factor(Math.log(2) - 0.5 * Math.log(2 * Math.PI) - 0.5 * sigma * sigma + u);
  var mu = T.add(T.dot(X, w), b);
  observe(DiagCovGaussian({mu: mu, sigma: T.mul(ones, sigma)}), y);
};`;
}
