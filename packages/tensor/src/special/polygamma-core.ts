// psi^(n)(x) for n >= 1 through the Hurwitz zeta function:
//   psi^(n)(x) = (-1)^(n+1) n! zeta(n + 1, x),
// with zeta(s, y) summed directly over the first N terms and the tail from
// z = y + N on by Euler-Maclaurin (Abramowitz & Stegun 23.1.30; DLMF 25.11.5):
//   zeta(s, y) = sum_{k<N} (y + k)^-s
//              + z^(1-s) [ 1/(s-1) + 1/(2z) + sum_j B_2j/(2j)! (s)_(2j-1) z^-2j ].
// Negative arguments use the reflection formula differentiated n times
// (DLMF 5.15.6 for n = 1):
//   psi^(n)(x) = (-1)^n psi^(n)(1 - x) - pi^(n+1) D_n(cot(pi x)),
// where d^n/dx^n cot(pi x) = pi^n D_n(cot(pi x)), D_0(c) = c and
// D_{n+1}(c) = -(1 + c^2) D_n'(c).
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import { cotPi, polyval, reduceHalfPeriod, withGrad1, select } from './internal.js';

/** B_2, B_4, ..., B_12 (Bernoulli numbers). */
const BERNOULLI_EVEN = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730];
/** Number of Euler-Maclaurin correction terms (B_2 .. B_10). */
const EM_TERMS = 5;

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** Coefficients T_j = B_2j / (2j)! * s (s+1) ... (s+2j-2), j = 1..EM_TERMS. */
function eulerMaclaurinCoeffs(s: number): number[] {
  const out: number[] = [];
  for (let j = 1; j <= EM_TERMS; j++) {
    let poch = 1;
    for (let i = 0; i < 2 * j - 1; i++) poch *= s + i;
    out.push(((BERNOULLI_EVEN[j - 1] as number) / factorial(2 * j)) * poch);
  }
  return out;
}

/** Coefficients (lowest degree first) of D_n with d^n/dx^n cot(pi x) = pi^n D_n(cot(pi x)). */
function cotDerivativePoly(n: number): number[] {
  let p = [0, 1]; // D_0(c) = c
  for (let k = 0; k < n; k++) {
    const dp = p.slice(1).map((c, i) => c * (i + 1)); // D'
    const next = new Array<number>(dp.length + 2).fill(0);
    dp.forEach((c, i) => {
      next[i] = (next[i] as number) - c; // -D'
      next[i + 2] = (next[i + 2] as number) - c; // -c^2 D'
    });
    p = next;
  }
  return p;
}

/** zeta(s, y) for y >= 0 and integer s >= 2 (y = 0 gives +Infinity). */
function hurwitzZetaNonNegative(s: number, y: Tensor): Tensor {
  const n = s - 1;
  const shift = 6 + n; // more direct terms for higher orders keeps z^-2 small against (s + 2j)^2
  const ks = tf.range(0, shift, 1, 'float32');
  const direct = tf.sum(tf.pow(tf.add(tf.expandDims(y, -1), ks), -s), -1);
  const z = tf.add(y, shift);
  const w = tf.reciprocal(z);
  const w2 = tf.square(w);
  // 1/(s-1) + w (1/2 + w T(w^2)), T(v) = sum_j T_j v^(j-1)
  const inner = tf.add(tf.mul(w, tf.add(tf.mul(w, polyval(w2, eulerMaclaurinCoeffs(s))), 0.5)), 1 / n);
  return tf.add(direct, tf.mul(tf.pow(z, -n), inner));
}

function polygammaValue(n: number, x: Tensor): Tensor {
  const sign = n % 2 === 1 ? 1 : -1; // (-1)^(n+1)
  const scale = sign * factorial(n);
  const negative = tf.less(x, 0);
  const y = select(negative, tf.sub(1, x), x);
  const positive = tf.mul(hurwitzZetaNonNegative(n + 1, y), scale);
  // Reflection for x < 0: (-1)^n psi^(n)(1 - x) - pi^(n+1) D_n(cot(pi x)).
  const cot = cotPi(reduceHalfPeriod(x));
  const reflected = tf.sub(tf.mul(positive, -sign), tf.mul(polyval(cot, cotDerivativePoly(n)), Math.PI ** (n + 1)));
  const value = select(negative, reflected, positive);
  // Poles at non-positive integers: (-1)^(n+1) inf, as torch gives at 0.
  const pole = tf.logicalAnd(tf.lessEqual(x, 0), tf.equal(x, tf.round(x)));
  return select(pole, tf.fill(x.shape, sign * Infinity), value);
}

const ops = new Map<number, (x: Tensor) => Tensor>();

/** psi^(n) for integer n >= 1 as a differentiable op (d/dx psi^(n) = psi^(n+1)). */
export function polygammaOp(n: number): (x: Tensor) => Tensor {
  let op = ops.get(n);
  if (op === undefined) {
    op = withGrad1(
      (x) => polygammaValue(n, x),
      (x, _y, dy) => tf.mul(dy, polygammaOp(n + 1)(x)),
    );
    ops.set(n, op);
  }
  return op;
}
