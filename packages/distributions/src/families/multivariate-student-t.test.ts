// MultivariateStudentT against float64 closed forms (and StudentT in one
// dimension), moments, matrices, validation, rsample and its gradients.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, expectGradClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { ValueError } from '../distribution/errors.js';
import { MultivariateStudentT } from './multivariate-student-t.js';
import { StudentT } from './student-t.js';

beforeAll(useCpuForTests);

const F32 = { rtol: 2e-5, atol: 2e-5 };
const L = [[2, 0], [0.6, 0.5]];
const loc = [1, -1];

/**
 * log density for n = 2 in float64: y = L⁻¹(x − μ) by forward substitution;
 * Γ((ν+2)/2)/Γ(ν/2) = ν/2, so log p = log(ν/2) − log(ν π) − log|L| − (ν+2)/2 log(1 + |y|²/ν).
 */
function logPdf2(x: number[], df: number): number {
  const y0 = (x[0]! - loc[0]!) / L[0]![0]!;
  const y1 = (x[1]! - loc[1]! - L[1]![0]! * y0) / L[1]![1]!;
  const m = y0 * y0 + y1 * y1;
  return Math.log(df / 2) - Math.log(df * Math.PI) - Math.log(L[0]![0]! * L[1]![1]!) - ((df + 2) / 2) * Math.log1p(m / df);
}

describe('MultivariateStudentT', () => {
  it('accepts positional and keyword arguments; batch shape from all three parameters', () =>
    expectNoLeaks(() => {
      for (const d of [new MultivariateStudentT(3, loc, L), new MultivariateStudentT({ df: 3, loc, scaleTril: L }), new MultivariateStudentT(3, loc, { scaleTril: L })]) {
        expect([d.batchShape, d.eventShape, d.hasRsample, d.className, d.support.toString()]).toEqual([[], [2], true, 'MultivariateStudentT', 'IndependentConstraint(Real(), 1)']);
      }
      expect(new MultivariateStudentT([[3], [4], [5]], loc, [L, L]).batchShape).toEqual([3, 2]);
      expect(new MultivariateStudentT(3, loc, L).toString()).toBe('MultivariateStudentT(df: 3.0, loc: (2,), scaleTril: (2, 2))');
      expect(() => new MultivariateStudentT(3, loc, [[1, 0, 0], [0, 1, 0], [0, 0, 1]])).toThrow(ValueError);
      expect(() => new MultivariateStudentT(3, loc, [[1, 0.5], [0.5, 1]])).toThrow(/Expected parameter scaleTril .* LowerCholesky\(\)/);
      expect(() => new MultivariateStudentT(0, loc, L)).toThrow(/Expected parameter df/);
      expect(() => tf.tidy(() => new MultivariateStudentT(3, loc, L).logProb([1, 2, 3]))).toThrow(ValueError);
    }));

  it('logProb matches the float64 closed form and StudentT in one dimension', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const xs = [[1, -1], [3, 2], [-10, 4]];
        for (const df of [0.7, 3, 40]) {
          expectClose(new MultivariateStudentT(df, loc, L).logProb(xs), xs.map((x) => logPdf2(x, df)), F32, `df ${df}`);
        }
        const one = new MultivariateStudentT([2.5, 7], [[0.3]], [[[1.7]]]);
        const t = new StudentT([2.5, 7], 0.3, 1.7);
        expectClose(one.logProb([[[-1]], [[4]]]), t.logProb([[-1], [4]]), F32, 'n = 1');
      }),
    ));

  it('mean, variance and the scale matrices follow Pyro (NaN / ∞ where undefined)', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const d = new MultivariateStudentT([0.5, 1.5, 4], loc, L);
        expect(d.batchShape).toEqual([3]);
        expectClose(d.mean, [[NaN, NaN], loc, loc], { rtol: 0, atol: 0 }, 'mean');
        const diag = [4, 0.36 + 0.25];
        expectClose(d.variance, [[NaN, NaN], [Infinity, Infinity], diag.map((v) => v * 2)], F32, 'variance');
        const cov = [[4, 1.2], [1.2, 0.61]];
        expectClose(d.covarianceMatrix, [cov, cov, cov], F32, 'covarianceMatrix');
        const det = 4 * 0.61 - 1.2 * 1.2;
        const prec = [[0.61 / det, -1.2 / det], [-1.2 / det, 4 / det]];
        expectClose(d.precisionMatrix, [prec, prec, prec], { rtol: 1e-4, atol: 1e-5 }, 'precisionMatrix');
        expectClose(d.scaleTril, [L, L, L], { rtol: 1e-7, atol: 0 }, 'scaleTril');
      }),
    ));

  it('samples have the covariance df/(df−2) L Lᵀ and expand keeps the family', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(31);
        const df = 9;
        const d = new MultivariateStudentT(df, loc, L);
        const N = 40000;
        const x = d.sample([N]);
        expect(x.shape).toEqual([N, 2]);
        const c = tf.sub(x, tf.mean(x, 0));
        const cov = tf.div(tf.matMul(c, c, true, false), N);
        // sd of a sample covariance entry ≈ √(κ E[xᵢ²xⱼ²]/N); with df = 9 (kurtosis 3 + 6/(df−4) = 4.2) below 0.06 here.
        expectClose(cov, [[4, 1.2], [1.2, 0.61]].map((r) => r.map((v) => (v * df) / (df - 2))), { rtol: 0, atol: 0.15 }, 'covariance');
        expectClose(tf.mean(x, 0), loc, { rtol: 0, atol: (5 * 2 * Math.sqrt(df / (df - 2))) / Math.sqrt(N) }, 'mean');
        const e = d.expand([3]);
        expect([e.className, e.batchShape, e.rsample([2]).shape, e.logProb(e.sample()).shape]).toEqual(['MultivariateStudentT', [3], [2, 3, 2], [3]]);
      }),
    ));

  it('rsample is differentiable in loc and scaleTril (exactly, at fixed noise) and in df (through the Gamma draws)', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const w = tf.tensor([1, -2]);
        const drawL = (l: Tensor): Tensor => {
          setRngSeed(3);
          return tf.mul(new MultivariateStudentT(5, loc, l, { validateArgs: false }).rsample([3]), w);
        };
        expectGradClose(drawL, tf.tensor(L), { rtol: 1e-2, atol: 1e-3 }, 1e-3, 'scaleTril');
        const drawLoc = (m: Tensor): Tensor => {
          setRngSeed(3);
          return tf.mul(new MultivariateStudentT(5, m, L).rsample([3]), w);
        };
        expectGradClose(drawLoc, tf.tensor(loc), { rtol: 1e-3, atol: 1e-4 }, 1e-3, 'loc');
        // d/dν E[x₀²] with x₀ = 2 t_ν: E = 4ν/(ν−2), derivative −8/(ν−2)² (−0.32 at ν = 7).
        setRngSeed(5);
        const N = 200000;
        const g = tf.grad((df: Tensor) => tf.mean(tf.square(tf.sub(tf.slice(new MultivariateStudentT(df, [0, 0], L).rsample([N]), [0, 0], [N, 1]), 0))))(tf.scalar(7));
        expectClose(g, -8 / 25, { rtol: 0.15, atol: 0 }, 'd/ddf E[x0^2]');
      }),
    ));
});
