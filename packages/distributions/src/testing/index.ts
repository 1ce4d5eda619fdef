// @pyro-ts/distributions/testing: the reference cases of
// ../shared/conformance (distributions.json, shapes.json) as jest-free
// checks, for this package's tests and for @pyro-ts/conformance, which runs
// them under every tensor backend. Not for library code.
import { distributionCases, isSupported, runDistributionFixture, NOT_RUN, PENDING, type CaseTolerances } from './distribution-cases.js';
import { klCases, runKLCase, KL_PAIRS, KL_NOT_RUN, KL_TOLERANCE } from './kl-cases.js';
import { runShapeCase, shapeCases, SHAPE_BUILD, SHAPE_NOT_RUN } from './shape-cases.js';
import { runValidationCase, validationCases, VALIDATION_CASES } from './validation-cases.js';

/** One conformance case: `run` throws when the result differs from the reference. */
export interface DistributionConformanceCase {
  id: string;
  run: () => void;
}

export interface DistributionConformanceOptions {
  /**
   * Tolerances for some cases (by id) where a backend's numerics cannot meet
   * the reference ones; each with a written reason at the caller. Distribution
   * cases take a partial `CaseTolerances`, KL cases `{ rtol, atol }` as `logProb`.
   */
  tolerances?: Record<string, Partial<CaseTolerances>>;
}

/**
 * Every case of distributions.json (each `kind: "distribution"` case:
 * shapes, support, flags, logProb, mean, variance, stddev, mode, entropy,
 * cdf, icdf, enumerateSupport; each `kind: "kl"` and `kind: "validation"`
 * case) and every `distribution_shape` case of shapes.json, as checks that
 * throw on a difference. Ids: the fixture ids, shapes.json's prefixed with
 * `shapes/`. Cases that cannot be built are left out and listed by
 * `distributionConformanceGaps()`. Each check is deterministic (the only
 * random draws are sample shapes), reads tensors with `dataSync`, and
 * leaves no tensor behind.
 */
export function distributionConformanceCases(options: DistributionConformanceOptions = {}): DistributionConformanceCase[] {
  const tol = options.tolerances ?? {};
  const out: DistributionConformanceCase[] = [];
  for (const c of distributionCases()) if (isSupported(c)) out.push({ id: c.id, run: () => runDistributionFixture(c, tol[c.id]) });
  for (const c of klCases()) {
    if (!(c.id in KL_PAIRS)) continue;
    const t = tol[c.id]?.logProb;
    out.push({ id: c.id, run: () => runKLCase(c, t === undefined ? KL_TOLERANCE : { ...KL_TOLERANCE, ...t }) });
  }
  for (const c of validationCases()) if (c.id in VALIDATION_CASES) out.push({ id: c.id, run: () => runValidationCase(c) });
  for (const c of shapeCases()) if (c.id in SHAPE_BUILD) out.push({ id: `shapes/${c.id}`, run: () => runShapeCase(c) });
  return out;
}

/** Fixture cases not run and quantities not compared, each with its reason. */
export function distributionConformanceGaps(): string[] {
  const gaps: string[] = [];
  for (const c of distributionCases()) if (!isSupported(c)) gaps.push(`${c.id}: ${NOT_RUN[c.id] ?? 'family not implemented'}`);
  for (const [id, p] of Object.entries(PENDING)) gaps.push(`${id}: ${p.quantities.join(', ')} not compared: ${p.reason}`);
  for (const c of klCases()) if (!(c.id in KL_PAIRS)) gaps.push(`${c.id}: ${KL_NOT_RUN[c.id] ?? 'no pair written'}`);
  for (const c of validationCases()) if (!(c.id in VALIDATION_CASES)) gaps.push(`${c.id}: no constructor written`);
  for (const c of shapeCases()) if (!(c.id in SHAPE_BUILD)) gaps.push(`shapes/${c.id}: ${SHAPE_NOT_RUN[c.id] ?? 'no constructor written'}`);
  return gaps;
}

export { checkEqual, checkThrows, checkError } from './check.js';
export { checkConstraintMatches, type ConstraintDesc } from './constraint-check.js';
export {
  type DistCase,
  type PointCase,
  type EnumCase,
  type CaseTolerances,
  type Quantity,
  distributionCases,
  camel,
  camelParams,
  DEFAULT_TOLERANCES,
  CASE_TOLERANCES,
  KEYWORD_FAMILIES,
  CUSTOM_CASES,
  NOT_RUN,
  PENDING,
  isSupported,
  buildDistribution,
  withoutPending,
  runDistributionCase,
  runDistributionFixture,
} from './distribution-cases.js';
export { type KLCase, KL_PAIRS, KL_NOT_RUN, KL_TOLERANCE, klCases, runKLCase } from './kl-cases.js';
export { type ValidationCase, VALIDATION_CASES, ourSpelling, validationCases, runValidationCase } from './validation-cases.js';
export { type ShapeCase, SHAPE_BUILD, SHAPE_NOT_RUN, typeChain, shapeCases, runShapeCase } from './shape-cases.js';
