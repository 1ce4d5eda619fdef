// One module per family.
export { Normal, type NormalArgs } from './normal.js';
export { Uniform, type UniformArgs } from './uniform.js';
export { Exponential, type ExponentialArgs } from './exponential.js';
export { Laplace, type LaplaceArgs } from './laplace.js';
export { Cauchy, type CauchyArgs } from './cauchy.js';
export { LogNormal, type LogNormalArgs } from './log-normal.js';
export { HalfNormal, type HalfNormalArgs } from './half-normal.js';
export { HalfCauchy, type HalfCauchyArgs } from './half-cauchy.js';
export { MultivariateNormal, type MultivariateNormalArgs, precisionToScaleTril } from './multivariate-normal.js';
export { Gumbel, type GumbelArgs, EULER_GAMMA } from './gumbel.js';
export { LowRankMultivariateNormal, type LowRankMultivariateNormalArgs } from './low-rank-multivariate-normal.js';
export { Bernoulli, type BernoulliArgs } from './bernoulli.js';
export { Categorical, type CategoricalArgs } from './categorical.js';
export { OneHotCategorical, type OneHotCategoricalArgs } from './one-hot-categorical.js';
export { Gamma, type GammaArgs } from './gamma.js';
export { Chi2, type Chi2Args } from './chi2.js';
export { Beta, type BetaArgs } from './beta.js';
export { Dirichlet, type DirichletArgs } from './dirichlet.js';
export { StudentT, type StudentTArgs } from './student-t.js';
export { InverseGamma, type InverseGammaArgs } from './inverse-gamma.js';
export { Weibull, type WeibullArgs } from './weibull.js';
export { Logistic, type LogisticArgs, SkewLogistic, type SkewLogisticArgs } from './logistic.js';
export { Poisson, type PoissonArgs } from './poisson.js';
export { Binomial, type BinomialArgs } from './binomial.js';
export { Geometric, type GeometricArgs } from './geometric.js';
export { NegativeBinomial, type NegativeBinomialArgs } from './negative-binomial.js';
export { Multinomial, type MultinomialArgs } from './multinomial.js';
export { standardGamma, standardGammaGrad, sampleStandardGamma } from './standard-gamma.js';
export { GammaPoisson, type GammaPoissonArgs } from './gamma-poisson.js';
export {
  ZeroInflatedDistribution,
  type ZeroInflatedOptions,
  ZeroInflatedPoisson,
  type ZeroInflatedPoissonArgs,
  ZeroInflatedNegativeBinomial,
  type ZeroInflatedNegativeBinomialArgs,
} from './zero-inflated.js';
export { AsymmetricLaplace, type AsymmetricLaplaceArgs, SoftAsymmetricLaplace, type SoftAsymmetricLaplaceArgs, SoftLaplace, type SoftLaplaceArgs } from './asymmetric-laplace.js';
export {
  LogitRelaxedBernoulli,
  RelaxedBernoulli,
  RelaxedBernoulliStraightThrough,
  ExpRelaxedCategorical,
  RelaxedOneHotCategorical,
  RelaxedOneHotCategoricalStraightThrough,
  type RelaxedArgs,
} from './relaxed.js';
export { ContinuousBernoulli, type ContinuousBernoulliArgs } from './continuous-bernoulli.js';
export { LKJCholesky, type LKJCholeskyArgs } from './lkj-cholesky.js';
export { VonMises, type VonMisesArgs } from './von-mises.js';
export { Pareto, type ParetoArgs } from './pareto.js';
export { Kumaraswamy, type KumaraswamyArgs } from './kumaraswamy.js';
export { ProjectedNormal, type ProjectedNormalArgs, safeNormalize } from './projected-normal.js';
export { BetaBinomial, type BetaBinomialArgs } from './beta-binomial.js';
export { DirichletMultinomial, type DirichletMultinomialArgs } from './dirichlet-multinomial.js';
export { OrderedLogistic, type OrderedLogisticArgs } from './ordered-logistic.js';
export { MultivariateStudentT, type MultivariateStudentTArgs } from './multivariate-student-t.js';
