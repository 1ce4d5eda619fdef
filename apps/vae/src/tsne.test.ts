import { conditionalAffinities, TSNE } from './tsne.js';
import { pca2 } from './pca.js';
import { Rng } from './data/rng.js';

function sqDist(x: number[][]): Float64Array {
  const n = x.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i * n + j] = (x[i] as number[]).reduce((s, v, k) => s + (v - (x[j] as number[])[k]!) ** 2, 0);
  return d;
}

describe('t-SNE', () => {
  it('calibrates each row of P to the perplexity: rows sum to 1 with entropy log(perplexity)', () => {
    const rng = new Rng(3);
    const x = Array.from({ length: 40 }, () => Array.from({ length: 5 }, () => rng.normal()));
    const p = conditionalAffinities(sqDist(x), 40, 10);
    for (let i = 0; i < 40; i++) {
      let sum = 0;
      let h = 0;
      for (let j = 0; j < 40; j++) {
        const v = p[i * 40 + j] as number;
        sum += v;
        if (v > 0) h -= v * Math.log(v);
      }
      expect(p[i * 40 + i]).toBe(0);
      expect(sum).toBeCloseTo(1, 10);
      expect(h).toBeCloseTo(Math.log(10), 4);
    }
  });

  it('moves the points down the exact gradient of KL(P‖Q) (finite differences)', () => {
    const rng = new Rng(2);
    const x = Array.from({ length: 12 }, () => Array.from({ length: 3 }, () => rng.normal()));
    const make = (y: number[], lr?: number) => {
      const t = new TSNE(x, { perplexity: 3, exaggerationIterations: 0, learningRate: lr });
      (t as unknown as { y: Float64Array }).y.set(y);
      return t;
    };
    // a centred embedding (the step re-centres, and the gradient sums to zero over the points)
    const y0 = Array.from({ length: 24 }, () => rng.normal());
    for (const axis of [0, 1]) {
      let m = 0;
      for (let i = axis; i < 24; i += 2) m += y0[i]! / 12;
      for (let i = axis; i < 24; i += 2) y0[i]! -= m;
    }
    const t = make(y0, 1e-3);
    t.step();
    const moved = t.embedding.flat();
    for (let k = 0; k < 24; k++) {
      const h = 1e-6;
      const yp = [...y0];
      const ym = [...y0];
      yp[k]! += h;
      ym[k]! -= h;
      const numeric = (make(yp).klDivergence() - make(ym).klDivergence()) / (2 * h);
      // first step: no momentum yet, every gain 1 + 0.2 (no previous update to agree with)
      expect((y0[k]! - moved[k]!) / 1e-3).toBeCloseTo(1.2 * numeric, 5);
    }
  });

  it('keeps three separated clusters apart (every point\'s nearest embedded neighbour is in its own cluster) and lowers KL(P‖Q)', () => {
    const rng = new Rng(11);
    const centres = [[0, 0, 0, 0], [10, 0, 0, 0], [0, 10, 10, 0]];
    const x: number[][] = [];
    const label: number[] = [];
    centres.forEach((c, k) => {
      for (let i = 0; i < 20; i++) {
        x.push(c.map((v) => v + rng.normal()));
        label.push(k);
      }
    });
    const t = new TSNE(x, { perplexity: 10, iterations: 400, seed: 1 });
    const klStart = t.klDivergence();
    const y = t.run();
    expect(t.iteration).toBe(400);
    expect(t.klDivergence()).toBeLessThan(klStart / 4);
    for (let i = 0; i < y.length; i++) {
      let best = -1;
      let bd = Infinity;
      for (let j = 0; j < y.length; j++) {
        if (j === i) continue;
        const d = ((y[i] as number[])[0]! - (y[j] as number[])[0]!) ** 2 + ((y[i] as number[])[1]! - (y[j] as number[])[1]!) ** 2;
        if (d < bd) [bd, best] = [d, j];
      }
      expect(label[best]).toBe(label[i]);
    }
    // reproducible from the seed
    expect(new TSNE(x, { perplexity: 10, iterations: 50, seed: 1 }).run()).toEqual(new TSNE(x, { perplexity: 10, iterations: 50, seed: 1 }).run());
    expect(() => new TSNE([[1], [2]])).toThrow(/at least 4 points/);
  });
});

describe('PCA', () => {
  it('projects on the axes of largest variance, in order', () => {
    const rng = new Rng(5);
    // variance 9 along (1,1,0)/√2, 1 along (0,0,1), 0.01 along (1,−1,0)/√2
    const x = Array.from({ length: 500 }, () => {
      const a = 3 * rng.normal();
      const b = rng.normal();
      const c = 0.1 * rng.normal();
      return [(a + c) / Math.SQRT2 + 5, (a - c) / Math.SQRT2, b];
    });
    const p = pca2(x);
    const varOf = (k: 0 | 1) => p.reduce((s, v) => s + v[k] ** 2, 0) / p.length;
    expect(varOf(0)).toBeGreaterThan(7);
    expect(varOf(0)).toBeLessThan(11);
    expect(varOf(1)).toBeGreaterThan(0.8);
    expect(varOf(1)).toBeLessThan(1.2);
    // the first coordinate is the projection on (1,1,0)/√2 up to centring and sign
    const r = p.map((v, i) => v[0] - ((x[i] as number[])[0]! + (x[i] as number[])[1]!) / Math.SQRT2);
    const m = r.reduce((s, v) => s + v, 0) / r.length;
    expect(Math.max(...r.map((v) => Math.abs(v - m)))).toBeLessThan(0.05);
  });
});
