// Test support: runs one `kind: "distribution"` case of distributions.json
// against a distribution built with our API. Not part of the build.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, fixtureTensor, flatten, loadConformance, type Nested, type Tolerance } from '@pyro-ts/tensor/testing';
import { NotImplementedError } from '../errors.js';
import type { Distribution } from '../distribution/internal.js';
import { withValidateArgs } from '../distribution/validate-args.js';
import { expectConstraintMatches, type ConstraintDesc } from '../conformance.test-util.js';

export interface PointCase {
  origin?: string;
  value: Nested;
  value_shape: number[];
  log_prob?: Nested;
  log_prob_shape?: number[];
  cdf?: Nested;
}

export interface EnumCase {
  value?: Nested;
  shape?: number[];
  dtype?: 'int' | 'float' | 'bool';
  /** `not_implemented` where torch raises NotImplementedError. */
  error?: string;
}

export interface DistCase {
  id: string;
  kind: 'distribution';
  description: string;
  distribution: string;
  constructor: string;
  params: Record<string, Nested>;
  param_shapes: Record<string, number[]>;
  int_params: string[];
  batch_shape: number[];
  event_shape: number[];
  support: ConstraintDesc;
  has_rsample: boolean;
  has_enumerate_support: boolean;
  log_prob: PointCase[];
  mean?: Nested;
  variance?: Nested;
  stddev?: Nested;
  mode?: Nested;
  entropy?: Nested;
  cdf?: PointCase[];
  icdf?: { q: Nested; q_shape: number[]; icdf: Nested };
  enumerate_support_expand?: EnumCase;
  enumerate_support_no_expand?: EnumCase;
  not_implemented: string[];
}

export const distributionCases: DistCase[] = loadConformance<{ kind: string }>('distributions.json').filter(
  (c): c is DistCase => c.kind === 'distribution',
);

/** `total_count` → `totalCount`. */
export function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, ch: string) => ch.toUpperCase());
}

/** The case's keyword arguments in camelCase (fixture tensors as nested arrays, "NaN" strings decoded). */
export function camelParams(c: { params: Record<string, Nested> }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.params)) out[camel(k)] = typeof v === 'string' ? flatten(v)[0] : v;
  return out;
}

/** Float32 tolerances per quantity. */
export interface CaseTolerances {
  logProb: Tolerance;
  moments: Tolerance;
  entropy: Tolerance;
  cdf: Tolerance;
  icdf: Tolerance;
}

export const DEFAULT_TOLERANCES: CaseTolerances = {
  // float32 evaluation of closed forms: ~1e-6 relative rounding, a few ulps of cancellation.
  logProb: { rtol: 2e-5, atol: 2e-5 },
  moments: { rtol: 2e-5, atol: 1e-6 },
  entropy: { rtol: 2e-5, atol: 2e-5 },
  // cdf in the far tail: float32 cannot hold 1 - 1e-8, so an absolute floor.
  cdf: { rtol: 2e-5, atol: 1e-6 },
  icdf: { rtol: 5e-5, atol: 5e-5 },
};

function expectTensor(actual: Tensor, expected: Nested, shape: number[] | undefined, tol: Tolerance, what: string): void {
  if (shape !== undefined) expect({ what, shape: actual.shape }).toEqual({ what, shape });
  expectClose(actual, expected, tol, what);
}

/** `fn()`'s tensor compared with the reference, or (when the fixture lists `name` as not implemented) a NotImplementedError or any value. */
function checkQuantity(c: DistCase, name: string, fn: () => Tensor, expected: Nested | undefined, tol: Tolerance): void {
  if (expected === undefined) {
    if (c.not_implemented.includes(name)) {
      try {
        tf.dispose(fn());
      } catch (e) {
        if (!(e instanceof NotImplementedError)) throw e;
      }
    }
    return;
  }
  const t = fn();
  try {
    const shape = Array.isArray(expected) ? undefined : [];
    expectTensor(t, expected, shape, tol, `${c.id}.${name}`);
  } finally {
    t.dispose();
  }
}

/** Runs every recorded quantity of case `c` on `d`. */
export function runDistributionCase(c: DistCase, d: Distribution, tol: CaseTolerances = DEFAULT_TOLERANCES): void {
  expect({ id: c.id, batch: d.batchShape, event: d.eventShape }).toEqual({ id: c.id, batch: c.batch_shape, event: c.event_shape });
  expectConstraintMatches(d.support, c.support, `${c.id}.support`);
  expect({ id: c.id, hasRsample: d.hasRsample, hasEnum: d.hasEnumerateSupport }).toEqual({
    id: c.id,
    hasRsample: c.has_rsample,
    hasEnum: c.has_enumerate_support,
  });
  c.log_prob.forEach((p, i) => {
    tf.tidy(() => {
      const lp = d.logProb(fixtureTensor(p.value, p.value_shape));
      expectTensor(lp, p.log_prob as Nested, p.log_prob_shape, tol.logProb, `${c.id}.logProb[${i}] (${p.origin})`);
    });
  });
  checkQuantity(c, 'mean', () => d.mean, c.mean, tol.moments);
  checkQuantity(c, 'variance', () => d.variance, c.variance, tol.moments);
  checkQuantity(c, 'stddev', () => d.stddev, c.stddev, tol.moments);
  checkQuantity(c, 'mode', () => d.mode, c.mode, tol.moments);
  checkQuantity(c, 'entropy', () => d.entropy(), c.entropy, tol.entropy);
  if (c.cdf !== undefined) {
    c.cdf.forEach((p, i) => {
      tf.tidy(() => {
        const v = d.cdf(fixtureTensor(p.value, p.value_shape));
        expectTensor(v, p.cdf as Nested, undefined, tol.cdf, `${c.id}.cdf[${i}]`);
      });
    });
  } else if (c.not_implemented.includes('cdf')) {
    withValidateArgs(false, () => checkQuantity(c, 'cdf', () => tf.tidy(() => d.cdf(tf.zeros(d.shape()))), undefined, tol.cdf));
  }
  if (c.icdf !== undefined) {
    const q = c.icdf;
    tf.tidy(() => expectTensor(d.icdf(fixtureTensor(q.q, q.q_shape)), q.icdf, undefined, tol.icdf, `${c.id}.icdf`));
  } else if (c.not_implemented.includes('icdf')) {
    withValidateArgs(false, () => checkQuantity(c, 'icdf', () => tf.tidy(() => d.icdf(tf.fill(d.shape(), 0.5))), undefined, tol.icdf));
  }
  for (const [key, expand] of [
    ['enumerate_support_expand', true],
    ['enumerate_support_no_expand', false],
  ] as const) {
    const e = c[key];
    if (e === undefined) continue;
    if (e.error !== undefined) {
      expect(e.error).toBe('not_implemented');
      expect(() => tf.tidy(() => d.enumerateSupport(expand))).toThrow(NotImplementedError);
      continue;
    }
    tf.tidy(() => {
      const s = d.enumerateSupport(expand);
      expect({ what: `${c.id}.${key}`, shape: s.shape }).toEqual({ what: `${c.id}.${key}`, shape: e.shape });
      if (e.dtype !== undefined) expect({ what: `${c.id}.${key}.dtype`, dtype: s.dtype }).toEqual({ what: `${c.id}.${key}.dtype`, dtype: e.dtype === 'int' ? 'int32' : e.dtype === 'bool' ? 'bool' : 'float32' });
      expectClose(s, e.value as Nested, { rtol: 0, atol: 0 }, `${c.id}.${key}`);
    });
  }
}
