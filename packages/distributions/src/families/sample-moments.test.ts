// Sample moments of every distribution class of the package: the mean and
// variance of 10⁵ seeded draws (fewer where a case says so) against the
// family's `mean` / `variance` (or the closed forms a case states where
// Pyro has none).
//
// Tolerance: |z| ≤ 5 for every element, where
//   z_mean = (x̄ − μ) / √(σ²/n)                 (σ² the family's variance)
//   z_var  = (s² − σ²) / √((m₄ − s⁴)/n + 2σ⁴/n²)
// with s² the unbiased sample variance and m₄ the sample's fourth central
// moment ((μ₄ − σ⁴)/n is the asymptotic variance of s²; the 2σ⁴/n² term is
// its next order, which matters only where μ₄ = σ⁴, e.g. Bernoulli(1/2)).
// Moments are accumulated in float64 on the host. A summary of the worst
// |z| per case is printed.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import * as D from '../index.js';
import { CASES, SKIPPED } from './sample-moments.test-util.js';

beforeAll(useCpuForTests);

const N = 100000;
const Z_MAX = 5;

interface Row {
  name: string;
  n: number;
  zMean: number;
  zVar: number;
  /** |z| of the correlation of two batch elements' draws (√n r), when the batch has two or more. */
  zIndep?: number;
}
const rows: Row[] = [];

function toArray(x: Tensor | number[]): number[] {
  return x instanceof tf.Tensor ? Array.from(x.dataSync()) : x;
}

/** Worst |z| of the mean and of the variance over the columns of `data` (n rows of m statistics). */
function zScores(data: Float32Array, n: number, mean: number[], variance: number[]): { zMean: number; zVar: number; detail: string[] } {
  const m = mean.length;
  let zMean = 0;
  let zVar = 0;
  const detail: string[] = [];
  for (let j = 0; j < m; j++) {
    let s1 = 0;
    for (let i = 0; i < n; i++) s1 += data[i * m + j]!;
    const xbar = s1 / n;
    let s2 = 0;
    let s4 = 0;
    for (let i = 0; i < n; i++) {
      const d = data[i * m + j]! - xbar;
      const d2 = d * d;
      s2 += d2;
      s4 += d2 * d2;
    }
    const v = s2 / (n - 1);
    const m4 = s4 / n;
    const mu = mean[j]!;
    const sigma2 = variance[j]!;
    const zm = (xbar - mu) / Math.sqrt(sigma2 / n);
    const zv = (v - sigma2) / Math.sqrt(Math.max(m4 - v * v, 0) / n + (2 * sigma2 * sigma2) / (n * n));
    if (!Number.isFinite(zm) || !Number.isFinite(zv)) detail.push(`[${j}] mean ${xbar} vs ${mu}, variance ${v} vs ${sigma2}: z not finite`);
    if (Math.abs(zm) > Z_MAX) detail.push(`[${j}] mean ${xbar} vs ${mu} (z = ${zm.toFixed(2)})`);
    if (Math.abs(zv) > Z_MAX) detail.push(`[${j}] variance ${v} vs ${sigma2} (z = ${zv.toFixed(2)})`);
    zMean = Math.max(zMean, Math.abs(zm));
    zVar = Math.max(zVar, Math.abs(zv));
  }
  return { zMean, zVar, detail };
}

/** Sample correlation of columns `a` and `b` of `data` (n rows of m). */
function correlation(data: Float32Array, n: number, m: number, a: number, b: number): number {
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < n; i++) {
    sa += data[i * m + a]!;
    sb += data[i * m + b]!;
  }
  const ma = sa / n;
  const mb = sb / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = data[i * m + a]! - ma;
    const db = data[i * m + b]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('sample moments', () => {
  it('covers every distribution class the package exports', () => {
    const classes = Object.entries(D)
      .filter(([, v]) => typeof v === 'function' && (v as { prototype?: unknown }).prototype instanceof D.Distribution)
      .map(([k]) => k)
      .sort();
    const covered = [...CASES.map((c) => c.name), ...Object.keys(SKIPPED)].sort();
    expect(covered).toEqual(classes);
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const n = c.n ?? N;
        const d = c.make();
        setRngSeed(1000 + i);
        const x = c.draw ? c.draw(d, n) : d.sample([n]);
        expect(x.shape).toEqual(d.shape([n]));
        const stat = c.statistic ? c.statistic(x, d) : x;
        const [meanT, varT] = c.moments ? c.moments(d) : [d.mean, d.variance];
        const mean = toArray(meanT);
        const variance = toArray(varT);
        const data = tf.reshape(tf.cast(stat, 'float32'), [n, -1]).dataSync() as Float32Array;
        expect(data.length / n).toBe(mean.length);
        if (variance.every((v) => v === 0)) {
          // Delta: every draw is the mean.
          const dev = data.reduce((w, v, k) => Math.max(w, Math.abs(v - mean[k % mean.length]!)), 0);
          expect(dev).toBe(0);
          rows.push({ name: c.name, n, zMean: 0, zVar: 0 });
          return;
        }
        const { zMean, zVar, detail } = zScores(data, n, mean, variance);
        const row: Row = { name: c.name, n, zMean, zVar };
        rows.push(row);
        expect(detail).toEqual([]);
        // Draws of different batch elements are independent: the correlation of the
        // first statistic of batch elements 0 and 1 is within 5/√n of 0.
        const batch = d.batchShape.reduce((a, b) => a * b, 1);
        if (batch >= 2) {
          const perElement = mean.length / batch;
          row.zIndep = Math.abs(correlation(data, n, mean.length, 0, perElement)) * Math.sqrt(n);
          expect(row.zIndep).toBeLessThan(Z_MAX);
        }
      }),
    ),
  );

  afterAll(() => {
    const worst = rows.reduce((w, r) => (Math.max(r.zMean, r.zVar) > Math.max(w.zMean, w.zVar) ? r : w), { name: '-', n: 0, zMean: 0, zVar: 0 });
    const lines = rows.map(
      (r) => `  ${r.name.padEnd(40)} n=${r.n}  max|z_mean|=${r.zMean.toFixed(2)}  max|z_var|=${r.zVar.toFixed(2)}${r.zIndep === undefined ? '' : `  |z_indep|=${r.zIndep.toFixed(2)}`}`,
    );
    const notes = CASES.filter((c) => c.note).map((c) => `  ${c.name}: ${c.note}`);
    const skipped = Object.entries(SKIPPED).map(([k, why]) => `  ${k}: ${why}`);
    console.log(
      `sample moments (|z| ≤ ${Z_MAX}), ${rows.length} cases; worst: ${worst.name} (${Math.max(worst.zMean, worst.zVar).toFixed(2)})\n${lines.join('\n')}\n` +
        `reference moments other than mean/variance:\n${notes.join('\n')}\nnot checked:\n${skipped.join('\n')}`,
    );
  });
});

describe('batch independence', () => {
  // @pyro-ts/tensor's multinomial draws every row with its own uniforms
  // (tfjs-cpu's Multinomial kernel reused one stream for all rows).
  it('Categorical draws of different batch elements are independent', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        setRngSeed(5);
        const n = 20000;
        const x = new D.Categorical([[0.5, 0.5], [0.5, 0.5]]).sample([n]);
        const data = tf.cast(x, 'float32').dataSync() as Float32Array;
        expect(Math.abs(correlation(data, n, 2, 0, 1)) * Math.sqrt(n)).toBeLessThan(Z_MAX);
      }),
    ),
  );
});
