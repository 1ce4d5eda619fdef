// Gradients of forward and logAbsDetJacobian against finite differences,
// log-Jacobians against log|det| of the autodiff Jacobian of forward, and
// round trips inverse(forward(x)) ≈ x.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed, randn } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, expectGradClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import * as T from './index.js';
import * as C from '../constraints/index.js';
import type { Transform } from './transform.js';

beforeAll(useCpuForTests);

/** log|det| of a square matrix (row-major, float64 Gaussian elimination with partial pivoting). */
function logAbsDet(m: number[][]): number {
  const a = m.map((r) => r.slice());
  const n = a.length;
  let logdet = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i]![k]!) > Math.abs(a[p]![k]!)) p = i;
    [a[k], a[p]] = [a[p]!, a[k]!];
    const piv = a[k]![k]!;
    logdet += Math.log(Math.abs(piv));
    for (let i = k + 1; i < n; i++) {
      const f = a[i]![k]! / piv;
      for (let j = k; j < n; j++) a[i]![j]! -= f * a[k]![j]!;
    }
  }
  return logdet;
}

/**
 * The Jacobian d select(t(x)) / dx of one event x (a vector), by autodiff,
 * one output at a time; `select` picks the free coordinates of the output.
 */
function jacobian(f: (x: Tensor) => Tensor, x: Tensor): number[][] {
  let n = 0;
  tf.tidy(() => {
    n = f(x).size;
  });
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const g = tf.tidy(() => tf.grad((v: Tensor) => tf.reshape(f(v), [-1]).gather([i]).sum())(x));
    rows.push(Array.from(g.dataSync()));
    g.dispose();
  }
  return rows;
}

interface LadjCase {
  name: string;
  t: Transform;
  x: number[];
  /** the free output coordinates, as a function of y (a flat vector of them) */
  select: (y: Tensor) => Tensor;
}

const lowerStrict = (d: number): number[] => {
  const idx: number[] = [];
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) idx.push(i * d + j);
  return idx;
};
const flatGather = (idx: number[]) => (y: Tensor) => tf.gather(tf.reshape(y, [-1]), idx);

describe('logAbsDetJacobian equals log|det| of the autodiff Jacobian of forward', () => {
  const cases: LadjCase[] = [
    { name: 'StickBreaking (first K outputs)', t: new T.StickBreakingTransform(), x: [0.3, -1.2, 0.8, 2.0], select: (y) => y.slice([0], [4]) },
    { name: 'Ordered', t: new T.OrderedTransform(), x: [0.5, -1, 0.3, 1.2], select: (y) => y },
    { name: 'CorrCholesky (strictly lower part)', t: new T.CorrCholeskyTransform(), x: [0.4, -0.7, 1.1, 0.2, -0.3, 0.9], select: flatGather(lowerStrict(4)) },
    {
      name: 'LowerCholeskyAffine',
      t: new T.LowerCholeskyAffine([1, -1, 0.5], [
        [2, 0, 0],
        [0.5, 0.3, 0],
        [-1, 0.2, 1.5],
      ]),
      x: [0.2, -0.4, 1.0],
      select: (y) => y,
    },
    { name: 'Affine(event_dim=1)', t: new T.AffineTransform([1, 2, 3], [0.5, 2, -1], 1), x: [0.1, 0.2, 0.3], select: (y) => y },
    {
      name: 'Compose(Affine, StickBreaking)',
      t: new T.ComposeTransform([new T.AffineTransform(0.5, 2.0), new T.StickBreakingTransform()]),
      x: [0.3, -0.2, 0.1],
      select: (y) => y.slice([0], [3]),
    },
    { name: 'biject_to(positive_ordered_vector)', t: T.bijectTo(C.positiveOrderedVector), x: [-0.5, 0.1, -1.0], select: (y) => y },
    { name: 'Permute', t: new T.Permute([2, 0, 1]), x: [1, 2, 3], select: (y) => y },
    { name: 'StickBreaking.inv (x → first K coords)', t: new T.StickBreakingTransform().inv, x: [0.1, 0.2, 0.3, 0.4], select: (y) => y },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expectNoLeaks(() => {
      const x = tf.tensor1d(c.x);
      let fx: (v: Tensor) => Tensor = (v) => c.select(c.t.forward(v));
      let ladjIn = x;
      if (c.t instanceof T.InverseTransform) {
        // The inverse's domain is the simplex (K + 1 coordinates, K free): differentiate in the first K.
        const k = c.x.length - 1;
        fx = (v) => c.t.forward(tf.concat([v, tf.sub(1, tf.sum(v)).reshape([1])]));
        ladjIn = x.slice([0], [k]);
      }
      const jac = jacobian(fx, ladjIn);
      const y = c.t.forward(x);
      const ladj = c.t.logAbsDetJacobian(x, y);
      expect(ladj.shape).toEqual([]);
      // float32 autodiff Jacobian vs the closed form: both float32, 2e-5 relative / 2e-5 absolute.
      expectClose(ladj, [logAbsDet(jac)], { rtol: 2e-5, atol: 2e-5 }, c.name);
      tf.dispose([x, y, ladj, ladjIn]);
    });
  });
});

describe('gradients of forward and logAbsDetJacobian against central finite differences', () => {
  // float32 central differences with step 1e-3·max(1,|x|): about 1e-3 relative accuracy; tolerance 1e-2 rel, 1e-3 abs.
  const tol = { rtol: 1e-2, atol: 1e-3 };
  // The last field says whether the log-Jacobian depends on x (tf.grad refuses a constant).
  // Cholesky reads the lower triangle and returns torch's symmetric gradient, so it is differentiated through A = (V + Vᵀ)/2.
  const sym = (v: Tensor): Tensor => tf.div(tf.add(v, tf.transpose(v)), 2);
  const cases: [string, Transform, number[] | number[][], boolean, ((v: Tensor) => Tensor)?][] = [
    ['Exp', new T.ExpTransform(), [-1, 0.2, 1.5], true],
    ['Sigmoid', new T.SigmoidTransform(), [-3, 0.2, 2.5], true],
    ['Tanh', new T.TanhTransform(), [-2, 0.1, 1.3], true],
    ['Softplus', new T.SoftplusTransform(), [-4, 0.3, 3], true],
    ['Power(2.5)', new T.PowerTransform(2.5), [0.3, 1.1, 2], true],
    ['Affine', new T.AffineTransform(1.5, -2), [-1, 0.5], false],
    ['StickBreaking', new T.StickBreakingTransform(), [[0.3, -1.2, 0.8]], true],
    ['CorrCholesky', new T.CorrCholeskyTransform(), [[0.4, -0.7, 1.1]], true],
    ['Ordered', new T.OrderedTransform(), [[0.5, -1, 0.3]], true],
    ['biject_to(interval)', T.bijectTo(C.interval(-1, 3)), [-0.5, 0.4, 2], true],
    ['transform_to(lower_cholesky)', T.transformTo(C.lowerCholesky), [[[0.3, 0.1], [-0.4, 0.2]]] as unknown as number[][], false],
    ['Normalize', new T.Normalize(), [[0.3, -1.2, 0.8]], false],
    ['CholeskyTransform', new T.CholeskyTransform(), [[2, 0.5], [0.5, 1]], true, sym],
  ];
  it.each(cases)('%s', (_name, t, xv, withLadj, pre = (v: Tensor) => v) => {
    expectNoLeaks(() => {
      const x = tf.tensor(xv as number[]);
      // weight the outputs so that the gradient is not the derivative of a constant sum (e.g. a simplex sums to 1)
      const weighted = (y: Tensor): Tensor => tf.mul(y, tf.range(1, y.size + 1).reshape(y.shape));
      expectGradClose((v) => weighted(t.forward(pre(v))), x, tol, 1e-3, `${_name} forward`);
      if (withLadj) expectGradClose((v) => t.logAbsDetJacobian(pre(v), t.forward(pre(v))), x, tol, 1e-3, `${_name} ladj`);
      x.dispose();
    });
  });
});

describe('round trips', () => {
  const constraintsToTest: [string, C.Constraint, number[]][] = [
    ['real', C.real, [5]],
    ['positive', C.positive, [5]],
    ['greaterThan(1.5)', C.greaterThan(1.5), [5]],
    ['lessThan(-2)', C.lessThan(-2), [5]],
    ['interval(-1, 3)', C.interval(-1, 3), [5]],
    ['halfOpenInterval(0, 2)', C.halfOpenInterval(0, 2), [5]],
    ['unitInterval', C.unitInterval, [5]],
    ['simplex', C.simplex, [3, 4]],
    ['realVector', C.realVector, [3, 4]],
    ['orderedVector', C.orderedVector, [3, 4]],
    ['positiveOrderedVector', C.positiveOrderedVector, [3, 4]],
    ['softplusPositive', C.softplusPositive, [5]],
    ['corrCholesky', C.corrCholesky, [2, 6]],
    ['corrMatrix', C.corrMatrix, [2, 3]],
    ['independent(positive, 1)', C.independent(C.positive, 1), [2, 3]],
    ['cat([positive, real], -1, [2, 1])', C.cat([C.positive, C.real], -1, [2, 1]), [4, 3]],
    ['stack([positive, unitInterval], -1)', C.stack([C.positive, C.unitInterval], -1), [4, 2]],
  ];
  it.each(constraintsToTest)('bijectTo(%s): values satisfy the constraint and inverse(forward(x)) ≈ x', (_name, c, shape) => {
    expectNoLeaks(() => {
      setRngSeed(7);
      const x = randn(shape);
      const t = T.bijectTo(c);
      const y = t.forward(x);
      const ok = c.check(y);
      expect(Array.from(ok.dataSync()).every((v) => v === 1)).toBe(true);
      const back = t.inverse(y);
      // float32 round trip: 1e-4 abs + 1e-4 rel (corr_matrix goes through a Cholesky factorization)
      expectClose(back, x.dataSync(), { rtol: 1e-4, atol: 1e-4 }, `${_name} round trip`);
      expect(t.inverseShape(y.shape)).toEqual(shape);
      tf.dispose([x, y, ok, back]);
    });
  });

  const transformToOnly: [string, C.Constraint, number[]][] = [
    ['simplex', C.simplex, [3, 4]],
    ['lowerCholesky', C.lowerCholesky, [2, 3, 3]],
    ['positiveDefinite', C.positiveDefinite, [2, 3, 3]],
    ['positiveSemidefinite', C.positiveSemidefinite, [3, 3]],
    ['sphere', C.sphere, [3, 4]],
    ['softplusLowerCholesky', C.softplusLowerCholesky, [3, 3]],
    ['unitLowerCholesky', C.unitLowerCholesky, [3, 3]],
  ];
  it.each(transformToOnly)('transformTo(%s): values satisfy the constraint and t(t.inv(t(x))) ≈ t(x)', (_name, c, shape) => {
    expectNoLeaks(() => {
      setRngSeed(11);
      const x = randn(shape);
      const t = T.transformTo(c);
      const y = t.forward(x);
      const ok = c.check(y);
      expect(Array.from(ok.dataSync()).every((v) => v === 1)).toBe(true);
      const again = tf.tidy(() => t.forward(t.inverse(y)));
      expectClose(again, y.dataSync(), { rtol: 1e-4, atol: 1e-5 }, `${_name} pseudo-inverse`);
      tf.dispose([x, y, ok, again]);
    });
  });

  it('the zero vector normalizes to [1, 0, ..., 0]', () => {
    expectNoLeaks(() => {
      const y = new T.Normalize().forward([
        [0, 0, 0],
        [3, 0, 4],
      ]);
      expectClose(y, [1, 0, 0, 0.6, 0, 0.8]);
      y.dispose();
    });
  });
});
