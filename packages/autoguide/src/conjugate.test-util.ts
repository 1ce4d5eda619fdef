// A linear-Gaussian model whose posterior is known in closed form:
//   w0, w1 ~ Normal(0, 5);  y_i ~ Normal(w0 + w1 x_i, 1),  i = 1..10,
// with x_i not centred, so that the posterior of (w0, w1) is correlated
// (correlation -0.53).
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Normal } from '@pyro-ts/distributions';
import { plate, sample } from '@pyro-ts/primitives';
import { ndtriNumber } from './quantile.test-util.js';

export const N = 10;
export const XS = Array.from({ length: N }, (_, i) => 0.6 + (i - 4.5) / 3);
export const YS = XS.map((x, i) => 0.5 + 0.8 * x + 0.7 * Math.sin(3 * i));
const PRIOR_SCALE = 5;

export function linearModel(x: Tensor, y: Tensor): void {
  const w0 = sample('w0', new Normal(0, PRIOR_SCALE));
  const w1 = sample('w1', new Normal(0, PRIOR_SCALE));
  plate('data', N, () => sample('y', new Normal(tf.add(w0, tf.mul(w1, x)), 1), { obs: y }));
}

export interface Gaussian2 {
  mean: [number, number];
  /** Covariance [[c00, c01], [c01, c11]] as [c00, c01, c11]. */
  cov: [number, number, number];
  /** Precision as [p00, p01, p11]. */
  precision: [number, number, number];
}

/** The exact posterior of (w0, w1) (float64). */
export function exactPosterior(): Gaussian2 {
  const p0 = 1 / PRIOR_SCALE ** 2;
  let a = p0;
  let b = 0;
  let d = p0;
  let r0 = 0;
  let r1 = 0;
  XS.forEach((x, i) => {
    const y = YS[i] as number;
    a += 1;
    b += x;
    d += x * x;
    r0 += y;
    r1 += x * y;
  });
  const det = a * d - b * b;
  const cov: [number, number, number] = [d / det, -b / det, a / det];
  return { mean: [cov[0] * r0 + cov[1] * r1, cov[1] * r0 + cov[2] * r1], cov, precision: [a, b, d] };
}

/** Normal quantiles mean + sd Φ⁻¹(q). */
export function normalQuantiles(mean: number, sd: number, qs: readonly number[]): number[] {
  return qs.map((q) => mean + sd * ndtriNumber(q));
}

export function data(): [Tensor, Tensor] {
  return [tf.tensor1d(XS), tf.tensor1d(YS)];
}
