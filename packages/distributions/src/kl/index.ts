// The KL registry.
export { klDivergence, registerKL, type KLRule, type DistributionClass } from './registry.js';
