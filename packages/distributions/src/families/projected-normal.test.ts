// ProjectedNormal: logProb against float64 quadrature of the radial
// integral, normalization on the circle, sampling, gradients, validation.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, expectGradClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { NotImplementedError } from '../errors.js';
import { ValueError } from '../distribution/errors.js';
import { ProjectedNormal } from './projected-normal.js';

beforeAll(useCpuForTests);

/**
 * log p(u) = log ∫₀^∞ r^(d−1) (2π)^(−d/2) exp(−|r u − c|²/2) dr by the
 * trapezoid rule in float64 (the integrand's log is shifted by its maximum).
 */
function referenceLogProb(c: number[], u: number[]): number {
  const d = c.length;
  const t = c.reduce((s, ci, i) => s + ci * u[i]!, 0);
  const c2 = c.reduce((s, ci) => s + ci * ci, 0);
  const logF = (r: number): number => (r === 0 ? -Infinity : (d - 1) * Math.log(r) - 0.5 * (r * r - 2 * r * t + c2) - (d / 2) * Math.log(2 * Math.PI));
  const hi = Math.max(t, 0) + 40;
  const n = 40000;
  const h = hi / n;
  let m = -Infinity;
  for (let i = 1; i <= n; i++) m = Math.max(m, logF(i * h));
  let s = 0;
  for (let i = 1; i <= n; i++) s += Math.exp(logF(i * h) - m) * (i === n ? 0.5 : 1);
  return m + Math.log(s * h);
}

function unit(v: number[]): number[] {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe('ProjectedNormal', () => {
  it('has the sphere as support, event shape [d], both constructor forms, torch repr', () =>
    expectNoLeaks(() => {
      for (const d of [new ProjectedNormal([[1, 2, 3], [0, 0, 1]]), new ProjectedNormal({ concentration: [[1, 2, 3], [0, 0, 1]] })]) {
        expect([d.batchShape, d.eventShape, d.support.toString(), d.hasRsample, d.className]).toEqual([[2], [3], 'Sphere', true, 'ProjectedNormal']);
      }
      expect(new ProjectedNormal([1, 2]).toString()).toBe('ProjectedNormal(concentration: (2,))');
      expect(() => new ProjectedNormal(1)).toThrow(ValueError);
      expect(() => new ProjectedNormal([1, NaN])).toThrow(/Expected parameter concentration/);
      expect(() => new ProjectedNormal({ concentration: [1, 2], scale: 1 } as never)).toThrow(TypeError);
    }));

  it.each([
    [2, [1.5, -0.5]],
    [3, [0.3, -1, 2]],
    [4, [1, 0.5, -0.2, 0.8]],
  ] as Array<[number, number[]]>)('logProb in dim %i matches quadrature of the radial integral, near and far from the mode', (d, c) =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const dist = new ProjectedNormal(c);
        const big = new ProjectedNormal(c.map((x) => x * 4));
        const values = [unit(c), unit(c.map((x, i) => (i === 0 ? -x : x + 0.3))), unit(c.map((x) => -x)), unit(c.map((_, i) => (i === 1 ? 1 : 0)))];
        expectClose(
          dist.logProb(values),
          values.map((u) => referenceLogProb(c, u)),
          { rtol: 1e-5, atol: 2e-5 },
          `dim ${d}`,
        );
        // |c| ≈ 10: the opposite direction has t ≈ −10, where the radial integral is ~1e-22.
        expectClose(
          big.logProb(values),
          values.map((u) => referenceLogProb(c.map((x) => x * 4), u)),
          { rtol: 1e-5, atol: 2e-5 },
          `dim ${d}, concentration × 4`,
        );
      }),
    ),
  );

  it('integrates to 1 on the circle', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const n = 4000;
        const theta = Array.from({ length: n }, (_, i) => (2 * Math.PI * i) / n);
        const pts = theta.map((th) => [Math.cos(th), Math.sin(th)]);
        for (const c of [[0.1, 0.2], [2, -3], [0, 0]]) {
          const total = tf.mul(tf.sum(tf.exp(new ProjectedNormal(c).logProb(pts))), (2 * Math.PI) / n);
          expectClose(total, 1, { rtol: 1e-4, atol: 0 }, `concentration ${c}`);
        }
      }),
    ));

  it('throws NotImplementedError for dims other than 2, 3, 4 and validates values', () =>
    expectNoLeaks(() => {
      expect(() => new ProjectedNormal([1, 0, 0, 0, 0]).logProb([1, 0, 0, 0, 0])).toThrow(NotImplementedError);
      expect(() => new ProjectedNormal([1]).logProb([1])).toThrow('ProjectedNormal.log_prob() is not implemented for dim = 1.');
      expect(() => new ProjectedNormal([1, 0]).logProb([1, 1])).toThrow(ValueError);
      expect(() => new ProjectedNormal([1, 0]).logProb([1, 0, 0])).toThrow(ValueError);
    }));

  it('mean and mode are the normalized concentration (zero maps to the first axis)', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const d = new ProjectedNormal([[3, 4, 0], [0, 0, 0]]);
        expectClose(d.mean, [[0.6, 0.8, 0], [1, 0, 0]], { rtol: 1e-6, atol: 1e-7 });
        expectClose(d.mode, [[0.6, 0.8, 0], [1, 0, 0]], { rtol: 1e-6, atol: 1e-7 });
      }),
    ));

  it('samples are unit vectors distributed as logProb says', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(4);
        const c = [1, -0.5];
        const d = new ProjectedNormal(c);
        const n = 40000;
        const x = d.sample([n]);
        expect(x.shape).toEqual([n, 2]);
        expectClose(tf.norm(x, 'euclidean', -1), tf.ones([n]), { rtol: 1e-6, atol: 1e-6 }, 'unit norm');
        // E[cos θ] and E[sin θ] against quadrature of the density on the circle.
        const m = 4000;
        const pts = Array.from({ length: m }, (_, i) => [Math.cos((2 * Math.PI * i) / m), Math.sin((2 * Math.PI * i) / m)]);
        const w = tf.mul(tf.exp(d.logProb(pts)), (2 * Math.PI) / m);
        const expected = tf.sum(tf.mul(tf.expandDims(w, -1), tf.tensor(pts)), 0);
        // standard error of a mean of coordinates in [-1, 1] is at most 1/√n
        expectClose(tf.mean(x, 0), expected, { rtol: 0, atol: 5 / Math.sqrt(n) }, 'E[x]');
        const e = d.expand([3]);
        expect([e.className, e.batchShape, e.rsample([2]).shape]).toEqual(['ProjectedNormal', [3], [2, 3, 2]]);
      }),
    ));

  it('rsample and logProb are differentiable in the concentration', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const draw = (c: Tensor): Tensor => {
          setRngSeed(8);
          return tf.mul(new ProjectedNormal(c).rsample([3]), tf.tensor([1, -2, 0.5]));
        };
        expectGradClose(draw, tf.tensor([0.5, 1, -1]), { rtol: 2e-2, atol: 2e-3 }, 1e-3, 'rsample');
        const value = tf.tensor(unit([1, 2, -2]));
        for (const c of [[0.5, 1, -1], [-3, -6, 6]]) {
          expectGradClose((cc: Tensor) => new ProjectedNormal(cc).logProb(value), tf.tensor(c), { rtol: 2e-2, atol: 2e-3 }, 1e-3, `logProb at ${c}`);
        }
      }),
    ));
});
