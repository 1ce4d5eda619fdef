// Exact t-SNE (van der Maaten & Hinton, "Visualizing Data using t-SNE",
// JMLR 2008) for the latent map: O(N²) per iteration, fine for ~1,000
// points. Affinities P from Gaussian kernels whose bandwidths match a
// perplexity (binary search on each row's entropy), symmetrized; a 2-D
// embedding with Student-t similarities Q, moved by gradient descent on
// KL(P‖Q) with momentum, per-coordinate adaptive gains and early
// exaggeration, as in the paper's reference implementation.
import { Rng } from './data/rng.js';

export interface TSNEOptions {
  /** Effective number of neighbours (default 30; at most (N − 1) / 3). */
  perplexity?: number;
  /** Gradient step (default max(N / earlyExaggeration / 4, 50), Belkina et al. 2019, as scikit-learn's 'auto'). */
  learningRate?: number;
  /** Iterations of `run()` (default 1000). */
  iterations?: number;
  /** P is multiplied by this during the first `exaggerationIterations` (default 12 and 250). */
  earlyExaggeration?: number;
  exaggerationIterations?: number;
  /** Seed of the initial embedding (default 0). */
  seed?: number;
}

function squaredDistances(x: ReadonlyArray<ArrayLike<number>>): Float64Array {
  const n = x.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const xi = x[i] as ArrayLike<number>;
    for (let j = i + 1; j < n; j++) {
      const xj = x[j] as ArrayLike<number>;
      let s = 0;
      for (let k = 0; k < xi.length; k++) {
        const t = (xi[k] as number) - (xj[k] as number);
        s += t * t;
      }
      d[i * n + j] = s;
      d[j * n + i] = s;
    }
  }
  return d;
}

/**
 * Row i of the conditional affinities p_{j|i} ∝ exp(−β_i d_ij), with β_i
 * found by bisection so that the row's entropy is log(perplexity).
 */
export function conditionalAffinities(d: Float64Array, n: number, perplexity: number): Float64Array {
  const p = new Float64Array(n * n);
  const target = Math.log(perplexity);
  for (let i = 0; i < n; i++) {
    let beta = 1;
    let lo = -Infinity;
    let hi = Infinity;
    // the smallest distance is subtracted for stability (it cancels)
    let dmin = Infinity;
    for (let j = 0; j < n; j++) if (j !== i) dmin = Math.min(dmin, d[i * n + j] as number);
    for (let iter = 0; iter < 100; iter++) {
      let sum = 0;
      let dot = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const e = Math.exp(-beta * ((d[i * n + j] as number) - dmin));
        p[i * n + j] = e;
        sum += e;
        dot += e * ((d[i * n + j] as number) - dmin);
      }
      // H = log(sum) + β·E[d − dmin]
      const h = Math.log(sum) + (beta * dot) / sum;
      for (let j = 0; j < n; j++) p[i * n + j] = (p[i * n + j] as number) / sum;
      p[i * n + i] = 0;
      const diff = h - target;
      if (Math.abs(diff) < 1e-5) break;
      if (diff > 0) {
        lo = beta;
        beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = lo === -Infinity ? beta / 2 : (beta + lo) / 2;
      }
    }
  }
  return p;
}

export class TSNE {
  readonly n: number;
  iteration = 0;
  private readonly p: Float64Array;
  private readonly y: Float64Array;
  private readonly update: Float64Array;
  private readonly gains: Float64Array;
  private readonly num: Float64Array;
  private readonly grad: Float64Array;
  private readonly lr: number;
  private readonly exaggeration: number;
  private readonly exaggerationIterations: number;
  readonly iterations: number;

  constructor(data: ReadonlyArray<ArrayLike<number>>, options: TSNEOptions = {}) {
    const n = data.length;
    if (n < 4) throw new Error(`t-SNE needs at least 4 points, got ${n}`);
    this.n = n;
    const perplexity = Math.min(options.perplexity ?? 30, (n - 1) / 3);
    this.iterations = options.iterations ?? 1000;
    this.exaggeration = options.earlyExaggeration ?? 12;
    this.lr = options.learningRate ?? Math.max(n / this.exaggeration / 4, 50);
    this.exaggerationIterations = options.exaggerationIterations ?? 250;
    const cond = conditionalAffinities(squaredDistances(data), n, perplexity);
    this.p = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) this.p[i * n + j] = Math.max(((cond[i * n + j] as number) + (cond[j * n + i] as number)) / (2 * n), 1e-12);
    }
    const rng = new Rng(options.seed ?? 0);
    this.y = Float64Array.from({ length: 2 * n }, () => 1e-4 * rng.normal());
    this.update = new Float64Array(2 * n);
    this.gains = new Float64Array(2 * n).fill(1);
    this.num = new Float64Array(n * n);
    this.grad = new Float64Array(2 * n);
  }

  /** Student-t numerators 1/(1 + |y_i − y_j|²) into `num`; returns their sum Z over i ≠ j. */
  private similarities(): number {
    const { n, y, num } = this;
    let z = 0;
    for (let i = 0; i < n; i++) {
      const yi0 = y[2 * i] as number;
      const yi1 = y[2 * i + 1] as number;
      for (let j = i + 1; j < n; j++) {
        const dx = yi0 - (y[2 * j] as number);
        const dy = yi1 - (y[2 * j + 1] as number);
        const q = 1 / (1 + dx * dx + dy * dy);
        num[i * n + j] = q;
        num[j * n + i] = q;
        z += 2 * q;
      }
    }
    return z;
  }

  /** KL(P‖Q) of the current embedding (the objective t-SNE minimizes). */
  klDivergence(): number {
    const { n, p, num } = this;
    const z = this.similarities();
    let kl = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const pij = p[i * n + j] as number;
        kl += pij * Math.log(pij / Math.max((num[i * n + j] as number) / z, 1e-300));
      }
    }
    return kl;
  }

  /** One gradient step. */
  step(): void {
    const { n, p, y, num, grad } = this;
    const ex = this.iteration < this.exaggerationIterations ? this.exaggeration : 1;
    const z = this.similarities();
    // ∂KL/∂y_i = 4 Σ_j (ex·p_ij − q_ij) (1 + |y_i − y_j|²)⁻¹ (y_i − y_j), each pair visited once
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const yi0 = y[2 * i] as number;
      const yi1 = y[2 * i + 1] as number;
      let gx = 0;
      let gy = 0;
      for (let j = i + 1; j < n; j++) {
        const q = num[i * n + j] as number;
        const m = (ex * (p[i * n + j] as number) - q / z) * q;
        const fx = m * (yi0 - (y[2 * j] as number));
        const fy = m * (yi1 - (y[2 * j + 1] as number));
        gx += fx;
        gy += fy;
        grad[2 * j] = (grad[2 * j] as number) - fx;
        grad[2 * j + 1] = (grad[2 * j + 1] as number) - fy;
      }
      grad[2 * i] = (grad[2 * i] as number) + gx;
      grad[2 * i + 1] = (grad[2 * i + 1] as number) + gy;
    }
    for (let k = 0; k < 2 * n; k++) grad[k] = 4 * (grad[k] as number);
    const momentum = this.iteration < 250 ? 0.5 : 0.8;
    for (let k = 0; k < 2 * n; k++) {
      const g = grad[k] as number;
      const sameSign = Math.sign(g) === Math.sign(this.update[k] as number);
      this.gains[k] = Math.max(0.01, sameSign ? (this.gains[k] as number) * 0.8 : (this.gains[k] as number) + 0.2);
      this.update[k] = momentum * (this.update[k] as number) - this.lr * (this.gains[k] as number) * g;
      y[k] = (y[k] as number) + (this.update[k] as number);
    }
    // keep the embedding centred
    let mx = 0;
    let my = 0;
    for (let i = 0; i < n; i++) {
      mx += y[2 * i] as number;
      my += y[2 * i + 1] as number;
    }
    for (let i = 0; i < n; i++) {
      y[2 * i] = (y[2 * i] as number) - mx / n;
      y[2 * i + 1] = (y[2 * i + 1] as number) - my / n;
    }
    this.iteration++;
  }

  /** Runs the remaining iterations (of `iterations`); `onIteration` may stop early by returning false. */
  run(onIteration?: (iteration: number) => boolean | void): Array<[number, number]> {
    while (this.iteration < this.iterations) {
      this.step();
      if (onIteration?.(this.iteration) === false) break;
    }
    return this.embedding;
  }

  get embedding(): Array<[number, number]> {
    return Array.from({ length: this.n }, (_, i) => [this.y[2 * i] as number, this.y[2 * i + 1] as number]);
  }
}

/** t-SNE of `data` to 2-D with the default settings. */
export function tsne(data: ReadonlyArray<ArrayLike<number>>, options: TSNEOptions = {}): Array<[number, number]> {
  return new TSNE(data, options).run();
}
