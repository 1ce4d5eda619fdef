// The data generators against values computed by hand (an independent
// Python transcription of the README's recipe, with explicit uint32
// arithmetic), so that other systems can check they draw the same data.
import { BenchRng, makeW1Data, makeW2Data, mulberry32, rmse } from './data.js';

describe('mulberry32', () => {
  it('gives the reference first uniforms for seeds 1 and 2', () => {
    const r1 = mulberry32(1);
    expect([r1(), r1(), r1()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    const r2 = mulberry32(2);
    expect([r2(), r2()]).toEqual([0.7342509443406016, 0.32499843230471015]);
  });
});

describe('BenchRng', () => {
  it('normal() is Box–Muller on two fresh uniforms (1 − u1, u2)', () => {
    const rng = new BenchRng(1);
    const [u1, u2, u3, u4] = [0.6270739405881613, 0.002735721180215478, 0.5274470399599522, 0.9810509674716741];
    expect(rng.normal()).toBeCloseTo(Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2), 15);
    expect(rng.normal()).toBeCloseTo(Math.sqrt(-2 * Math.log(1 - u3)) * Math.cos(2 * Math.PI * u4), 15);
    const again = new BenchRng(1);
    expect([again.normal(), again.normal()]).toEqual([1.4043387784152637, 1.2157546192705377]);
  });
  it('randint(n) floors rand()·n', () => {
    const rng = new BenchRng(2);
    expect(rng.randint(100)).toBe(73); // floor(0.7342509443406016 * 100)
    expect(rng.randint(10)).toBe(3); // floor(0.32499843230471015 * 10)
  });
});

describe('W1 data (seed 1)', () => {
  const data = makeW1Data();
  it('draws X, then w_true, then eps, in that order', () => {
    expect(data.X.length).toBe(10000);
    expect(data.X[0]).toBeCloseTo(1.4043387784152637, 14);
    expect(data.wTrue[0]).toBeCloseTo(0.17553110921492537, 14);
    expect(data.wTrue[9]).toBeCloseTo(1.0341336128905427, 14);
    expect(data.eps[0]).toBeCloseTo(-0.7700633587034333, 14);
    expect(data.y[0]).toBeCloseTo(1.3379972720747162, 13);
  });
  it('ordinary least squares recovers w_true with RMSE 0.0131 (the README figure)', () => {
    // normal equations [X 1]ᵀ[X 1] β = [X 1]ᵀ y in float64, solved by Gaussian elimination
    const { n, d, X, y } = data;
    const p = d + 1;
    const A = Array.from({ length: p }, () => new Float64Array(p + 1));
    for (let i = 0; i < n; i++) {
      const row = [...X.subarray(i * d, (i + 1) * d), 1];
      for (let a = 0; a < p; a++) {
        for (let b = 0; b < p; b++) (A[a] as Float64Array)[b] = ((A[a] as Float64Array)[b] as number) + (row[a] as number) * (row[b] as number);
        (A[a] as Float64Array)[p] = ((A[a] as Float64Array)[p] as number) + (row[a] as number) * (y[i] as number);
      }
    }
    for (let c = 0; c < p; c++) {
      const pivot = A[c] as Float64Array;
      for (let r = 0; r < p; r++) {
        if (r === c) continue;
        const row = A[r] as Float64Array;
        const f = (row[c] as number) / (pivot[c] as number);
        for (let k = c; k <= p; k++) row[k] = (row[k] as number) - f * (pivot[k] as number);
      }
    }
    const beta = A.map((row, i) => (row[p] as number) / (row[i] as number));
    expect(rmse(beta.slice(0, d), data.wTrue)).toBeCloseTo(0.013117269796155845, 10);
    expect(beta[d]).toBeCloseTo(0.5, 1);
  });
});

describe('W2 data (seed 2)', () => {
  const data = makeW2Data();
  it('draws alpha_true first, then (g, x, eps) per point', () => {
    expect(data.alphaTrue[0]).toBeCloseTo(-0.36954263064243803, 14);
    expect(data.g[0]).toBe(14);
    expect(data.x[0]).toBeCloseTo(-1.173109121067491, 14);
    expect(data.eps[0]).toBeCloseTo(0.5925210901480029, 14);
    expect(data.y[0]).toBeCloseTo(2.456226877193342, 13);
    expect(data.g.length).toBe(100000);
    expect(Math.max(...data.g)).toBe(99);
    expect(Math.min(...data.g)).toBe(0);
  });
});
