// The `kind: "kl"` cases of distributions.json: each pair written with our
// API and klDivergence compared with Pyro's value. Jest-free.
import { loadConformance, expectClose, type Nested } from '@pyro-ts/tensor/testing';
import type { Distribution } from '../distribution/index.js';
import { Delta } from '../distribution/index.js';
import * as F from '../families/index.js';
import { klDivergence } from '../kl/index.js';
import { checkEqual } from './check.js';

export interface KLCase {
  id: string;
  kind: 'kl';
  p: string;
  q: string;
  kl: Nested;
  kl_shape: number[];
}

/** The fixture's constructor texts, written with our API. */
export const KL_PAIRS: Record<string, () => [Distribution, Distribution]> = {
  'KL/Independent_Normal': () => [new F.Normal({ loc: [0, 1, 2], scale: [1, 0.5, 2] }).toEvent(1), new F.Normal({ loc: 0, scale: 1 }).expand([3]).toEvent(1)],
  'KL/LogNormal_LogNormal': () => [new F.LogNormal(0, 1), new F.LogNormal(1, 0.5)],
  'KL/Delta_Normal': () => [new Delta(0.7), new F.Normal(0, 1)],
  'KL/MVN_MVN': () => [
    new F.MultivariateNormal([0, 1], { scaleTril: [[1, 0], [0.5, 2]] }),
    new F.MultivariateNormal([1, 0], { covarianceMatrix: [[2, 0.3], [0.3, 1]] }),
  ],
  'KL/Beta_Beta': () => [new F.Beta(2, 3), new F.Beta(1, 1)],
  'KL/Bernoulli_Bernoulli': () => [new F.Bernoulli({ probs: [0.1, 0.5, 0.9] }), new F.Bernoulli({ probs: 0.3 })],
  'KL/Poisson_Poisson': () => [new F.Poisson([1, 4]), new F.Poisson([2, 2])],
  'KL/Independent_MVN_Delta': () => [new Delta([0.5, -0.5]).toEvent(1), new F.MultivariateNormal([0, 0], { covarianceMatrix: [[1, 0.5], [0.5, 2]] })],
};

/** Cases not run, with the reason. */
export const KL_NOT_RUN: Record<string, string> = {};

export const KL_TOLERANCE = { rtol: 2e-5, atol: 2e-6 };

/** The `kind: "kl"` cases (read when called). */
export function klCases(): KLCase[] {
  return loadConformance<{ kind: string }>('distributions.json').filter((c): c is KLCase => c.kind === 'kl');
}

/** klDivergence of the case's pair against the reference (shape and values); throws on a difference. */
export function runKLCase(c: KLCase, tol = KL_TOLERANCE): void {
  const make = KL_PAIRS[c.id];
  if (make === undefined) throw new Error(`no pair for ${c.id}`);
  const [p, q] = make();
  const kl = klDivergence(p, q);
  try {
    checkEqual(kl.shape, c.kl_shape, `${c.id} shape`);
    expectClose(kl, c.kl, tol, c.id);
  } finally {
    kl.dispose();
  }
}
