// LowRankMultivariateNormal against the MultivariateNormal with the same
// covariance W Wᵀ + diag(D) (independent closed forms), plus sampling.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { LowRankMultivariateNormal, MultivariateNormal } from './index.js';

beforeAll(useCpuForTests);

const loc = [[0, 1, -1], [2, 0, 0.5]];
const w = [[1, 0.5], [-0.3, 0.8], [0.2, -1.1]];
const d = [0.5, 1.5, 0.7];

function covariance(): tf.Tensor {
  const wt = tf.tensor(w);
  return tf.add(tf.matMul(wt, wt, false, true), tf.diag(tf.tensor(d)));
}

describe('LowRankMultivariateNormal', () => {
  it('matches MultivariateNormal(loc, W Wᵀ + D) in logProb, entropy, moments and matrices', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const lr = new LowRankMultivariateNormal(loc, w, d);
        const full = new MultivariateNormal(loc, { covarianceMatrix: covariance() });
        expect([lr.batchShape, lr.eventShape]).toEqual([[2], [3]]);
        const x = tf.tensor([[[0.3, -0.2, 1.5], [1, 1, 1]], [[-2, 0.5, 0], [0, 0, 0]]]);
        expectClose(lr.logProb(x), full.logProb(x), { rtol: 1e-5, atol: 1e-5 });
        expectClose(lr.entropy(), full.entropy(), { rtol: 1e-5 });
        expectClose(lr.variance, full.variance, { rtol: 1e-5 });
        expectClose(lr.covarianceMatrix, full.covarianceMatrix, { rtol: 1e-5, atol: 1e-6 });
        expectClose(lr.scaleTril, full.scaleTril, { rtol: 1e-4, atol: 1e-5 });
        expectClose(lr.precisionMatrix, full.precisionMatrix, { rtol: 1e-4, atol: 1e-5 });
        expect(lr.support.toString()).toBe('IndependentConstraint(Real(), 1)');
        expect(lr.expand([4, 2]).batchShape).toEqual([4, 2]);
      }),
    ));

  it('samples have the right shape, mean and covariance', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(2);
        const lr = new LowRankMultivariateNormal([0, 1, -1], w, d);
        const n = 20000;
        const x = lr.rsample([n]);
        expect(x.shape).toEqual([n, 3]);
        const m = tf.mean(x, 0);
        const c = tf.div(tf.matMul(tf.sub(x, m), tf.sub(x, m), true, false), n);
        // Entries of the covariance are at most ~3: 5 standard errors ≈ 5·3·√2/√n ≈ 0.15.
        expectClose(m, [0, 1, -1], { atol: 0.06 });
        expectClose(c, covariance(), { atol: 0.15 });
      }),
    ));

  it('validates shapes and parameters', () => {
    expect(() => new LowRankMultivariateNormal([0, 0], [[1], [1], [1]], [1, 1])).toThrow('cov_factor must be a batch of matrices with shape 2 x m');
    expect(() => new LowRankMultivariateNormal([0, 0], [[1], [1]], [1, -1])).toThrow('Expected parameter covDiag');
  });
});
