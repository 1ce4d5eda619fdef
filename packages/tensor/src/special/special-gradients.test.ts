// Gradients of the special functions against central finite differences
// (float32, step 1e-3 relative), at smooth points on both sides of every
// internal branch switch.
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import * as S from './index.js';
import { type Tolerance, expectGradClose, expectNoLeaks, useCpuForTests } from '../testing/index.js';

beforeAll(useCpuForTests);

/** Central differences in float32 resolve ~1e-4 relative at these points; 2e-3 leaves room. */
const TOL: Tolerance = { rtol: 2e-3, atol: 1e-4 };

/**
 * [name, f, points, eps?]: f is checked at each point separately (as a
 * scalar) so that large values elsewhere do not swamp the difference
 * quotient; eps is the relative step.
 */
type GradCase = [name: string, f: (x: Tensor) => Tensor, points: number[], eps?: number];

const unary: GradCase[] = [
  ['lgamma', S.lgamma, [0.3, 1.7, 4.2, 12.5, 35, -0.7, -2.3]],
  ['digamma', S.digamma, [0.3, 1.7, 4.2, 12.5, -0.7, -2.3]],
  ['polygamma(1)', (x) => S.polygamma(1, x), [0.4, 1.7, 4.2, 12.5, -0.7, -2.3]],
  ['polygamma(2)', (x) => S.polygamma(2, x), [0.4, 1.7, 4.2, 12.5, -0.7, -2.3]],
  ['polygamma(4)', (x) => S.polygamma(4, x), [0.8, 1.7, 4.2, 12.5, -1.4]],
  ['mvlgamma(p = 3)', (x) => S.mvlgamma(x, 3), [1.2, 2.5, 7]],
  ['erf', S.erf, [-2, -0.3, 0.1, 0.45, 0.55, 1.5]],
  ['erfc', S.erfc, [-2, -0.3, 0.1, 0.7, 1.5, 4]],
  ['erfcx', S.erfcx, [-1.5, -0.2, 0.3, 2, 8]],
  ['ndtr', S.ndtr, [-6, -1, 0.2, 1.3, 4]],
  ['logNdtr', S.logNdtr, [-20, -5, -1, 0.5, 3, 6]],
  ['ndtri', S.ndtri, [0.003, 0.2, 0.45, 0.6, 0.97], 1e-5],
  ['erfinv', S.erfinv, [-0.95, -0.3, 0.2, 0.84, 0.99], 1e-4],
  ['log1p', S.log1p, [-0.5, -1e-3, 1e-3, 2, 100]],
  ['expm1', S.expm1, [-3, -0.4, 1e-3, 0.6, 4]],
  ['i0', S.i0, [-5, -1, 0.5, 2, 3.7, 3.8, 6]],
  ['i0e', S.i0e, [-5, -1, 0.5, 2, 3.7, 3.8, 6]],
  ['i1', S.i1, [-5, -1, 0.5, 2, 3.7, 3.8, 6]],
  ['i1e', S.i1e, [-5, -1, 0.5, 2, 3.7, 3.8, 6]],
  ['logBesselI(order 0)', (x) => S.logBesselI(x, 0), [0.2, 1, 3.7, 3.8, 40]],
  ['logBesselI(order 1)', (x) => S.logBesselI(x, 1), [0.2, 1, 3.7, 3.8, 40]],
  ['logI1(2)', (x) => S.logI1(2, x), [0.5, 2, 7]],
  ['softplus', S.softplus, [-30, -2, 0.5, 3, 25]],
  ['sigmoid', S.sigmoid, [-4, -0.5, 0.5, 3]],
  ['logsigmoid', S.logsigmoid, [-25, -2, 0.5, 3]],
  ['logit', (p) => S.logit(p), [0.01, 0.3, 0.7, 0.99], 1e-4],
  ['logit(eps = 0.05)', (p) => S.logit(p, 0.05), [0.01, 0.3, 0.7, 0.99], 1e-4],
];

/** Functions of a whole vector (reductions, weighted outputs), checked on the vector. */
const vector: [name: string, f: (x: Tensor) => Tensor, points: number[]][] = [
  ['clampProbs', (p) => tf.mul(S.clampProbs(p), [1, 2, 3]), [0.2, 0.5, 0.9]],
  ['probsToLogits', (p) => tf.mul(S.probsToLogits(p), [1, 2, 3]), [0.2, 0.5, 0.9]],
  ['probsToLogits(binary)', (p) => tf.mul(S.probsToLogits(p, true), [1, 2, 3]), [0.2, 0.5, 0.9]],
  ['logitsToProbs', (l) => tf.mul(S.logitsToProbs(l), [1, 2, 3]), [0.2, -1, 2]],
  ['logitsToProbs(binary)', (l) => tf.mul(S.logitsToProbs(l, true), [1, 2, 3]), [0.2, -1, 2]],
  ['logsumexp', (x) => S.logsumexp(x), [0.2, -1, 2, 0.5]],
  ['logsumexp over axis 0 of [2, 2]', (x) => tf.mul(S.logsumexp(tf.reshape(x, [2, 2]), 0), [1, -3]), [0.2, -1, 2, 0.5]],
  ['softmax', (x) => tf.mul(S.softmax(x), [1, -2, 3, 0.5]), [0.2, -1, 2, 0.5]],
  ['logSoftmax', (x) => tf.mul(S.logSoftmax(x), [1, -2, 3, 0.5]), [0.2, -1, 2, 0.5]],
];

/** [name, f(v, other), points, others, eps?]: binary functions in one argument, the other fixed per point. */
type BinaryCase = [name: string, f: (v: Tensor, other: Tensor) => Tensor, points: number[], others: number[], eps?: number];
const binary: BinaryCase[] = [
  ['xlogy, d/dx', (v, y) => S.xlogy(v, y), [0.4, 2, -1.2], [0.5, 2, 3]],
  ['xlogy, d/dy', (v, x) => S.xlogy(x, v), [0.5, 2, 3], [0.4, 0, -1.2]],
  ['xlog1py, d/dx', (v, y) => S.xlog1py(v, y), [0.4, 2, -1.2], [0.5, 2, -0.3]],
  ['xlog1py, d/dy', (v, x) => S.xlog1py(x, v), [0.5, 2, -0.3], [0.4, 0, -1.2]],
  ['logBeta, d/da', (v, b) => S.logBeta(v, b), [0.4, 2.5, 11, 50, 3], [0.5, 3, 20, 1e3, 1e5]],
  ['logBeta, d/db', (v, a) => S.logBeta(a, v), [0.5, 3, 20, 1e3, 1e5], [0.4, 2.5, 11, 50, 3]],
  ['logBeta(tol = 0.05), d/da', (v, b) => S.logBeta(v, b, { tol: 0.05 }), [0.4, 2.5, 11], [0.5, 3, 20]],
  ['logBinomial, d/dn', (v, k) => S.logBinomial(v, k), [5, 7.5, 40], [2, 3, 10]],
  ['logBinomial(tol = 0.05), d/dk', (v, n) => S.logBinomial(n, v, { tol: 0.05 }), [2, 3, 10], [5, 7.5, 40]],
  ['gammainc, d/dx', (v, a) => S.gammainc(a, v), [0.3, 0.9, 3, 2.5, 45, 1050], [0.7, 0.05, 2.5, 4, 40, 1e3]],
  ['gammaincc, d/dx', (v, a) => S.gammaincc(a, v), [0.3, 0.9, 3, 2.5, 45, 1050], [0.7, 0.05, 2.5, 4, 40, 1e3]],
  ['gammainc, d/da', (v, x) => S.gammainc(v, x), [0.7, 0.05, 2.5, 4, 40, 1e3], [0.3, 0.9, 3, 2.5, 45, 1050], 1e-2],
  ['gammaincc, d/da', (v, x) => S.gammaincc(v, x), [0.7, 0.05, 2.5, 4, 40, 1e3], [0.3, 0.9, 3, 2.5, 45, 1050], 1e-2],
];

function checkAt(f: (x: Tensor) => Tensor, value: number | number[], eps: number): void {
  expectNoLeaks(() => {
    const v = typeof value === 'number' ? tf.scalar(value, 'float32') : tf.tensor1d(value, 'float32');
    try {
      expectGradClose(f, v, TOL, eps, `gradient at ${JSON.stringify(value)}`);
    } finally {
      v.dispose();
    }
  });
}

describe('gradients match central finite differences', () => {
  it.each(unary)('%s', (_name, f, points, eps = 1e-3) => {
    for (const p of points) checkAt(f, p, eps);
  });
  it.each(vector)('%s', (_name, f, points) => checkAt(f, points, 1e-3));
  it.each(binary)('%s', (_name, f, points, others, eps = 1e-3) => {
    points.forEach((p, i) => {
      const other = tf.scalar(others[i] as number, 'float32');
      try {
        checkAt((v) => f(v, other), p, eps);
      } finally {
        other.dispose();
      }
    });
  });
});
