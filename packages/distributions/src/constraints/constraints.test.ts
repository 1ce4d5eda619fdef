import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { loadConformance, fixtureTensor, expectNoLeaks, useCpuForTests, flatten, type Nested } from '@pyro-ts/tensor/testing';
import * as C from './index.js';
import { constraintFromCode, expectConstraintMatches, type ConstraintDesc } from '../conformance.test-util.js';

beforeAll(useCpuForTests);

interface CheckCase {
  id: string;
  kind: string;
  constraint: ConstraintDesc;
  constraint_code: string;
  value: Nested;
  value_shape: number[];
  check: boolean[];
  check_shape: number[];
}

const all = loadConformance<CheckCase & { kind: string }>('transforms.json');
const checkCases = all.filter((c) => c.kind === 'constraint_check');

/**
 * Documented float32 differences: 1e-300 is not a float32 (it rounds to 0),
 * so `positive.check(1e-300)` is false here where Pyro (float64) says true.
 */
const FLOAT32_CHECK: Record<string, { index: number; value: boolean; reason: string }[]> = {
  'check/positive': [{ index: 2, value: false, reason: '1e-300 rounds to 0 in float32' }],
};

describe('transforms.json constraint_check', () => {
  it('has cases', () => expect(checkCases.length).toBeGreaterThan(20));
  it.each(checkCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    expectNoLeaks(() => {
      const constraint = constraintFromCode(c.constraint_code);
      expectConstraintMatches(constraint, c.constraint, c.id);
      const value = fixtureTensor(c.value, c.value_shape);
      const result = constraint.check(value);
      expect(result.dtype).toBe('bool');
      expect(result.shape).toEqual(c.check_shape);
      const want = [...c.check];
      for (const d of FLOAT32_CHECK[c.id] ?? []) want[d.index] = d.value;
      expect(Array.from(result.dataSync(), Boolean)).toEqual(want);
      tf.dispose([value, result]);
    });
  });
});

describe('the constraints of every constraint description in the fixtures', () => {
  // Every constraint transforms.json describes (as a registry key, domain or
  // codomain) and every distribution support in distributions.json, by repr.
  const seen = new Map<string, ConstraintDesc>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x !== null && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.repr === 'string' && typeof o.name === 'string' && typeof o.event_dim === 'number') seen.set(o.repr + '|' + o.name, o as unknown as ConstraintDesc);
      Object.values(o).forEach(walk);
    }
  };
  walk(all);
  walk(loadConformance('distributions.json').map((c) => (c as { support?: unknown }).support));

  /** Our constraint for a description (families are rebuilt from the recorded bounds). */
  const build = (d: ConstraintDesc): C.Constraint => {
    const lb = d.lower_bound as number | number[];
    const ub = d.upper_bound as number | number[];
    const singletons: Record<string, C.Constraint> = {
      real: C.real,
      positive: C.positive,
      nonnegative: C.nonnegative,
      unit_interval: C.unitInterval,
      simplex: C.simplex,
      real_vector: C.realVector,
      lower_cholesky: C.lowerCholesky,
      corr_cholesky: C.corrCholesky,
      corr_matrix: C.corrMatrix,
      positive_definite: C.positiveDefinite,
      ordered_vector: C.orderedVector,
      positive_ordered_vector: C.positiveOrderedVector,
      sphere: C.sphere,
      softplus_positive: C.softplusPositive,
      softplus_lower_cholesky: C.softplusLowerCholesky,
      unit_lower_cholesky: C.unitLowerCholesky,
      boolean: C.boolean,
      one_hot: C.oneHot,
      nonnegative_integer: C.nonnegativeInteger,
      positive_integer: C.positiveInteger,
    };
    const s = singletons[d.name];
    if (s) return s;
    switch (d.name) {
      case 'independent':
        return C.independent(build(d.base_constraint as ConstraintDesc), d.reinterpreted_batch_ndims as number);
      case 'greater_than':
        return C.greaterThan(lb);
      case 'greater_than_eq':
        return C.greaterThanEq(lb);
      case 'less_than':
        return C.lessThan(ub);
      case 'interval':
        return C.interval(lb, ub);
      case 'half_open_interval':
        return C.halfOpenInterval(lb, ub);
      case 'multinomial':
        return C.multinomial(ub);
      case 'integer_interval':
        // Binomial's support holds total_count as a 0-d tensor when it is a float (repr `upper_bound=10.0`).
        return C.integerInterval(lb, typeof ub === 'number' && d.repr.includes(`upper_bound=${ub}.0`) ? tf.scalar(ub) : ub);
      default:
        throw new Error(`no constraint for ${d.name}`);
    }
  };

  it('covers the fixtures', () => expect(seen.size).toBeGreaterThan(30));
  it.each([...seen.values()].map((d) => [d.repr, d] as const))('%s', (_repr, d) => {
    expectNoLeaks(() => {
      const c = build(d);
      expectConstraintMatches(c, d, d.repr);
      const ub = (c as { upperBound?: unknown }).upperBound;
      if (ub instanceof tf.Tensor) ub.dispose();
    });
  });
});

describe('constraint semantics beyond the fixtures', () => {
  it('check reduces eventDim rightmost dims and accepts numbers and arrays', () => {
    expectNoLeaks(() => {
      const r = C.independent(C.positive, 2).check([
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 2],
          [3, -4],
        ],
      ]);
      expect(r.shape).toEqual([2]);
      expect(Array.from(r.dataSync())).toEqual([1, 0]);
      const s = C.positive.check(3);
      expect(s.shape).toEqual([]);
      expect(s.dataSync()[0]).toBe(1);
      tf.dispose([r, s]);
    });
  });

  it('independent throws when the value has too few dims', () => {
    expectNoLeaks(() => {
      expect(() => C.independent(C.real, 2).check([1, 2])).toThrow('Expected value.dim() >= 2 but got 1');
    });
  });

  it('bounds may be tensors, broadcast against the value', () => {
    expectNoLeaks(() => {
      const lo = tf.tensor([0, 1]);
      const r = C.greaterThan(lo).check([
        [0.5, 0.5],
        [2, 2],
      ]);
      expect(Array.from(r.dataSync(), Boolean)).toEqual([true, false, true, true]);
      expect(C.greaterThan(lo).toString()).toBe('GreaterThan(lower_bound=tensor([0., 1.]))');
      tf.dispose([lo, r]);
    });
  });

  it('integer, lower-triangular, square, symmetric, positive-semidefinite, one-hot, multinomial, cat and stack', () => {
    expectNoLeaks(() => {
      const results: Record<string, boolean[]> = {};
      const run = (name: string, c: C.Constraint, v: Nested): void => {
        const r = c.check(v as number[]);
        results[name] = Array.from(r.dataSync(), Boolean);
        r.dispose();
      };
      run('integer', C.integer, [-2, 0.5, 3, NaN]);
      run('lowerTriangular', C.lowerTriangular, [
        [
          [1, 0],
          [2, -3],
        ],
        [
          [1, 1],
          [0, 1],
        ],
      ]);
      run('symmetric', C.symmetric, [
        [
          [1, 2],
          [2, 1],
        ],
        [
          [1, 2],
          [2.1, 1],
        ],
      ]);
      run('psd', C.positiveSemidefinite, [
        [
          [1, 1],
          [1, 1],
        ],
        [
          [1, 2],
          [2, 1],
        ],
      ]);
      run('oneHot', C.oneHot, [
        [0, 1, 0],
        [1, 1, 0],
        [0, 0.5, 0.5],
      ]);
      run('multinomial', C.multinomial(3), [
        [1, 2, 0],
        [2, 2, 0],
        [-1, 2, 0],
      ]);
      run('cat', C.cat([C.positive, C.real], -1, [2, 1]), [
        [1, 2, -3],
        [-1, 2, -3],
      ]);
      run('stack', C.stack([C.positive, C.unitInterval], -1), [
        [1, 0.5],
        [1, 2],
      ]);
      expect(results).toEqual({
        integer: [true, false, true, false],
        lowerTriangular: [true, false],
        symmetric: [true, false],
        psd: [true, false],
        oneHot: [true, false, false],
        multinomial: [true, false, false],
        cat: [true, true, true, false, true, true],
        stack: [true, true, true, false],
      });
      const z = tf.zeros([4, 2, 3]);
      const sq = C.square.check(z);
      expect(sq.shape).toEqual([4]);
      expect(Array.from(sq.dataSync())).toEqual([0, 0, 0, 0]);
      tf.dispose([z, sq]);
    });
  });

  it('eventDim, isDiscrete and reprs of the remaining constraints match torch/Pyro', () => {
    const table: [C.Constraint, string, number, boolean][] = [
      [C.integer, 'Integer', 0, true],
      [C.lowerTriangular, 'LowerTriangular()', 2, false],
      [C.square, 'Square()', 2, false],
      [C.symmetric, 'Symmetric()', 2, false],
      [C.positiveSemidefinite, 'PositiveSemidefinite()', 2, false],
      [C.oneHot, 'OneHot()', 1, true],
      [C.multinomial(5), 'Multinomial()', 1, true],
      [C.halfOpenInterval(-1.5, 1e-5), 'HalfOpenInterval(lower_bound=-1.5, upper_bound=1e-05)', 0, false],
      [C.greaterThan(1e16), 'GreaterThan(lower_bound=1e+16)', 0, false],
      [C.integerInterval(0, 2.5), 'IntegerInterval(lower_bound=0, upper_bound=2.5)', 0, true],
      [C.cat([C.real, C.simplex]), 'Cat()', 1, false],
      [C.stack([C.boolean, C.real], -1), 'Stack()', 1, true],
      [C.independent(C.oneHot, 1), 'IndependentConstraint(OneHot(), 1)', 2, true],
      [C.dependent.with({ isDiscrete: true, eventDim: 1 }), 'Dependent()', 1, true],
    ];
    for (const [c, repr, eventDim, isDiscrete] of table) {
      expect([c.toString(), c.eventDim, c.isDiscrete]).toEqual([repr, eventDim, isDiscrete]);
    }
    expect(C.isDependent(C.dependent)).toBe(true);
    expect(C.isDependent(C.real)).toBe(false);
    expect(() => C.dependent.eventDim).toThrow('cannot be determined statically');
    expect(() => C.dependent.check(1)).toThrow('Cannot determine validity of dependent constraint');
  });

  it('tensor bounds print as torch prints tensors', () => {
    expectNoLeaks(() => {
      const cases: [Nested, string][] = [
        [[0, -2], 'tensor([ 0., -2.])'],
        [[1, 5, 2.5], 'tensor([1.0000, 5.0000, 2.5000])'],
        [[4, 4, 4], 'tensor([4., 4., 4.])'],
        [[1e-5, 1], 'tensor([1.0000e-05, 1.0000e+00])'],
        [
          [
            [1, 2],
            [3, 4],
          ],
          'tensor([[1., 2.],\n        [3., 4.]])',
        ],
      ];
      for (const [v, want] of cases) expect(C.lessThan(v as number[]).toString()).toBe(`LessThan(upper_bound=${want})`);
      expect(flatten([1])).toEqual([1]);
    });
  });
});
