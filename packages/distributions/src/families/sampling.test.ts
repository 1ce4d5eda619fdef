// Statistical checks of sample / rsample (fixed seeds, 20k draws) and of
// reparameterized gradients, for the continuous families.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import type { Distribution } from '../distribution/internal.js';
import * as F from './index.js';

beforeAll(useCpuForTests);

const N = 20000;

interface MomentCase {
  name: string;
  make: () => Distribution;
  /** Closed-form moments where the family has no `mean` / `variance` (as in Pyro). */
  moments?: () => [Tensor, Tensor];
  /** Kurtosis E[(x-μ)^4]/σ^4 of each batch entry (bounds the variance's standard error). */
  kurtosis: number;
}

/** Families with finite mean and variance: sample moments within 5 standard errors of the closed forms. */
const MOMENTS: MomentCase[] = [
  { name: 'Normal', make: () => new F.Normal([-1, 0, 2], [0.5, 1, 2]), kurtosis: 3 },
  { name: 'Uniform', make: () => new F.Uniform([-1, 0, 2], [1, 5, 2.5]), kurtosis: 1.8 },
  { name: 'Exponential', make: () => new F.Exponential([0.5, 1, 3]), kurtosis: 9 },
  { name: 'Laplace', make: () => new F.Laplace([0, 1], [0.5, 2]), kurtosis: 6 },
  { name: 'LogNormal', make: () => new F.LogNormal([0, 1], [0.25, 0.5]), kurtosis: 8.9 },
  { name: 'HalfNormal', make: () => new F.HalfNormal([0.5, 2]), kurtosis: 3.87 },
  { name: 'Gumbel', make: () => new F.Gumbel([0, 1], [1, 0.5]), kurtosis: 5.4 },
  { name: 'Gamma', make: () => new F.Gamma([0.5, 2, 9], [1, 0.5, 3]), kurtosis: 15 },
  { name: 'Beta', make: () => new F.Beta([0.5, 2, 5], [1.5, 3, 0.7]), kurtosis: 4 },
  { name: 'Dirichlet', make: () => new F.Dirichlet([[1, 2, 3], [0.3, 0.5, 4]]), kurtosis: 6 },
  { name: 'Chi2', make: () => new F.Chi2([1, 4, 10]), kurtosis: 15 },
  { name: 'StudentT', make: () => new F.StudentT([6, 10], [0, 1], [1, 2]), kurtosis: 9 },
  // mean β/(α−1), variance β²/((α−1)²(α−2)).
  { name: 'InverseGamma', make: () => new F.InverseGamma([6, 9], [2, 1]), kurtosis: 60, moments: () => [tf.tensor([0.4, 0.125]), tf.tensor([0.04, 0.125 ** 2 / 7])] },
  { name: 'Weibull', make: () => new F.Weibull([1, 2], [1.5, 4]), kurtosis: 4 },
  { name: 'Logistic', make: () => new F.Logistic([0, 1], [1, 0.5]), kurtosis: 4.2 },
  { name: 'Bernoulli', make: () => new F.Bernoulli({ logits: [-2, 0, 3] }), kurtosis: 20 },
  { name: 'Poisson', make: () => new F.Poisson([0.3, 4, 9.9, 10, 37, 250]), kurtosis: 4.4 },
  { name: 'Binomial', make: () => new F.Binomial([10, 50, 200, 1000, 7], [0.3, 0.9, 0.5, 0.02, 0.999]), kurtosis: 10 },
  { name: 'Geometric', make: () => new F.Geometric([0.3, 0.8]), kurtosis: 12 },
  { name: 'NegativeBinomial', make: () => new F.NegativeBinomial({ totalCount: [2.5, 10], logits: [0.5, -1] }), kurtosis: 8 },
  { name: 'Multinomial', make: () => new F.Multinomial(7, [0.2, 0.3, 0.5]), kurtosis: 4 },
  { name: 'OneHotCategorical', make: () => new F.OneHotCategorical([0.2, 0.3, 0.5]), kurtosis: 6 },
  { name: 'MultivariateNormal', make: () => new F.MultivariateNormal([0, 1, -1], { scaleTril: [[1, 0, 0], [0.5, 2, 0], [-1, 0.3, 0.7]] }), kurtosis: 3 },
];

function checkMoments(d: Distribution, x: Tensor, kurtosis: number, what: string, moments?: () => [Tensor, Tensor]): void {
  const [mean, variance] = moments ? moments() : [d.mean, d.variance];
  const sd = tf.sqrt(variance);
  const m = tf.mean(x, 0);
  const v = tf.mean(tf.square(tf.sub(x, m)), 0);
  // 5 standard errors: σ/√n for the mean, σ² √((κ − 1)/n) for the variance.
  const meanErr = tf.abs(tf.sub(m, mean)).sub(tf.mul(sd, 5 / Math.sqrt(N)));
  const varErr = tf.abs(tf.sub(v, variance)).sub(tf.mul(variance, 5 * Math.sqrt((kurtosis - 1) / N)));
  expect({ what, meanOk: tf.all(tf.lessEqual(meanErr, 0)).dataSync()[0], varOk: tf.all(tf.lessEqual(varErr, 0)).dataSync()[0] }).toEqual({ what, meanOk: 1, varOk: 1 });
}

describe('sample moments', () => {
  it.each(MOMENTS.map((c) => [c.name, c] as const))('%s', (_name, c) =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const d = c.make();
        setRngSeed(123);
        const x = d.sample([N]);
        expect(x.shape).toEqual(d.shape([N]));
        checkMoments(d, x, c.kurtosis, `${c.name}.sample`, c.moments);
        setRngSeed(7);
        if (d.hasRsample) checkMoments(d, d.rsample([N]), c.kurtosis, `${c.name}.rsample`, c.moments);
      }),
    ),
  );
});

/** Families with a cdf: the empirical cdf at the quartiles within 5 standard errors. */
const QUANTILES: Array<[string, () => Distribution]> = [
  ['Cauchy', () => new F.Cauchy([-1, 2], [0.5, 3])],
  ['HalfCauchy', () => new F.HalfCauchy([0.5, 2])],
  ['Laplace', () => new F.Laplace([0, 1], [0.5, 2])],
  ['Exponential', () => new F.Exponential([0.5, 3])],
  ['Uniform', () => new F.Uniform([0, -2], [1, 5])],
];

describe('sample quantiles', () => {
  it.each(QUANTILES)('%s', (name, make) =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const d = make();
        setRngSeed(11);
        const x = d.sample([N]);
        for (const q of [0.1, 0.25, 0.5, 0.75, 0.9]) {
          const at = d.icdf(tf.fill(d.batchShape, q));
          const frac = tf.mean(tf.cast(tf.lessEqual(x, at), 'float32'), 0);
          expectClose(frac, new Array(d.batchShape[0]).fill(q), { atol: 5 * Math.sqrt((q * (1 - q)) / N), rtol: 0 }, `${name} quantile ${q}`);
        }
      }),
    ),
  );
});

describe('reparameterized gradients', () => {
  it('Normal: d/dloc and d/dscale of E[x²] are 2 loc and 2 scale', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(3);
        const loc = tf.tensor([0.5, -1]);
        const scale = tf.tensor([1, 2]);
        const [gl, gs] = tf.grads((l: Tensor, s: Tensor) => tf.sum(tf.mean(tf.square(new F.Normal(l, s).rsample([N])), 0)))([loc, scale]);
        // Standard errors: sd(2x)/√n and sd(2 x ε)/√n.
        expectClose(gl!, [1, -2], { atol: 5 * (2 * 2) / Math.sqrt(N) });
        expectClose(gs!, [2, 4], { atol: 5 * (2 * 2 * 2.5) / Math.sqrt(N) });
      }),
    ));

  it('Normal: the pathwise derivative of each draw is exactly 1 in loc and (x - loc)/scale in scale', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(5);
        const scale = tf.tensor([0.5, 3]);
        let x: Tensor | undefined;
        const g = tf.grad((s: Tensor) => {
          x = tf.keep(new F.Normal(1, s).rsample([10]));
          return tf.sum(x);
        })(scale);
        expectClose(g, tf.sum(tf.div(tf.sub(x!, 1), scale), 0), { rtol: 1e-5, atol: 1e-5 });
        x!.dispose();
      }),
    ));

  it('LogNormal, Exponential, Laplace, Gumbel, Uniform: gradients of E[x] match d(mean)/dθ', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(9);
        const cases: Array<[string, (p: Tensor) => Distribution, number, number]> = [
          // [name, family of θ, θ, d mean / dθ at θ]
          ['LogNormal loc', (p) => new F.LogNormal(p, 0.5), 0.2, Math.exp(0.2 + 0.125)],
          ['Exponential rate', (p) => new F.Exponential(p), 2, -1 / 4],
          ['Laplace scale', (p) => new F.Laplace(0, p).mask(true), 1.5, 0],
          ['Gumbel scale', (p) => new F.Gumbel(0, p), 2, F.EULER_GAMMA],
          ['Uniform high', (p) => new F.Uniform(0, p), 3, 0.5],
          ['HalfNormal scale', (p) => new F.HalfNormal(p), 2, Math.sqrt(2 / Math.PI)],
          ['MVN loc', (p) => new F.MultivariateNormal(tf.stack([p, p]), { scaleTril: [[1, 0], [0.5, 1]] }).toEvent(0), 0.3, 2],
        ];
        for (const [name, make, theta, expected] of cases) {
          const g = tf.grad((p: Tensor) => {
            const x = make(p).rsample([N]);
            return tf.div(tf.sum(x), N);
          })(tf.scalar(theta));
          // Generous 5-SE bounds; each estimator's per-draw sd is below 2.
          expectClose(g, expected, { atol: 5 * 2 / Math.sqrt(N), rtol: 0 }, name);
        }
      }),
    ));
});
