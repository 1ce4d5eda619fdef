// The cases of sample-moments.test.ts: one per distribution class of the
// package, with parameters chosen so that every moment the check needs is
// finite (the variance check's standard error uses the sample's fourth
// central moment, whose own estimate needs the eighth: StudentT df ≥ 10,
// Pareto α ≥ 10, InverseGamma α ≥ 10, MultivariateStudentT df = 12).
// Not part of the build.
import { tf, digamma, ndtr, polygamma } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import * as D from '../index.js';

export interface MomentCase {
  name: string;
  make: () => D.Distribution;
  /** Draws (default `d.sample([n])`). */
  draw?: (d: D.Distribution, n: number) => Tensor;
  /**
   * Maps draws `[n, ...shape]` to the statistics whose mean and variance are
   * checked (default: the draws themselves).
   */
  statistic?: (x: Tensor, d: D.Distribution) => Tensor;
  /** Expected mean and variance of the statistic (default: `d.mean`, `d.variance`). */
  moments?: (d: D.Distribution) => [Tensor | number[], Tensor | number[]];
  /** Why `d.mean` / `d.variance` are not the reference (shown in the summary). */
  note?: string;
  /** Number of draws (default 1e5). */
  n?: number;
}

/** Cases whose mean or variance is undefined or infinite, with the reason. */
export const SKIPPED: Record<string, string> = {
  Cauchy: 'mean undefined (torch: NaN), variance infinite',
  HalfCauchy: 'mean and variance infinite',
  Unit: 'has no values (a log-factor for `factor`)',
};

/** E f(sigmoid(Y)) for Y = (logit + L)/T, L ~ Logistic(0, 1), by the midpoint rule over L's quantiles (float64). */
function logisticQuadrature(logit: number, temperature: number, f: (s: number) => number, n = 200000): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const u = (i + 0.5) / n;
    const y = (logit + Math.log(u) - Math.log1p(-u)) / temperature;
    total += f(1 / (1 + Math.exp(-y)));
  }
  return total / n;
}

/** Mean and variance of f(sigmoid(Y)) for each logit (binary Concrete moments). */
function concreteMoments(logits: number[], temperature: number, f: (s: number) => number): [number[], number[]] {
  const m = logits.map((l) => logisticQuadrature(l, temperature, f));
  const m2 = logits.map((l) => logisticQuadrature(l, temperature, (s) => f(s) ** 2));
  return [m, m2.map((v, i) => v - m[i]! ** 2)];
}

/** One-hot indicators of int32 category draws. */
function oneHot(x: Tensor, d: D.Distribution): Tensor {
  return tf.oneHot(tf.cast(x, 'int32'), (d as D.Categorical).numEvents, 1, 0, 'float32');
}

/** Bernoulli(p) moments of one-hot indicators of a categorical. */
function categoricalMoments(d: D.Distribution): [Tensor, Tensor] {
  const p = (d as D.Categorical).probs;
  return [p, tf.mul(p, tf.sub(1, p))];
}

const LOGITS = [-1.5, 0.2, 2];

/**
 * Draws for families sampled through Gamma variates (Marsaglia–Tsang with 4
 * candidates per element, ~3 µs per element on an idle cpu backend and
 * several times that on a loaded 2-core machine): 2·10⁴ instead of 10⁵.
 */
const GAMMA_N = 20000;

export const CASES: MomentCase[] = [
  // continuous, univariate
  { name: 'Normal', make: () => new D.Normal([-1, 0, 2], [0.5, 1, 2]) },
  { name: 'Uniform', make: () => new D.Uniform([-1, 0], [1, 5]) },
  { name: 'Exponential', make: () => new D.Exponential([0.5, 3]) },
  { name: 'Laplace', make: () => new D.Laplace([0, 1], [0.5, 2]) },
  { name: 'LogNormal', make: () => new D.LogNormal([0, 1], [0.25, 0.5]) },
  { name: 'HalfNormal', make: () => new D.HalfNormal([0.5, 2]) },
  { name: 'Gumbel', make: () => new D.Gumbel([0, 1], [1, 0.5]) },
  { name: 'Gamma', n: GAMMA_N, make: () => new D.Gamma([0.5, 2, 9], [1, 0.5, 3]) },
  { name: 'Chi2', n: GAMMA_N, make: () => new D.Chi2([1, 4, 10]) },
  { name: 'Beta', n: GAMMA_N, make: () => new D.Beta([0.5, 2, 5], [1.5, 3, 0.7]) },
  { name: 'StudentT', n: GAMMA_N, make: () => new D.StudentT([10, 15], [0, 1], [1, 2]) },
  {
    name: 'InverseGamma',
    n: GAMMA_N,
    make: () => new D.InverseGamma([10, 12], [2, 1]),
    note: 'no mean/variance in Pyro: closed forms β/(α−1), β²/((α−1)²(α−2))',
    moments: () => [[2 / 9, 1 / 11], [4 / (81 * 8), 1 / (121 * 10)]],
  },
  { name: 'Weibull', make: () => new D.Weibull([1, 2], [1.5, 4]) },
  { name: 'Logistic', make: () => new D.Logistic([0, 1], [1, 0.5]) },
  {
    name: 'SkewLogistic',
    make: () => new D.SkewLogistic([0, 1], [1, 0.5], [0.5, 3]),
    note: 'no mean/variance in Pyro: type I generalized logistic, loc + scale (ψ(α) − ψ(1)), scale² (π²/6 + ψ′(α))',
    moments: () =>
      tf.tidy(() => {
        const a = tf.tensor([0.5, 3]);
        const s = tf.tensor([1, 0.5]);
        const mean = tf.add(tf.tensor([0, 1]), tf.mul(s, tf.sub(digamma(a), digamma(1))));
        return [mean, tf.mul(tf.square(s), tf.add(polygamma(1, a), Math.PI ** 2 / 6))];
      }),
  },
  { name: 'AsymmetricLaplace', make: () => new D.AsymmetricLaplace([0, 1], [1, 0.5], [0.5, 2]) },
  { name: 'SoftAsymmetricLaplace', make: () => new D.SoftAsymmetricLaplace([0, 1], [1, 0.5], [0.5, 2], [1, 0.3]) },
  { name: 'SoftLaplace', make: () => new D.SoftLaplace([0, 1], [1, 0.5]) },
  { name: 'ContinuousBernoulli', make: () => new D.ContinuousBernoulli([0.2, 0.5, 0.9]) },
  { name: 'Pareto', make: () => new D.Pareto([1, 2], [10, 12]) },
  { name: 'Kumaraswamy', make: () => new D.Kumaraswamy([2, 0.7, 5], [3, 1.5, 0.8]) },
  {
    name: 'VonMises',
    make: () => new D.VonMises([0.5, -2], [2, 0.3]),
    note: 'circular: (cos, sin)(x − loc) have means (1 − variance, 0) with variance the circular variance 1 − I1/I0; their variances follow from I2/I0 = 1 − 2 (I1/I0)/κ',
    statistic: (x, d) => {
      const loc = (d as D.VonMises).loc;
      const dx = tf.sub(x, loc);
      return tf.stack([tf.cos(dx), tf.sin(dx)], -1);
    },
    moments: (d) => {
      const a1 = tf.sub(1, d.variance);
      const a2 = tf.sub(1, tf.div(tf.mul(a1, 2), (d as D.VonMises).concentration));
      const mean = tf.stack([a1, tf.zerosLike(a1)], -1);
      const variance = tf.stack([tf.sub(tf.mul(tf.add(a2, 1), 0.5), tf.square(a1)), tf.mul(tf.sub(1, a2), 0.5)], -1);
      return [mean, variance];
    },
  },
  // relaxed families
  {
    name: 'LogitRelaxedBernoulli',
    make: () => new D.LogitRelaxedBernoulli({ temperature: 0.5, logits: LOGITS }),
    note: 'no mean/variance in Pyro: (logits + Logistic(0, 1)) / T has mean logits/T, variance π²/(3T²)',
    moments: () => [LOGITS.map((l) => l / 0.5), LOGITS.map(() => Math.PI ** 2 / 3 / 0.25)],
  },
  {
    name: 'RelaxedBernoulli',
    make: () => new D.RelaxedBernoulli({ temperature: 0.5, logits: LOGITS }),
    note: 'no mean/variance in Pyro: moments of sigmoid((logits + L)/T) by float64 quadrature over the logistic noise',
    moments: () => concreteMoments(LOGITS, 0.5, (s) => s),
  },
  {
    name: 'RelaxedBernoulliStraightThrough',
    make: () => new D.RelaxedBernoulliStraightThrough({ temperature: 0.5, logits: LOGITS }),
    draw: (d, n) => d.rsample([n]),
    note: 'rsample (the quantized draw; Pyro’s sample is the soft one) is Bernoulli(sigmoid(logits)) exactly',
    moments: () => {
      const p = LOGITS.map((l) => 1 / (1 + Math.exp(-l)));
      return [p, p.map((v) => v * (1 - v))];
    },
  },
  {
    name: 'RelaxedOneHotCategorical',
    make: () => new D.RelaxedOneHotCategorical({ temperature: 0.5, logits: [0.7, -0.3] }),
    note: 'no mean/variance in Pyro: with K = 2 the first coordinate is sigmoid((Δlogits + L)/T), by quadrature',
    statistic: (x) => tf.slice(x, [0, 0], [-1, 1]),
    moments: () => concreteMoments([1], 0.5, (s) => s),
  },
  {
    name: 'ExpRelaxedCategorical',
    make: () => new D.ExpRelaxedCategorical({ temperature: 0.5, logits: [0.7, -0.3] }),
    note: 'no mean/variance in Pyro: with K = 2 the first coordinate is log sigmoid((Δlogits + L)/T), by quadrature',
    statistic: (x) => tf.slice(x, [0, 0], [-1, 1]),
    moments: () => concreteMoments([1], 0.5, Math.log),
  },
  {
    name: 'RelaxedOneHotCategoricalStraightThrough',
    make: () => new D.RelaxedOneHotCategoricalStraightThrough({ temperature: 0.5, probs: [0.2, 0.3, 0.5] }),
    draw: (d, n) => d.rsample([n]),
    note: 'rsample (the one-hot of the argmax) is OneHotCategorical(probs) exactly',
    moments: () => [[0.2, 0.3, 0.5], [0.16, 0.21, 0.25]],
  },
  // multivariate and matrix
  { name: 'Dirichlet', n: GAMMA_N, make: () => new D.Dirichlet([[1, 2, 3], [0.3, 0.5, 4]]) },
  { name: 'MultivariateNormal', make: () => new D.MultivariateNormal([0, 1, -1], { scaleTril: [[1, 0, 0], [0.5, 2, 0], [-1, 0.3, 0.7]] }) },
  { name: 'LowRankMultivariateNormal', make: () => new D.LowRankMultivariateNormal([0, 1], [[1, 0.5], [0.5, -1]], [0.5, 2]) },
  { name: 'MultivariateStudentT', n: GAMMA_N, make: () => new D.MultivariateStudentT(12, [0, 1], [[1, 0], [0.5, 2]]) },
  {
    name: 'LKJCholesky',
    make: () => new D.LKJCholesky(3, 1.5),
    n: GAMMA_N,
    note: 'no mean in Pyro: the off-diagonal correlations of L Lᵀ are Beta(η − 1 + d/2, same) on (−1, 1): mean 0, variance 1/(2η + d − 1); 2·10⁴ draws (Beta draws of the onion method)',
    statistic: (x) => {
      const c = tf.matMul(x, x, false, true);
      const flat = tf.reshape(c, [-1, 9]);
      return tf.gather(flat, tf.tensor1d([3, 6, 7], 'int32'), 1);
    },
    moments: () => [[0, 0, 0], [1 / 5, 1 / 5, 1 / 5]],
  },
  {
    name: 'ProjectedNormal',
    make: () => new D.ProjectedNormal([1, -0.5]),
    note: 'Pyro’s mean is the normalized concentration (a centroid), not E[x]: E[x] and Var[x] by quadrature of exp(logProb) on the circle',
    moments: (d) => {
      const m = 4000;
      const pts = tf.tensor(Array.from({ length: m }, (_, i) => [Math.cos((2 * Math.PI * i) / m), Math.sin((2 * Math.PI * i) / m)]));
      const w = tf.expandDims(tf.mul(tf.exp(d.logProb(pts)), (2 * Math.PI) / m), -1);
      const mean = tf.sum(tf.mul(w, pts), 0);
      return [mean, tf.sub(tf.sum(tf.mul(w, tf.square(pts)), 0), tf.square(mean))];
    },
  },
  // discrete
  { name: 'Bernoulli', make: () => new D.Bernoulli({ logits: [-2, 0, 3] }) },
  {
    name: 'Categorical',
    make: () => new D.Categorical([[0.2, 0.3, 0.5], [0.7, 0.1, 0.2]]),
    note: 'mean/variance NaN in torch: the one-hot indicators have mean probs, variance probs (1 − probs)',
    statistic: oneHot,
    moments: categoricalMoments,
  },
  {
    name: 'OrderedLogistic',
    make: () => new D.OrderedLogistic([-1, 1], [-0.5, 0.3, 1.5]),
    note: 'mean/variance NaN (a Categorical): one-hot indicators against probs',
    statistic: oneHot,
    moments: categoricalMoments,
  },
  { name: 'OneHotCategorical', make: () => new D.OneHotCategorical([0.2, 0.3, 0.5]) },
  { name: 'Binomial', make: () => new D.Binomial([10, 50, 200], [0.3, 0.9, 0.02]) },
  { name: 'Multinomial', make: () => new D.Multinomial(7, [0.2, 0.3, 0.5]) },
  { name: 'Poisson', make: () => new D.Poisson([0.3, 4, 37]) },
  { name: 'Geometric', make: () => new D.Geometric([0.3, 0.8]) },
  { name: 'NegativeBinomial', n: GAMMA_N, make: () => new D.NegativeBinomial({ totalCount: [2.5, 10], logits: [0.5, -1] }) },
  { name: 'GammaPoisson', n: GAMMA_N, make: () => new D.GammaPoisson([2, 5], [0.5, 2]) },
  { name: 'ZeroInflatedPoisson', make: () => new D.ZeroInflatedPoisson([1, 5], { gate: 0.3 }) },
  { name: 'ZeroInflatedNegativeBinomial', n: GAMMA_N, make: () => new D.ZeroInflatedNegativeBinomial([2, 4], { probs: 0.4, gate: [0.2, 0.5] }) },
  { name: 'ZeroInflatedDistribution', n: GAMMA_N, make: () => new D.ZeroInflatedDistribution(new D.Gamma([2, 0.5], 1), { gateLogits: [-1, 0.5] }) },
  { name: 'BetaBinomial', n: GAMMA_N, make: () => new D.BetaBinomial([0.5, 2, 7], [1.5, 3, 0.8], 12) },
  { name: 'DirichletMultinomial', n: GAMMA_N, make: () => new D.DirichletMultinomial([[0.5, 2, 1.3], [4, 1, 1]], 6) },
  // wrappers
  { name: 'Delta', make: () => new D.Delta([1, -2]) },
  { name: 'Empirical', make: () => new D.Empirical([[1], [2], [5]], [0, Math.log(2), -1]) },
  { name: 'MixtureSameFamily', make: () => new D.MixtureSameFamily(new D.Categorical([0.3, 0.7]), new D.Normal([-1, 2], [0.5, 1])) },
  {
    name: 'FoldedDistribution',
    make: () => new D.FoldedDistribution(new D.Normal([0.5, -2], [1, 0.7])),
    note: 'no mean/variance in Pyro: folded normal, E|X| = σ√(2/π) e^(−μ²/2σ²) + μ (1 − 2Φ(−μ/σ)), E X² = μ² + σ²',
    moments: () =>
      tf.tidy(() => {
        const mu = tf.tensor([0.5, -2]);
        const s = tf.tensor([1, 0.7]);
        const z = tf.div(mu, s);
        const mean = tf.add(tf.mul(tf.mul(s, Math.sqrt(2 / Math.PI)), tf.exp(tf.mul(tf.square(z), -0.5))), tf.mul(mu, tf.sub(1, tf.mul(ndtr(tf.neg(z)), 2))));
        return [mean, tf.sub(tf.add(tf.square(mu), tf.square(s)), tf.square(mean))];
      }),
  },
  { name: 'Independent', make: () => new D.Normal([0, 1], [1, 2]).toEvent(1) },
  { name: 'ExpandedDistribution', make: () => new D.ExpandedDistribution(new D.Exponential(2), [2]) },
  { name: 'MaskedDistribution', n: GAMMA_N, make: () => new D.Gamma([1, 3], 2).mask([true, false]) },
  {
    name: 'TransformedDistribution',
    make: () => new D.TransformedDistribution(new D.Normal([0, 1], 1), [new D.AffineTransform(1, 2)]),
    note: 'no mean/variance in torch: 1 + 2 N(μ, 1) has mean 1 + 2μ, variance 4',
    moments: () => [[1, 3], [4, 4]],
  },
];
