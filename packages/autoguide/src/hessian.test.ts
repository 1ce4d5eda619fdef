import '@tensorflow/tfjs-backend-cpu';
import { tf, softplus, logsumexp } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal, LogNormal, bijectTo, constraints } from '@pyro-ts/distributions';
import { hessian, withHigherOrderGradients } from './hessian.js';

beforeAll(useCpuForTests);

const sig = (x: number): number => 1 / (1 + Math.exp(-x));

describe('hessian', () => {
  it('is exact for functions built on kernels that save their outputs (exp, sigmoid, tanh) and on custom-gradient ops (softplus, logsumexp): float32 tolerance 2e-5 relative', () => {
    const x0 = [0.3, -0.7, 1.1];
    // f = exp(x0) x1² + sigmoid(x2) + tanh(x0 x2) + softplus(x1) + logsumexp(x)
    const f = (x: Tensor): Tensor => {
      const [a, b, c] = tf.unstack(x) as [Tensor, Tensor, Tensor];
      return tf.addN([tf.mul(tf.exp(a), tf.square(b)), tf.sigmoid(c), tf.tanh(tf.mul(a, c)), softplus(b), logsumexp(x)]);
    };
    const [a, b, c] = x0 as [number, number, number];
    const h = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ] as number[][];
    const add = (i: number, j: number, v: number): void => {
      (h[i] as number[])[j] = ((h[i] as number[])[j] as number) + v;
      if (i !== j) (h[j] as number[])[i] = ((h[j] as number[])[i] as number) + v;
    };
    add(0, 0, Math.exp(a) * b * b);
    add(0, 1, 2 * Math.exp(a) * b);
    add(1, 1, 2 * Math.exp(a));
    const s = sig(c);
    add(2, 2, s * (1 - s) * (1 - 2 * s));
    const u = a * c;
    const th = Math.tanh(u);
    const sech2 = 1 - th * th;
    add(0, 0, -2 * th * sech2 * c * c);
    add(0, 2, sech2 * (1 - 2 * u * th));
    add(2, 2, -2 * th * sech2 * a * a);
    add(1, 1, sig(b) * (1 - sig(b)));
    const z = x0.reduce((acc, v) => acc + Math.exp(v), 0);
    const p = x0.map((v) => Math.exp(v) / z);
    for (let i = 0; i < 3; i++) for (let j = i; j < 3; j++) add(i, j, (i === j ? (p[i] as number) : 0) - (p[i] as number) * (p[j] as number));
    expectNoLeaks(() =>
      tf.tidy(() => {
        const H = hessian(f, tf.tensor1d(x0));
        expect(H.shape).toEqual([3, 3]);
        expectClose(H, h.flat(), { rtol: 2e-5, atol: 2e-6 });
      }),
    );
  });

  it('is exactly A for a quadratic form, and passes through where/comparisons (zero gradient for the condition)', () => {
    const A = [
      [2, 0.5, -0.3],
      [0.5, 1.5, 0.2],
      [-0.3, 0.2, 3],
    ];
    expectNoLeaks(() =>
      tf.tidy(() => {
        const At = tf.tensor2d(A);
        const quad = (x: Tensor): Tensor => tf.mul(0.5, tf.sum(tf.mul(x, tf.squeeze(tf.matMul(At, tf.expandDims(x, -1)), [-1]))));
        expectClose(hessian(quad, tf.tensor1d([1, -2, 0.5])), A.flat(), { atol: 1e-6 });
        // piecewise: x² where x > 0, -x³ elsewhere (and a logicalAnd in the condition)
        const pw = (x: Tensor): Tensor => tf.sum(tf.where(tf.logicalAnd(tf.greater(x, 0), tf.less(x, 10)), tf.square(x), tf.neg(tf.pow(x, 3))));
        expectClose(hessian(pw, tf.tensor1d([0.5, -0.5])), [2, 0, 0, 3], { atol: 1e-6 });
      }),
    );
  });

  it('differentiates log-densities and transforms twice: the negative log joint of Normal/LogNormal sites through bijectTo (closed forms)', () => {
    // u0: Normal(1, 2) latent; u1 = log of a LogNormal(0.5, 0.7) latent; with
    // the log-Jacobian, -log p in the unconstrained space is quadratic:
    // H = diag(1/4, 1/0.49). u2 = logit(s/50) of s ~ Uniform(0, 50): -log p - log|J| = softplus(u2) + softplus(-u2) + const, H = 2σ(u2)(1 - σ(u2)).
    const u2 = 0.4;
    expectNoLeaks(() =>
      tf.tidy(() => {
        const interval = bijectTo(constraints.interval(0, 50));
        const pos = bijectTo(constraints.positive);
        const f = (u: Tensor): Tensor => {
          const [a, b, c] = tf.unstack(u) as [Tensor, Tensor, Tensor];
          const y = pos.forward(b);
          const s = interval.forward(c);
          const lp = tf.addN([new Normal(1, 2).logProb(a), new LogNormal(0.5, 0.7).logProb(y), pos.logAbsDetJacobian(b, y), interval.logAbsDetJacobian(c, s)]);
          return tf.neg(lp);
        };
        expectClose(hessian(f, tf.tensor1d([0.3, 0.2, u2])), [0.25, 0, 0, 0, 1 / 0.49, 0, 0, 0, 2 * sig(u2) * (1 - sig(u2))], { rtol: 2e-5, atol: 2e-6 });
      }),
    );
  });

  it('restores the engine and leaves first-order gradients as they were', () => {
    const engine = tf.engine() as unknown as { runKernelFunc: unknown };
    const before = engine.runKernelFunc;
    expect(() => withHigherOrderGradients(() => {
      expect(engine.runKernelFunc).not.toBe(before);
      throw new Error('inside');
    })).toThrow('inside');
    expect(engine.runKernelFunc).toBe(before);
    expectNoLeaks(() =>
      tf.tidy(() => {
        const g = tf.grad((x: Tensor) => tf.sum(tf.exp(x)))(tf.tensor1d([0, 1]));
        expectClose(g, [1, Math.E], { rtol: 1e-6 });
      }),
    );
    expect(() => hessian((x) => tf.sum(x), tf.tensor2d([[1]]))).toThrow('x must be a vector');
  });
});
