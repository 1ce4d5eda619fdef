// distributions.json `kind: "validation"` cases: parameter and value checks
// with validation on (Pyro's default), and their messages.
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, loadConformance, useCpuForTests } from '@pyro-ts/tensor/testing';
import * as F from '../families/index.js';
import type { Distribution } from './internal.js';
import { ValueError } from './errors.js';

beforeAll(useCpuForTests);

interface ValidationCase {
  id: string;
  kind: string;
  constructor: string;
  value: string | null;
  raises: boolean;
  error?: string;
  log_prob?: number;
}

/** Each case's constructor and value, written with our API. */
const CASES: Record<string, { make: () => Distribution; value?: () => tf.Tensor }> = {
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
function ourSpelling(message: string): string {
  return message
    .replace(/torch\.Size\(\[([^\]]*)\]\)/g, (_m, inner: string) => {
      const dims = inner.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
      return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
    })
    .replace(/([(,] ?)([a-z]+)_([a-z])([a-z]*): /g, (_m, pre: string, a: string, b: string, c: string) => `${pre}${a}${b.toUpperCase()}${c}: `);
}

const cases = loadConformance<ValidationCase>('distributions.json').filter((c) => c.kind === 'validation');

describe('distributions.json validation', () => {
  it('covers every case', () => expect(cases.map((c) => c.id).sort()).toEqual(Object.keys(CASES).sort()));

  it.each(cases.map((c) => [c.id, c] as const))('%s', (id, c) =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const spec = CASES[id]!;
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
          expect(error).toBeInstanceOf(ValueError);
          expect((error as Error).message.slice(0, ourSpelling(c.error!).length)).toBe(ourSpelling(c.error!));
        } else {
          const lp = run();
          if (c.log_prob !== undefined) expectClose(lp!, c.log_prob, { rtol: 1e-6, atol: 1e-6 });
        }
      }),
    ),
  );

  it('spells messages as torch does, up to shapes and camelCase names', () => {
    expect(ourSpelling('Categorical(probs: torch.Size([3])) and Binomial(total_count: 5.0, probs: 0.5), torch.Size([2, 3])')).toBe(
      'Categorical(probs: (3,)) and Binomial(totalCount: 5.0, probs: 0.5), (2, 3)',
    );
  });
});
