// The `kind: "validation"` cases of distributions.json: parameter and
// value checks with validation on (Pyro's default) and their messages, in
// our spelling. Jest-free.
import { tf } from '@pyro-ts/tensor';
import { expectClose, loadConformance } from '@pyro-ts/tensor/testing';
import type { Distribution } from '../distribution/internal.js';
import { ValueError } from '../distribution/errors.js';
import * as F from '../families/index.js';
import { checkError } from './check.js';

export interface ValidationCase {
  id: string;
  kind: string;
  constructor: string;
  value: string | null;
  raises: boolean;
  error?: string;
  log_prob?: number;
}

/** Each case's constructor and value, written with our API. */
export const VALIDATION_CASES: Record<string, { make: () => Distribution; value?: () => tf.Tensor }> = {
  'validation/ctor/normal_zero_scale': { make: () => new F.Normal(0, 0) },
  'validation/ctor/categorical_negative_probs': { make: () => new F.Categorical({ probs: tf.tensor([0.5, -0.1, 0.6]) }) },
  'validation/ctor/gamma_ok': { make: () => new F.Gamma(2, 3) },
  'validation/log_prob/exponential_zero': { make: () => new F.Exponential(1), value: () => tf.scalar(0) },
  'validation/log_prob/bernoulli_half': { make: () => new F.Bernoulli(0.3), value: () => tf.scalar(0.5) },
  'validation/log_prob/categorical_float_integer': { make: () => new F.Categorical(tf.div(tf.ones([3]), 3)), value: () => tf.scalar(2) },
  'validation/log_prob/dirichlet_not_simplex': { make: () => new F.Dirichlet(tf.ones([3])), value: () => tf.tensor([0.5, 0.5, 0.5]) },
  'validation/log_prob/normal_bad_shape': { make: () => new F.Normal(tf.zeros([3]), 1), value: () => tf.zeros([2]) },
  'validation/log_prob/binomial_above_total': { make: () => new F.Binomial(5, 0.5), value: () => tf.scalar(6) },
  'validation/log_prob/halfnormal_zero': { make: () => new F.HalfNormal(1), value: () => tf.scalar(0) },
};

/**
 * torch's message in our spelling: shapes as tuples (`torch.Size([3])` →
 * `(3,)`) and parameter names in camelCase (`total_count` → `totalCount`).
 */
export function ourSpelling(message: string): string {
  return message
    .replace(/torch\.Size\(\[([^\]]*)\]\)/g, (_m, inner: string) => {
      const dims = inner.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
      return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
    })
    .replace(/([(,] ?)([a-z]+)_([a-z])([a-z]*): /g, (_m, pre: string, a: string, b: string, c: string) => `${pre}${a}${b.toUpperCase()}${c}: `);
}

/** The `kind: "validation"` cases (read when called). */
export function validationCases(): ValidationCase[] {
  return loadConformance<ValidationCase>('distributions.json').filter((c) => c.kind === 'validation');
}

/** Builds the case (and evaluates logProb at its value): a ValueError with torch's message, or the recorded log-density. */
export function runValidationCase(c: ValidationCase): void {
  const spec = VALIDATION_CASES[c.id];
  if (spec === undefined) throw new Error(`no constructor for ${c.id}`);
  tf.tidy(() => {
    const run = (): tf.Tensor | undefined => {
      const d = spec.make();
      return spec.value ? d.logProb(spec.value()) : undefined;
    };
    if (c.raises) {
      let error: unknown;
      try {
        run();
      } catch (e) {
        error = e;
      }
      if (error === undefined) throw new Error(`${c.id}: expected a ValueError, none was thrown`);
      checkError(error, ValueError, ourSpelling(c.error as string), c.id, true);
    } else {
      const lp = run();
      if (c.log_prob !== undefined) {
        if (lp === undefined) throw new Error(`${c.id}: no log_prob computed`);
        expectClose(lp, c.log_prob, { rtol: 1e-6, atol: 1e-6 }, c.id);
      }
    }
  });
}
