// The Pyro* kernels (libtorch's special functions and factorizations) on
// native against @pyro-ts/tensor's own implementations on the cpu backend.
import '../index.js';
import { cholesky, digamma, erfc, erfcx, erfinv, i0e, i1e, lgamma, logNdtr, ndtri, polygamma, tf, triangularSolve } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { describeNative, rand, runOn, seeded } from '../test-utils/compare.js';
import { useBackend } from '@pyro-ts/backend';
import { expectNoLeaksAsync } from '@pyro-ts/tensor/testing';

const run = (name: string, inputs: Record<string, Tensor>, attrs: Record<string, unknown> = {}): Tensor => tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as Tensor;

/** |native - reference| <= atol + rtol |reference|, NaN and infinities matching. */
function expectClose(native: number[], ref: number[], rtol: number, atol: number, what: string): void {
  expect(native.length).toBe(ref.length);
  native.forEach((v, i) => {
    const r = ref[i] as number;
    const ok = Number.isNaN(r) ? Number.isNaN(v) : !Number.isFinite(r) ? v === r : Math.abs(v - r) <= atol + rtol * Math.abs(r);
    if (!ok) throw new Error(`${what}: element ${i} is ${v} on native, ${r} from @pyro-ts/tensor`);
  });
}

describeNative('Pyro* kernels (libtorch special functions and factorizations) vs @pyro-ts/tensor', () => {
  const grid = [...seeded(40, 91, 0.05, 12), 0.5, 1, 2, 3.5, 20, 100];
  const signed = [...seeded(40, 92, -6, 6), -0.5, 0, 0.5, -3.25, 4.75];
  const probs = [...seeded(30, 93, 0.001, 0.999), 1e-6, 0.5, 1 - 1e-6];
  const cases: Array<[string, (x: Tensor) => Tensor, number[], number, number]> = [
    // tolerances: the float32 accuracy @pyro-ts/tensor documents for each function
    ['PyroLgamma', lgamma, grid, 2e-6, 2e-6],
    ['PyroDigamma', digamma, grid, 2e-6, 2e-6],
    ['PyroErfinv', erfinv, seeded(40, 94, -0.999, 0.999), 1e-5, 1e-6],
    ['PyroErfc', erfc, signed, 1e-5, 1e-7],
    ['PyroErfcx', erfcx, signed, 1e-5, 1e-7],
    ['PyroNdtri', ndtri, probs, 1e-5, 1e-6],
    ['PyroLogNdtr', logNdtr, signed, 1e-5, 1e-7],
    ['PyroI0e', i0e, signed, 1e-5, 1e-7],
    ['PyroI1e', i1e, signed, 1e-5, 1e-7],
  ];
  for (const [name, ref, xs, rtol, atol] of cases) {
    it(`${name}`, async () => {
      const [n] = await runOn('native', () => run(name, { x: tf.tensor(xs) }));
      const [r] = await runOn('cpu', () => ref(tf.tensor(xs)));
      expectClose(n?.values ?? [], r?.values ?? [], rtol, atol, name);
    });
  }

  it('@pyro-ts/tensor dispatches lgamma, digamma, ndtri and erfinv to these kernels on native, gradients included', async () => {
    await useBackend('native');
    await expectNoLeaksAsync(async () => {
      const x = tf.tensor([0.5, 2.5, 7]);
      for (const [fn, kernelName] of [[lgamma, 'PyroLgamma'], [digamma, 'PyroDigamma']] as const) {
        const info = await tf.profile(() => fn(x));
        const names = info.kernels.map((k) => k.name);
        expect(names).toContain(kernelName);
        expect(names.length).toBeLessThan(4); // one libtorch call instead of a 30-kernel composition
        tf.dispose(info.result as Tensor);
      }
      const p = tf.tensor([0.1, 0.5, 0.975]);
      for (const [fn, kernelName] of [[ndtri, 'PyroNdtri'], [erfinv, 'PyroErfinv']] as const) {
        const info = await tf.profile(() => fn(p));
        expect(info.kernels.map((k) => k.name)).toContain(kernelName);
        tf.dispose(info.result as Tensor);
      }
      // d lgamma / dx = digamma(x): lgamma'(1) = -euler gamma
      const one = tf.tensor([1]);
      const g = tf.grad((v: Tensor) => tf.sum(lgamma(v)))(one);
      expect(Math.abs((g.dataSync()[0] as number) + 0.5772156649)).toBeLessThan(1e-6);
      tf.dispose([x, p, one, g]);
    });
  });

  it('PyroPolygamma n = 1, 2, 3', async () => {
    for (const order of [1, 2, 3]) {
      const [n] = await runOn('native', () => run('PyroPolygamma', { x: tf.tensor(grid) }, { n: order }));
      const [r] = await runOn('cpu', () => polygamma(order, tf.tensor(grid)));
      expectClose(n?.values ?? [], r?.values ?? [], 1e-5, 1e-6, `polygamma(${order})`);
    }
  });

  it('PyroCholesky: batched SPD matrices (lower triangle read), NaN for a matrix that is not positive definite', async () => {
    const build = (): Tensor => {
      const m = rand([3, 5, 5], 95);
      const spd = tf.add(tf.matMul(m, m, false, true), tf.mul(tf.eye(5), 0.5));
      // junk above the diagonal is not read
      return tf.add(spd, tf.mul(tf.sub(tf.ones([5, 5]), tf.linalg.bandPart(tf.ones([5, 5]), -1, 0)), 100));
    };
    const [n] = await runOn('native', () => run('PyroCholesky', { a: build() }));
    const [r] = await runOn('cpu', () => cholesky(build()));
    expectClose(n?.values ?? [], r?.values ?? [], 1e-4, 1e-5, 'cholesky');
    const [bad] = await runOn('native', () => run('PyroCholesky', { a: tf.tensor([[1, 2], [2, 1]]) }));
    expect(bad?.values.every(Number.isNaN)).toBe(true);
  });

  it('PyroTriangularSolve: upper/lower, left/right, transposed, unit diagonal, broadcast batch', async () => {
    for (const upper of [false, true]) {
      for (const left of [true, false]) {
        for (const transpose of [false, true]) {
          for (const unitDiagonal of [false, true]) {
            const opts = { upper, left, transpose, unitDiagonal };
            const a = (): Tensor => tf.add(rand([2, 1, 4, 4], 96), tf.mul(tf.eye(4), 3));
            const b = (): Tensor => rand(left ? [3, 4, 2] : [3, 2, 4], 97);
            const [n] = await runOn('native', () => run('PyroTriangularSolve', { a: a(), b: b() }, opts));
            const [r] = await runOn('cpu', () => triangularSolve(a(), b(), opts));
            expect(n?.shape).toEqual(r?.shape);
            expectClose(n?.values ?? [], r?.values ?? [], 1e-4, 1e-5, JSON.stringify(opts));
          }
        }
      }
    }
  });
});
