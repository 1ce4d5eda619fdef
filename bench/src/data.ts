// Synthetic data of the benchmark workloads, reproducible in any language
// (../shared/bench/README.md, "Data generation that any language can
// reproduce"): mulberry32 uniforms, Box–Muller normals using two uniforms
// per draw (no cached second value), randint by flooring.

/** mulberry32: a 32-bit seeded generator of uniforms in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The draws every workload's data is made of, in float64. */
export class BenchRng {
  readonly rand: () => number;
  constructor(seed: number) {
    this.rand = mulberry32(seed);
  }
  /** `u1 = 1 - rand(); u2 = rand(); sqrt(-2 ln u1) cos(2 pi u2)`. */
  normal(): number {
    const u1 = 1 - this.rand();
    const u2 = this.rand();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  /** `floor(rand() * n)`. */
  randint(n: number): number {
    return Math.floor(this.rand() * n);
  }
}

/** W1: Bayesian linear regression data (float64 arrays; X row-major [n, d]). */
export interface W1Data {
  n: number;
  d: number;
  X: Float64Array;
  wTrue: Float64Array;
  eps: Float64Array;
  y: Float64Array;
  biasTrue: number;
  sigmaTrue: number;
}

/**
 * W1 (seed 1): X[n, d] = normal() row-major, then w_true[d] = normal(), then
 * eps[n] = normal(); y = X·w_true + 0.5 + 0.5·eps.
 */
export function makeW1Data(n = 1000, d = 10, seed = 1): W1Data {
  const rng = new BenchRng(seed);
  const X = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) X[i] = rng.normal();
  const wTrue = new Float64Array(d);
  for (let j = 0; j < d; j++) wTrue[j] = rng.normal();
  const eps = new Float64Array(n);
  for (let i = 0; i < n; i++) eps[i] = rng.normal();
  const biasTrue = 0.5;
  const sigmaTrue = 0.5;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (X[i * d + j] as number) * (wTrue[j] as number);
    y[i] = s + biasTrue + sigmaTrue * (eps[i] as number);
  }
  return { n, d, X, wTrue, eps, y, biasTrue, sigmaTrue };
}

/** W2: grouped regression data with local latents. */
export interface W2Data {
  n: number;
  groups: number;
  alphaTrue: Float64Array;
  g: Int32Array;
  x: Float64Array;
  eps: Float64Array;
  y: Float64Array;
}

/**
 * W2 (seed 2): alpha_true[g] = 0.5·normal() for each group; then for each
 * n in order g[n] = randint(G), x[n] = normal(), eps[n] = normal();
 * y = 1.0 + alpha_true[g] − 0.7·x + 0.8·eps.
 */
export function makeW2Data(n = 100000, groups = 100, seed = 2): W2Data {
  const rng = new BenchRng(seed);
  const alphaTrue = new Float64Array(groups);
  for (let k = 0; k < groups; k++) alphaTrue[k] = 0.5 * rng.normal();
  const g = new Int32Array(n);
  const x = new Float64Array(n);
  const eps = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    g[i] = rng.randint(groups);
    x[i] = rng.normal();
    eps[i] = rng.normal();
    y[i] = 1.0 + (alphaTrue[g[i] as number] as number) - 0.7 * (x[i] as number) + 0.8 * (eps[i] as number);
  }
  return { n, groups, alphaTrue, g, x, eps, y };
}

/** Root mean square of `a − b`. */
export function rmse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`rmse: lengths differ (${a.length} vs ${b.length})`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] as number) - (b[i] as number)) ** 2;
  return Math.sqrt(s / a.length);
}
