// Conformance checks of @pyro-ts/tensor's linear algebra, runnable under any
// backend (no jest): each `run` throws a descriptive error on failure.
// Inputs come from a seeded generator (mulberry32) and are rounded to
// float32, so they are identical everywhere; expected values are computed
// from them in float64 in plain JS (or are closed forms). Tolerances are
// float32 ones, stated per check: for the well-conditioned matrices used
// here (M Mᵀ + n·I, triangular with |diagonal| >= 1) the float32 results
// agree with float64 to ~1e-6 relative.
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import {
  batchMahalanobis,
  cholesky,
  choleskyInverse,
  choleskySolve,
  diagEmbed,
  diagonal,
  eye,
  inversePD,
  logdetFromCholesky,
  matrixTranspose,
  triangularSolve,
  tril,
  triu,
} from '../linalg/index.js';
import { expectClose, expectGradClose, expectNoLeaks } from './index.js';
import type { Tolerance } from './index.js';

export interface LinalgCheck {
  name: string;
  run: () => void;
}

/** Values: rtol 1e-4 with an absolute floor of 1e-5 (results are O(1)). */
const VALUE: Tolerance = { rtol: 1e-4, atol: 1e-5 };
/** Gradients against central differences in float32 (step 1e-3). */
const FD: Tolerance = { rtol: 2e-2, atol: 2e-3 };

// ---- seeded inputs and float64 references (row-major, batch-major) ----

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` float32-representable numbers uniform in [-1, 1). */
function uniform(count: number, seed: number): number[] {
  const r = mulberry32(seed);
  return Array.from({ length: count }, () => Math.fround(2 * r() - 1));
}

/** `batch` SPD matrices M Mᵀ + n·I (rounded to float32). */
function spd(batch: number, n: number, seed: number): number[] {
  const m = uniform(batch * n * n, seed);
  const out: number[] = [];
  for (let b = 0; b < batch; b++) {
    const o = b * n * n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = i === j ? n : 0;
        for (let k = 0; k < n; k++) s += (m[o + i * n + k] as number) * (m[o + j * n + k] as number);
        out.push(Math.fround(s));
      }
    }
  }
  return out;
}

/** `batch` lower (or upper) triangular matrices with 1 <= |diagonal| <= 2; `other` fills the other triangle. */
function triangular(batch: number, n: number, seed: number, upper: boolean, other = 0): number[] {
  const u = uniform(batch * n * n, seed);
  return u.map((v, k) => {
    const i = Math.floor(k / n) % n;
    const j = k % n;
    if (i === j) return Math.fround(v < 0 ? v - 1 : v + 1);
    return (upper ? j > i : j < i) ? v : other;
  });
}

const at = (a: number[], o: number, i: number, j: number, n: number): number => a[o + i * n + j] as number;

/** Lower Cholesky factor of each matrix, float64. */
function chol64(a: number[], n: number): number[] {
  const l = new Array<number>(a.length).fill(0);
  for (let o = 0; o < a.length; o += n * n) {
    for (let j = 0; j < n; j++) {
      let s = at(a, o, j, j, n);
      for (let k = 0; k < j; k++) s -= at(l, o, j, k, n) ** 2;
      l[o + j * n + j] = Math.sqrt(s);
      for (let i = j + 1; i < n; i++) {
        let t = at(a, o, i, j, n);
        for (let k = 0; k < j; k++) t -= at(l, o, i, k, n) * at(l, o, j, k, n);
        l[o + i * n + j] = t / at(l, o, j, j, n);
      }
    }
  }
  return l;
}

/** Solves op(T) x = b for one n×n triangular T (triangle `upper`), b of k columns; float64. */
function triSolve64(t: number[], to: number, n: number, b: number[], k: number, upper: boolean, trans: boolean, unit: boolean): number[] {
  const get = (i: number, j: number): number => {
    const [r, c] = trans ? [j, i] : [i, j];
    if (r === c) return unit ? 1 : at(t, to, r, c, n);
    return (upper ? c > r : c < r) ? at(t, to, r, c, n) : 0;
  };
  const lowerOp = upper === trans; // op(T) is lower triangular
  const x = new Array<number>(n * k).fill(0);
  for (let col = 0; col < k; col++) {
    for (let s = 0; s < n; s++) {
      const i = lowerOp ? s : n - 1 - s;
      let v = b[i * k + col] as number;
      for (let j = 0; j < n; j++) if (j !== i) v -= get(i, j) * (x[j * k + col] as number);
      x[i * k + col] = v / get(i, i);
    }
  }
  return x;
}

/** Inverse of each SPD matrix through its Cholesky factor, float64. */
function inv64(a: number[], n: number): number[] {
  const l = chol64(a, n);
  const out: number[] = [];
  const id = Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
  for (let o = 0; o < a.length; o += n * n) {
    const y = triSolve64(l, o, n, id, n, false, false, false);
    out.push(...triSolve64(l, o, n, y, n, false, true, false));
  }
  return out;
}

function matmul64(a: number[], b: number[], m: number, k: number, n: number): number[] {
  const c: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += (a[i * k + t] as number) * (b[t * n + j] as number);
      c.push(s);
    }
  }
  return c;
}

const t32 = (v: number[], shape: number[]): Tensor => tf.tensor(v, shape, 'float32');
const sym = (x: Tensor): Tensor => tf.mul(tf.add(x, matrixTranspose(x)), 0.5);
/** Weighted sum, so that gradient checks see every output entry with a different weight. */
const weighted = (y: Tensor, seed: number): Tensor => tf.sum(tf.mul(y, t32(uniform(y.size, seed), y.shape)));

function check(name: string, body: () => void): LinalgCheck {
  return { name, run: () => expectNoLeaks(() => tf.tidy(body)) };
}

// ---- the checks ----

function valueChecks(): LinalgCheck[] {
  const checks: LinalgCheck[] = [
    check('cholesky: 2x2 by hand [[4,2],[2,10]] -> [[2,0],[1,3]] (rtol 1e-6)', () => {
      expectClose(cholesky([[4, 2], [2, 10]]), [2, 0, 1, 3], { rtol: 1e-6, atol: 1e-6 }, 'L');
    }),
    check('cholesky: diagonal matrix -> sqrt of the diagonal (rtol 1e-6)', () => {
      expectClose(cholesky(diagEmbed([4, 9, 0.25, 1e-4])), diagEmbed([2, 3, 0.5, 1e-2]), { rtol: 1e-6, atol: 0 }, 'L');
    }),
    check('cholesky: known 3x3 [[4,12,-16],[12,37,-43],[-16,-43,98]] (rtol 1e-5)', () => {
      const a = [[4, 12, -16], [12, 37, -43], [-16, -43, 98]];
      expectClose(cholesky(a), [2, 0, 0, 6, 1, 0, -8, 5, 3], { rtol: 1e-5, atol: 1e-5 }, 'L');
    }),
  ];
  for (const n of [1, 2, 3, 5, 8, 16, 33, 64]) {
    checks.push(
      check(`cholesky: random SPD n=${n} matches float64 and reconstructs A (rtol 1e-4 of max|A|)`, () => {
        const a = spd(1, n, 100 + n);
        const l = cholesky(t32(a, [n, n]));
        const scale = Math.max(...a.map(Math.abs));
        expectClose(l, chol64(a, n), { rtol: 1e-4, atol: 1e-5 * Math.sqrt(scale) }, 'L vs float64');
        expectClose(tf.matMul(l, l, false, true), a, { rtol: 0, atol: 1e-5 * scale }, 'L Lᵀ vs A');
      }),
    );
  }
  checks.push(
    check('cholesky: batch [2,3,n,n] (n=4) and only the lower triangle read (NaN above)', () => {
      const a = spd(6, 4, 7);
      expectClose(cholesky(t32(a, [2, 3, 4, 4])), chol64(a, 4), VALUE, 'batched L');
      const withNaN = a.map((v, k) => (k % 4 > Math.floor(k / 4) % 4 ? NaN : v));
      expectClose(cholesky(t32(withNaN, [2, 3, 4, 4])), chol64(a, 4), VALUE, 'L with NaN above the diagonal');
    }),
  );
  for (const upper of [false, true]) {
    for (const transpose of [false, true]) {
      for (const left of [true, false]) {
        const name = `triangularSolve: ${upper ? 'upper' : 'lower'}, ${transpose ? 'transposed' : 'plain'}, ${left ? 'left' : 'right'} (batch 2, n=5, k=3; NaN in the other triangle)`;
        checks.push(
          check(`${name} (rtol 1e-4)`, () => {
            const n = 5;
            const k = 3;
            const a = triangular(2, n, 11, upper, NaN);
            const b = uniform(2 * n * k, 12);
            const x = triangularSolve(t32(a, [2, n, n]), t32(b, left ? [2, n, k] : [2, k, n]), { upper, transpose, left });
            const want: number[] = [];
            for (let i = 0; i < 2; i++) {
              const bi = b.slice(i * n * k, (i + 1) * n * k);
              if (left) want.push(...triSolve64(a, i * n * n, n, bi, k, upper, transpose, false));
              else {
                // X op(A) = B  <=>  op(A)ᵀ Xᵀ = Bᵀ
                const bt = Array.from({ length: n * k }, (_, q) => bi[(q % k) * n + Math.floor(q / k)] as number);
                const xt = triSolve64(a, i * n * n, n, bt, k, upper, !transpose, false);
                want.push(...Array.from({ length: n * k }, (_, q) => xt[(q % n) * k + Math.floor(q / n)] as number));
              }
            }
            expectClose(x, want, VALUE, 'X');
          }),
        );
      }
    }
  }
  checks.push(
    check('triangularSolve: unitDiagonal ignores the stored diagonal (rtol 1e-4)', () => {
      const n = 6;
      const a = triangular(1, n, 21, false).map((v, k) => (Math.floor(k / n) === k % n ? 123 : v));
      const b = uniform(n * 2, 22);
      const x = triangularSolve(t32(a, [n, n]), t32(b, [n, 2]), { unitDiagonal: true });
      expectClose(x, triSolve64(a, 0, n, b, 2, false, false, true), VALUE, 'X');
    }),
    check('triangularSolve: the blocked inverse (n = 12, 16, 20), upper/lower, unit diagonal, transposed (rtol 1e-4)', () => {
      for (const [n, upper, unit, transpose] of [[12, true, true, false], [16, false, false, true], [20, true, false, true], [20, false, true, false]] as const) {
        const a = triangular(1, n, 300 + n, upper, NaN);
        const b = uniform(n * 2, 301);
        const x = triangularSolve(t32(a, [n, n]), t32(b, [n, 2]), { upper, transpose, unitDiagonal: unit });
        expectClose(x, triSolve64(a, 0, n, b, 2, upper, transpose, unit), { rtol: 1e-4, atol: 1e-5 }, `X (n=${n}, upper=${upper}, unit=${unit}, transpose=${transpose})`);
      }
    }),
    check('triangularSolve: broadcasts A [2,1,n,n] with B [3,n,k] to X [2,3,n,k]; n=40 (rtol 1e-4)', () => {
      const n = 40;
      const a = triangular(2, n, 31, false);
      const b = uniform(3 * n * 2, 32);
      const x = triangularSolve(t32(a, [2, 1, n, n]), t32(b, [3, n, 2]));
      if (x.shape.join() !== '2,3,40,2') throw new Error(`X has shape [${x.shape}], expected [2,3,40,2]`);
      const want: number[] = [];
      for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) want.push(...triSolve64(a, i * n * n, n, b.slice(j * n * 2, (j + 1) * n * 2), 2, false, false, false));
      expectClose(x, want, { rtol: 1e-4, atol: 1e-4 }, 'X');
    }),
    check('choleskySolve: A X = B with B [2,n,k] broadcast against L [n,n]; n=6 (rtol 1e-4)', () => {
      const n = 6;
      const a = spd(1, n, 41);
      const b = uniform(2 * n * 3, 42);
      const x = choleskySolve(t32(b, [2, n, 3]), cholesky(t32(a, [n, n])));
      const ai = inv64(a, n);
      expectClose(x, [...matmul64(ai, b.slice(0, n * 3), n, n, 3), ...matmul64(ai, b.slice(n * 3), n, n, 3)], VALUE, 'X');
    }),
    check('choleskyInverse and inversePD: A A⁻¹ = I and match float64 (n=7, batch 3; atol 1e-5)', () => {
      const n = 7;
      const a = spd(3, n, 51);
      const A = t32(a, [3, n, n]);
      const want = inv64(a, n);
      const viaL = choleskyInverse(cholesky(A));
      const direct = inversePD(A);
      expectClose(viaL, want, VALUE, 'choleskyInverse');
      expectClose(direct, want, VALUE, 'inversePD');
      expectClose(tf.matMul(A, direct), eye(n, [3]), { rtol: 0, atol: 1e-5 }, 'A A⁻¹');
    }),
    check('logdetFromCholesky: diagonal and 2x2 closed forms, batched (rtol 1e-5)', () => {
      expectClose(logdetFromCholesky(diagEmbed([[2, 3, 0.5], [1, 1, 4]])), [2 * Math.log(3), 2 * Math.log(4)], { rtol: 1e-5, atol: 1e-6 }, 'diagonal');
      const [p, q, r] = [3, 1.2, 2];
      expectClose(logdetFromCholesky(cholesky([[p, q], [q, r]])), Math.log(p * r - q * q), { rtol: 1e-5, atol: 1e-6 }, '2x2');
    }),
    check('batchMahalanobis: broadcasting (L [3,n,n], x [4,1,n]) and (L [2,1,n,n], x [3,n]) vs float64 (rtol 1e-4)', () => {
      const n = 4;
      const cases: Array<[number[], number[], number[]]> = [
        [[3], [4, 1], [4, 3]],
        [[2, 1], [3], [2, 3]],
        [[], [5], [5]],
      ];
      for (const [lShape, xShape, outShape] of cases) {
        const nl = lShape.reduce((s, v) => s * v, 1);
        const nx = xShape.reduce((s, v) => s * v, 1);
        const a = spd(nl, n, 61 + nl);
        const x = uniform(nx * n, 62);
        const m = batchMahalanobis(cholesky(t32(a, [...lShape, n, n])), t32(x, [...xShape, n]));
        if (m.shape.join() !== outShape.join()) throw new Error(`result has shape [${m.shape}], expected [${outShape}]`);
        const ai = inv64(a, n);
        const want: number[] = [];
        const total = outShape.reduce((s, v) => s * v, 1);
        for (let q = 0; q < total; q++) {
          // index of q in the broadcast batch -> its L and x matrices
          const idx: number[] = [];
          let rem = q;
          for (let d = outShape.length - 1; d >= 0; d--) {
            idx.unshift(rem % (outShape[d] as number));
            rem = Math.floor(rem / (outShape[d] as number));
          }
          const flatIn = (shape: number[]): number => {
            let f = 0;
            const off = outShape.length - shape.length;
            shape.forEach((s, d) => (f = f * s + (s === 1 ? 0 : (idx[off + d] as number))));
            return f;
          };
          const li = flatIn(lShape);
          const xi = x.slice(flatIn(xShape) * n, flatIn(xShape) * n + n);
          const y = matmul64(ai.slice(li * n * n, (li + 1) * n * n), xi, n, n, 1);
          want.push(y.reduce((s, v, i) => s + v * (xi[i] as number), 0));
        }
        expectClose(m, want, VALUE, `mahalanobis L${JSON.stringify(lShape)} x${JSON.stringify(xShape)}`);
      }
    }),
    check('helpers: matrixTranspose, diagonal (rectangular), diagEmbed, tril/triu with offsets, eye (exact)', () => {
      const x = t32([1, 2, 3, 4, 5, 6], [2, 3]);
      expectClose(matrixTranspose(x), [1, 4, 2, 5, 3, 6], { rtol: 0, atol: 0 }, 'matrixTranspose');
      expectClose(diagonal(x), [1, 5], { rtol: 0, atol: 0 }, 'diagonal 2x3');
      expectClose(diagonal(matrixTranspose(x)), [1, 5], { rtol: 0, atol: 0 }, 'diagonal 3x2');
      expectClose(diagEmbed([[1, 2], [3, 4]]), [1, 0, 0, 2, 3, 0, 0, 4], { rtol: 0, atol: 0 }, 'diagEmbed');
      expectClose(tril(x), [1, 0, 0, 4, 5, 0], { rtol: 0, atol: 0 }, 'tril');
      expectClose(tril(x, -1), [0, 0, 0, 4, 0, 0], { rtol: 0, atol: 0 }, 'tril k=-1');
      expectClose(triu(x, 1), [0, 2, 3, 0, 0, 6], { rtol: 0, atol: 0 }, 'triu k=1');
      expectClose(triu(t32([NaN, Infinity, -Infinity, 2], [2, 2])), [NaN, Infinity, 0, 2], { rtol: 0, atol: 0 }, 'triu with non-finite');
      expectClose(eye(2, [2]), [1, 0, 0, 1, 1, 0, 0, 1], { rtol: 0, atol: 0 }, 'eye');
    }),
  );
  return checks;
}

function gradientChecks(): LinalgCheck[] {
  const checks: LinalgCheck[] = [
    check('grad cholesky: vs central differences of sum(W ∘ cholesky(sym(X))), n=4 and batch [2,3,3] (rtol 2e-2, atol 2e-3)', () => {
      for (const [shape, seed] of [[[4, 4], 71], [[2, 3, 3], 72]] as const) {
        const n = shape[shape.length - 1] as number;
        const a = t32(spd(shape.length === 3 ? 2 : 1, n, seed), [...shape]);
        expectGradClose((v) => weighted(cholesky(sym(v)), seed + 1), a, FD, 1e-3, `d/dA cholesky ${JSON.stringify(shape)}`);
      }
    }),
    check('grad logdet(cholesky(A)) = A⁻¹ (symmetric gradient), n=5 (rtol 1e-4)', () => {
      const n = 5;
      const a = spd(1, n, 81);
      const g = tf.grad((v: Tensor) => logdetFromCholesky(cholesky(v)))(t32(a, [n, n]));
      expectClose(g, inv64(a, n), VALUE, 'd logdet / dA');
    }),
    check('grad logdetFromCholesky = diag(2 / L_ii) (rtol 1e-6)', () => {
      const g = tf.grad((v: Tensor) => tf.sum(logdetFromCholesky(v)))(t32([2, 0, 7, 4], [2, 2]));
      expectClose(g, [1, 0, 0, 0.5], { rtol: 1e-6, atol: 0 }, 'dL');
    }),
    check('grad inversePD: vs −A⁻¹ sym(W) A⁻¹, n=4 (rtol 1e-4)', () => {
      const n = 4;
      const a = spd(1, n, 91);
      const w = uniform(n * n, 92);
      const g = tf.grad((v: Tensor) => tf.sum(tf.mul(inversePD(v), t32(w, [n, n]))))(t32(a, [n, n]));
      const ai = inv64(a, n);
      const ws = w.map((v, k) => (v + (w[(k % n) * n + Math.floor(k / n)] as number)) / 2);
      expectClose(g, matmul64(matmul64(ai, ws, n, n, n), ai, n, n, n).map((v) => -v), VALUE, 'dA');
    }),
    check('grad batchMahalanobis in x = 2 A⁻¹ x, and in L vs central differences (n=3; rtol 1e-4 / 2e-2)', () => {
      const n = 3;
      const a = spd(1, n, 101);
      const x = uniform(2 * n, 102);
      const L = cholesky(t32(a, [n, n]));
      const gx = tf.grad((v: Tensor) => tf.sum(batchMahalanobis(L, v)))(t32(x, [2, n]));
      const ai = inv64(a, n);
      expectClose(gx, [...matmul64(ai, x.slice(0, n), n, n, 1), ...matmul64(ai, x.slice(n), n, n, 1)].map((v) => 2 * v), VALUE, 'dx');
      expectGradClose((v) => weighted(batchMahalanobis(v, t32(x, [2, n])), 103), L, FD, 1e-3, 'dL');
    }),
  ];
  for (const upper of [false, true]) {
    for (const transpose of [false, true]) {
      for (const left of [true, false]) {
        checks.push(
          check(`grad triangularSolve (${upper ? 'upper' : 'lower'}, ${transpose ? 'transposed' : 'plain'}, ${left ? 'left' : 'right'}): A and B vs central differences, n=3, A broadcast over B's batch (rtol 2e-2, atol 2e-3)`, () => {
            const n = 3;
            const opts = { upper, transpose, left };
            const a = t32(triangular(1, n, 111, upper, 0.5), [n, n]);
            const b = t32(uniform(2 * n * 2, 112), left ? [2, n, 2] : [2, 2, n]);
            expectGradClose((v) => weighted(triangularSolve(v, b, opts), 113), a, FD, 1e-3, 'dA');
            expectGradClose((v) => weighted(triangularSolve(a, v, opts), 114), b, FD, 1e-3, 'dB');
          }),
        );
      }
    }
  }
  checks.push(
    check('grad choleskySolve and choleskyInverse: B and L vs central differences, n=3 (rtol 2e-2, atol 2e-3)', () => {
      const n = 3;
      const l = cholesky(t32(spd(1, n, 121), [n, n]));
      const b = t32(uniform(n * 2, 122), [n, 2]);
      expectGradClose((v) => weighted(choleskySolve(v, l), 123), b, FD, 1e-3, 'choleskySolve dB');
      expectGradClose((v) => weighted(choleskySolve(b, v), 124), l, FD, 1e-3, 'choleskySolve dL');
      expectGradClose((v) => weighted(choleskyInverse(v), 125), l, FD, 1e-3, 'choleskyInverse dL');
    }),
  );
  return checks;
}

/**
 * The conformance checks of `cholesky`, `triangularSolve`, `choleskySolve`,
 * `choleskyInverse`, `inversePD`, `logdetFromCholesky`, `batchMahalanobis`
 * and the matrix helpers: values against float64 references and closed
 * forms, gradients against closed forms and central differences. Run them
 * under the backend being tested; each leaves no tensor behind.
 */
export function linalgConformanceChecks(): LinalgCheck[] {
  return [...valueChecks(), ...gradientChecks()];
}
