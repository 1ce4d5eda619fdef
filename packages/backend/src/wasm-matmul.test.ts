import { useBackend } from './index.js';
import { tf } from '@pyro-ts/tensor';
import { expectNoLeaks } from '@pyro-ts/tensor/testing';
import { installWasmMatMulFix } from './wasm-matmul.js';

/** a·b by hand for row-major nested arrays (with optional transposes). */
function matmulByHand(a: number[][], b: number[][], ta: boolean, tb: boolean): number[][] {
  const A = ta ? a[0]!.map((_, j) => a.map((r) => r[j]!)) : a;
  const B = tb ? b[0]!.map((_, j) => b.map((r) => r[j]!)) : b;
  return A.map((r) => B[0]!.map((_, j) => r.reduce((s, v, k) => s + v * B[k]![j]!, 0)));
}

describe('the wasm BatchMatMul fix (transposed operands transposed first)', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('is installed by the wasm backend and gives the exact products, batched products and gradients, freeing its transposed copies', () => {
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const a = [[1, 2, 3], [4, 5, 6]];
    const b = [[7, 8], [9, 10], [11, 12]];
    const cases: Array<[number[][], number[][], boolean, boolean]> = [
      [a, b, false, false],
      [a, a, false, true],
      [a, a, true, false],
      [b, a, true, true],
    ];
    expect(installWasmMatMulFix()).toBe(true); // already installed by useBackend('wasm'): idempotent
    expectNoLeaks(() => {
      const ids = backend.numDataIds();
      cases.forEach(([x, y, ta, tb]) => {
        const got = tf.tidy(() => tf.matMul(x, y, ta, tb).arraySync());
        expect(got).toEqual(matmulByHand(x, y, ta, tb));
      });
      // batched: [2, 2, 3] · [2, 2, 3]ᵀ
      const batched = tf.tidy(() => tf.matMul(tf.tensor3d([a, a.map((r) => r.map((v) => -v))]), tf.tensor3d([a, a]), false, true).arraySync()) as number[][][];
      expect(batched[0]).toEqual(matmulByHand(a, a, false, true));
      expect(batched[1]).toEqual(matmulByHand(a, a, false, true).map((r) => r.map((v) => -v)));
      // gradients of sum(x·W) use the transposed products
      const x = tf.tensor2d(a);
      const w = tf.tensor2d(b);
      const [gx, gw] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.matMul(p, q)))([x, w]);
      expect(gx!.arraySync()).toEqual(a.map(() => b.map((r) => r[0]! + r[1]!)));
      expect(gw!.arraySync()).toEqual([0, 1, 2].map((i) => [a[0]![i]! + a[1]![i]!, a[0]![i]! + a[1]![i]!]));
      tf.dispose([x, w, gx!, gw!]);
      expect(backend.numDataIds()).toBe(ids);
    });
  });
});
