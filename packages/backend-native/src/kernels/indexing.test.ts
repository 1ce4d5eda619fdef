// Gather and scatter kernels on native against the cpu backend.
import '../index.js';
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { describeNative, expectSameAsCpu, rand, runOn } from '../test-utils/compare.js';

const int = (v: number[] | number[][] | number[][][], shape?: number[]): Tensor => tf.tensor(v, shape, 'int32');

describeNative('native gather/scatter kernels vs cpu', () => {
  it('gather on axes 0, 1, -1, with repeated indices, rank-2 indices, int32 values, and batchDims 1', async () => {
    await expectSameAsCpu(() => {
      const x = rand([4, 3, 2], 41);
      return [
        tf.gather(x, int([3, 0, 0, 2])),
        tf.gather(x, int([2, 1]), 1),
        tf.gather(x, int([1, 1, 0]), -1),
        tf.gather(x, int([[0, 1], [3, 2]], [2, 2])),
        tf.gather(int([10, 20, 30, 40]), int([3, 3, 1])),
        tf.gather(rand([2, 5, 3], 42), int([[4, 0], [1, 1]], [2, 2]), 1, 1),
      ];
    });
  });

  it('gather rejects out-of-range indices', async () => {
    await expect(runOn('native', () => tf.gather(tf.tensor([1, 2, 3]), int([0, 3])))).rejects.toThrow();
  });

  it('gatherNd (full and partial index depth), scatterNd (duplicates add), tensorScatterUpdate', async () => {
    await expectSameAsCpu(() => {
      const p = rand([3, 4, 2], 43);
      return [
        tf.gatherND(p, int([[0, 1, 1], [2, 3, 0]], [2, 3])),
        tf.gatherND(p, int([[2], [0], [2]], [3, 1])),
        tf.gatherND(p, int([[[1, 2]], [[0, 0]]], [2, 1, 2])),
        tf.scatterND(int([[1], [3], [1]], [3, 1]), tf.tensor([[1, 2], [3, 4], [5, 6]]), [5, 2]),
        tf.scatterND(int([[0, 1], [2, 2], [0, 1]], [3, 2]), tf.tensor([1, 2, 3]), [3, 3]),
        tf.tensorScatterUpdate(rand([4, 2], 44), int([[3], [0]], [2, 1]), tf.tensor([[9, 8], [7, 6]])),
      ];
    });
  });

  it('unsortedSegmentSum: rank-1 and rank-2 data, empty segments, int32 data', async () => {
    await expectSameAsCpu(() => [
      tf.unsortedSegmentSum(rand([6], 45), int([0, 2, 0, 3, 3, 0]) as tf.Tensor1D, 5),
      tf.unsortedSegmentSum(rand([5, 3], 46), int([1, 1, 0, 3, 1]) as tf.Tensor1D, 4),
      tf.unsortedSegmentSum(int([1, 2, 3, 4]), int([1, 0, 1, 1]) as tf.Tensor1D, 2),
    ]);
  });

  it('searchSorted (lower and upper bound), batched', async () => {
    await expectSameAsCpu(() => {
      const seq = tf.tensor([[0, 1, 1, 3, 5], [-2, -1, 0, 0, 2]]);
      const v = tf.tensor([[1, 4, -1, 6], [0, -3, 2, 1]]);
      return [tf.searchSorted(seq, v, 'left'), tf.searchSorted(seq, v, 'right'), tf.lowerBound(tf.tensor([1, 2, 3]), tf.tensor([2.5, 0]))];
    });
  });

  it('gradients of gather on axes 0 and 1 (UnsortedSegmentSum, transposes) agree', async () => {
    await expectSameAsCpu(() => {
      const x = rand([5, 3], 47);
      const w = rand([4, 3], 48);
      const f = (v: Tensor): Tensor => tf.add(tf.sum(tf.mul(tf.gather(v, int([4, 0, 4, 2])), w)), tf.sum(tf.square(tf.gather(v, int([2, 2, 0]), 1))));
      return tf.grads(f)([x]);
    });
  });
});
