// distributions.json `kind: "validation"` cases: parameter and value checks
// with validation on (Pyro's default), and their messages, through the
// checks of src/testing.
import '@tensorflow/tfjs-backend-cpu';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { ourSpelling, runValidationCase, validationCases, VALIDATION_CASES } from '../testing/index.js';

beforeAll(useCpuForTests);

const cases = validationCases();

describe('distributions.json validation', () => {
  it('covers every case', () => expect(cases.map((c) => c.id).sort()).toEqual(Object.keys(VALIDATION_CASES).sort()));

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => expectNoLeaks(() => runValidationCase(c)));

  it('spells messages as torch does, up to shapes and camelCase names', () => {
    expect(ourSpelling('Categorical(probs: torch.Size([3])) and Binomial(total_count: 5.0, probs: 0.5), torch.Size([2, 3])')).toBe(
      'Categorical(probs: (3,)) and Binomial(totalCount: 5.0, probs: 0.5), (2, 3)',
    );
  });

  it('a case fails when the message differs', () => {
    const c = cases.find((k) => k.raises && k.id === 'validation/ctor/normal_zero_scale')!;
    expect(() => expectNoLeaks(() => runValidationCase({ ...c, error: 'Expected parameter loc' }))).toThrow(/does not start with/);
  });
});
