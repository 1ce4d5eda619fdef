// Conformance cases for the core of @pyro-ts/tensor and the tfjs kernels the
// library leans on: elementwise functions, stable reductions, matmul,
// gradients (against closed forms), detach, integer/boolean ops, gather and
// its gradient, seeded randomness. Expected values are closed forms computed
// here in float64.
import { tf, detach, setRngSeed, randn, rand, broadcastShapes, sumRightmost, formatShape } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { ConformanceCase, ConformanceCheck } from './cases.js';

const F32 = { rtol: 1e-5, atol: 1e-6 };
const EXACT = { rtol: 0, atol: 0 };

const xs = [-3, -0.5, 0.25, 1, 4];
const pos = [0.1, 0.5, 1, 3, 20];
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
const softplus = (v: number): number => Math.log1p(Math.exp(v));

function elementwise(id: string, input: number[], op: (x: Tensor) => Tensor, f: (v: number) => number, tol = F32, note?: string): ConformanceCase {
  return { id, compute: () => tf.tidy(() => op(tf.tensor(input))), expected: input.map(f), expectedShape: [input.length], tol, note };
}

/** d/dx sum(f(x)) against the closed-form derivative. */
function gradient(id: string, input: number[], f: (x: Tensor) => Tensor, df: (v: number) => number, tol = F32): ConformanceCase {
  return {
    id,
    compute: () => tf.tidy(() => tf.grad((x: Tensor) => tf.sum(f(x)))(tf.tensor(input))),
    expected: input.map(df),
    expectedShape: [input.length],
    tol,
  };
}

export function coreConformanceCases(): ConformanceCase[] {
  return [
    elementwise('exp', xs, tf.exp, Math.exp),
    elementwise('log', pos, tf.log, Math.log),
    elementwise('sqrt', pos, tf.sqrt, Math.sqrt),
    elementwise('tanh', xs, tf.tanh, Math.tanh),
    elementwise('sigmoid', xs, tf.sigmoid, sigmoid),
    elementwise('softplus', [-20, -3, 0, 3, 20], tf.softplus, softplus),
    elementwise('log1p small', [1e-6, 1e-4, 0.5], tf.log1p, Math.log1p, { rtol: 1e-5, atol: 0 }, 'log1p must keep relative precision near 0'),
    elementwise('expm1 small', [-1e-6, 1e-4, 0.5], tf.expm1, Math.expm1, { rtol: 1e-5, atol: 0 }, 'expm1 must keep relative precision near 0'),
    elementwise('pow', pos, (x) => tf.pow(x, tf.scalar(1.5)), (v) => v ** 1.5),
    {
      id: 'logSumExp stable',
      compute: () => tf.tidy(() => tf.logSumExp(tf.tensor([[1000, 1000.5], [-1000, -1001]]), 1)),
      expected: [1000 + Math.log1p(Math.exp(0.5)), -1000 + Math.log1p(Math.exp(-1))],
      expectedShape: [2],
      tol: F32,
    },
    {
      id: 'matMul',
      compute: () => tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), tf.tensor2d([1, 0, 2, 1, -1, 3], [3, 2]))),
      expected: [2, 11, 8, 23],
      expectedShape: [2, 2],
      tol: EXACT,
    },
    {
      id: 'broadcast add [3,1] + [4]',
      compute: () => tf.tidy(() => tf.add(tf.tensor2d([0, 10, 20], [3, 1]), tf.tensor1d([1, 2, 3, 4]))),
      expected: [1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24],
      expectedShape: [3, 4],
      tol: EXACT,
    },
    {
      id: 'sumRightmost',
      compute: () => tf.tidy(() => sumRightmost(tf.reshape(tf.range(0, 24), [2, 3, 4]), 2)),
      expected: [66, 210],
      expectedShape: [2],
      tol: EXACT,
    },
    {
      id: 'int32 floorDiv and mod',
      compute: () =>
        tf.tidy(() => {
          const a = tf.tensor1d([7, -7, 9, 0], 'int32');
          const b = tf.tensor1d([2, 2, -4, 3], 'int32');
          return tf.concat([tf.floorDiv(a, b), tf.mod(a, b)]);
        }),
      expected: [3, -4, -3, 0, 1, 1, -3, 0],
      expectedShape: [8],
      tol: EXACT,
      note: 'Python semantics: floor division, remainder with the sign of the divisor',
    },
    {
      id: 'bool where',
      compute: () =>
        tf.tidy(() => {
          const x = tf.tensor1d(xs);
          return tf.where(tf.logicalAnd(tf.greater(x, -1), tf.less(x, 2)), x, tf.zerosLike(x));
        }),
      expected: xs.map((v) => (v > -1 && v < 2 ? v : 0)),
      expectedShape: [5],
      tol: EXACT,
    },
    {
      id: 'gather',
      compute: () => tf.tidy(() => tf.gather(tf.tensor1d([10, 20, 30]), tf.tensor1d([2, 0, 2, 1], 'int32'))),
      expected: [30, 10, 30, 20],
      expectedShape: [4],
      tol: EXACT,
    },
    {
      id: 'grad of gather (scatter-add)',
      compute: () =>
        tf.tidy(() => {
          const w = tf.tensor1d([1, 2, 3, 4]);
          const idx = tf.tensor1d([0, 2, 0, 1], 'int32');
          return tf.grad((x: Tensor) => tf.sum(tf.mul(tf.gather(x, idx), w)))(tf.tensor1d([10, 20, 30]));
        }),
      expected: [4, 4, 2],
      expectedShape: [3],
      tol: EXACT,
    },
    gradient('grad x sin x', xs, (x) => tf.mul(x, tf.sin(x)), (v) => Math.sin(v) + v * Math.cos(v)),
    gradient('grad softplus = sigmoid', xs, tf.softplus, sigmoid),
    gradient('grad log', pos, tf.log, (v) => 1 / v),
    gradient('grad sqrt', pos, tf.sqrt, (v) => 0.5 / Math.sqrt(v)),
    {
      id: 'grad logSumExp = softmax',
      compute: () => tf.tidy(() => tf.grad((x: Tensor) => tf.logSumExp(x))(tf.tensor1d(xs))),
      expected: (() => {
        const m = Math.max(...xs);
        const e = xs.map((v) => Math.exp(v - m));
        const s = e.reduce((a, b) => a + b, 0);
        return e.map((v) => v / s);
      })(),
      expectedShape: [5],
      tol: F32,
    },
    {
      id: 'grad matMul',
      // d/dA sum(A B) = 1 B^T: every row is B's row sums
      compute: () => tf.tidy(() => tf.grad((a: Tensor) => tf.sum(tf.matMul(a, tf.tensor2d([1, 0, 2, 1, -1, 3], [3, 2]))))(tf.zeros([2, 3]))),
      expected: [1, 3, 2, 1, 3, 2],
      expectedShape: [2, 3],
      tol: EXACT,
    },
    {
      id: 'detach stops the gradient',
      // d/dv [v^2 + c v] with c = v held fixed = 3v
      compute: () => tf.tidy(() => tf.grad((v: Tensor) => tf.sum(tf.add(tf.mul(v, v), tf.mul(detach(v), v))))(tf.tensor1d([1, 2, 3]))),
      expected: [3, 6, 9],
      expectedShape: [3],
      tol: EXACT,
    },
    {
      id: 'seeded randn is reproducible',
      compute: () =>
        tf.tidy(() => {
          setRngSeed(123);
          const a = randn([64]);
          setRngSeed(123);
          return tf.sub(a, randn([64]));
        }),
      expected: new Array<number>(64).fill(0),
      expectedShape: [64],
      tol: EXACT,
    },
    {
      id: 'randn moments',
      // mean and variance of 20000 standard normal draws: sd of the mean is
      // 0.0071, of the variance 0.01; tolerance 0.05 is > 5 sd for both
      compute: () =>
        tf.tidy(() => {
          setRngSeed(7);
          const { mean, variance } = tf.moments(randn([20000]));
          return tf.stack([mean, variance]);
        }),
      expected: [0, 1],
      expectedShape: [2],
      tol: { rtol: 0, atol: 0.05 },
    },
    {
      id: 'rand range and mean',
      // [min >= 0 ? 1 : 0, max < 1 ? 1 : 0, mean] of 20000 U(0,1) draws (sd of mean 0.002)
      compute: () =>
        tf.tidy(() => {
          setRngSeed(11);
          const u = rand([20000]);
          return tf.stack([tf.cast(tf.greaterEqual(tf.min(u), 0), 'float32'), tf.cast(tf.less(tf.max(u), 1), 'float32'), tf.mean(u)]);
        }),
      expected: [1, 1, 0.5],
      expectedShape: [3],
      tol: { rtol: 0, atol: 0.01 },
    },
  ];
}

/** Checks that need no tensor reads (pure shape logic). */
export function coreConformanceChecks(): ConformanceCheck[] {
  const eq = (a: unknown, b: unknown, what: string): void => {
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${what}: got ${JSON.stringify(a)}, expected ${JSON.stringify(b)}`);
  };
  return [
    {
      name: 'broadcastShapes and formatShape',
      run: () => {
        eq(broadcastShapes([3, 1], [4], []), [3, 4], 'broadcastShapes');
        eq(broadcastShapes([2, 1, 5], [7, 1]), [2, 7, 5], 'broadcastShapes');
        let threw = false;
        try {
          broadcastShapes([3], [4]);
        } catch {
          threw = true;
        }
        eq(threw, true, 'broadcastShapes([3], [4]) throws');
        eq(formatShape([2, 3]), '(2, 3)', 'formatShape');
      },
    },
  ];
}
