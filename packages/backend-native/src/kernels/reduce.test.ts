// Reductions, arg-extrema, cumulative ops, softmax and top-k on native against the cpu backend.
import '../index.js';
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { describeNative, expectSameAsCpu, rand } from '../test-utils/compare.js';

describeNative('native reduction kernels vs cpu', () => {
  const axesCases: Array<number | number[] | undefined> = [undefined, 0, 1, -1, [0, 2], [2, 0], [0, 1, 2], []];
  const reductions: Array<[string, (x: Tensor, axis: number | number[] | undefined, keep: boolean) => Tensor]> = [
    ['sum', (x, a, k) => tf.sum(x, a, k)],
    ['prod', (x, a, k) => tf.prod(x, a, k)],
    ['mean', (x, a, k) => tf.mean(x, a, k)],
    ['max', (x, a, k) => tf.max(x, a, k)],
    ['min', (x, a, k) => tf.min(x, a, k)],
    ['logSumExp', (x, a, k) => tf.logSumExp(x, a, k)],
  ];
  for (const [name, f] of reductions) {
    it(`${name} over every axis choice, keepDims on and off`, async () => {
      for (const axis of axesCases) {
        for (const keep of [false, true]) {
          await expectSameAsCpu(() => f(rand([2, 3, 4], 11, 0.5, 1.5), axis, keep), { rtol: 2e-6 }, `${name} axis ${JSON.stringify(axis)} keep ${keep}`);
        }
      }
    });
  }

  it('int32 and bool reductions keep tfjs dtypes (sum/prod -> int32, mean -> float32, all/any -> bool)', async () => {
    await expectSameAsCpu(() => {
      const i = tf.tensor([[1, -2, 3], [4, 5, -6]], undefined, 'int32');
      const b = tf.tensor([[true, false, true], [true, true, true]]);
      return [tf.sum(i), tf.sum(i, 1), tf.prod(i, 0), tf.mean(i, 1), tf.max(i, 0), tf.min(i), tf.all(b, 1), tf.any(b, 0), tf.all(b), tf.sum(b)];
    });
  });

  it('argMax / argMin take the first extreme (ties) along any axis', async () => {
    await expectSameAsCpu(() => {
      const x = tf.tensor([[1, 3, 3, 0], [2, 2, -1, -1], [5, 4, 5, 4]]);
      return [tf.argMax(x, 0), tf.argMax(x, 1), tf.argMin(x, 0), tf.argMin(x, -1), tf.argMax(tf.tensor([4, 1, 4]))];
    });
  });

  it('cumsum / cumprod: exclusive, reverse, both, on axes 0 and 1, float32 and int32', async () => {
    for (const exclusive of [false, true]) {
      for (const reverse of [false, true]) {
        await expectSameAsCpu(
          () => {
            const x = rand([3, 4], 12, 0.5, 1.5);
            const i = tf.tensor([[1, 2, 3], [4, 5, 6]], undefined, 'int32');
            return [tf.cumsum(x, 0, exclusive, reverse), tf.cumsum(x, 1, exclusive, reverse), tf.cumprod(x, 1, exclusive, reverse), tf.cumsum(i, 1, exclusive, reverse), tf.cumprod(i, 0, exclusive, reverse)];
          },
          { rtol: 2e-6 },
          `exclusive ${exclusive} reverse ${reverse}`,
        );
      }
    }
  });

  it('softmax / logSoftmax and their gradients', async () => {
    await expectSameAsCpu(
      () => {
        const x = tf.mul(rand([3, 5], 13), 10);
        const [g] = tf.grads((v: Tensor) => tf.sum(tf.mul(tf.softmax(v), tf.logSoftmax(v))))([x]);
        return [tf.softmax(x), tf.logSoftmax(x), g as Tensor];
      },
      { rtol: 1e-5, atol: 1e-6 },
    );
  });

  it('topk values and int32 indices (sorted, distinct values)', async () => {
    await expectSameAsCpu(() => {
      const x = tf.tensor([[0.3, 0.9, -1, 0.5, 2], [7, -3, 0, 1, 4]]);
      const { values, indices } = tf.topk(x, 3, true);
      return [values, indices];
    });
  });

  it('gradients of reductions (sum, mean, max, prod) agree', async () => {
    await expectSameAsCpu(
      () => {
        const x = rand([3, 4], 14, 0.5, 1.5);
        return tf.grads((v: Tensor) => tf.add(tf.add(tf.sum(tf.mean(v, 0)), tf.sum(tf.max(v, 1))), tf.sum(tf.prod(v, 1))))([x]);
      },
      { rtol: 1e-5 },
    );
  });
});
