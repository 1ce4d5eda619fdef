// Layout kernels on native against the cpu backend.
import '../index.js';
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { describeNative, expectSameAsCpu, rand } from '../test-utils/compare.js';

describeNative('native layout kernels vs cpu', () => {
  it('reshape (with -1), expandDims, squeeze, transpose, and ops on the views they return', async () => {
    await expectSameAsCpu(() => {
      const x = rand([2, 3, 4], 21);
      const t = tf.transpose(x, [2, 0, 1]);
      return [tf.reshape(x, [6, -1]), tf.expandDims(x, 1), tf.expandDims(x, -1), tf.squeeze(tf.expandDims(x, 0)), t, tf.add(t, 1), tf.matMul(tf.reshape(t, [4, 6]), tf.reshape(x, [6, 4]))];
    });
  });

  it('slice with sizes and -1, on every rank 1..4', async () => {
    await expectSameAsCpu(() => [
      tf.slice(rand([7], 22), 2, 3),
      tf.slice(rand([4, 5], 23), [1, 2], [2, -1]),
      tf.slice(rand([3, 4, 5], 24), [0, 1, 1], [-1, 2, 3]),
      tf.slice(rand([2, 3, 4, 5], 25), [1, 0, 2, 1], [1, 3, 2, 4]),
    ]);
  });

  it('stridedSlice: steps, negative steps, masks, new and shrunk axes', async () => {
    await expectSameAsCpu(() => {
      const x = tf.reshape(tf.range(0, 60), [3, 4, 5]);
      return [
        tf.stridedSlice(x, [0, 1, 0], [3, 4, 5], [1, 2, 2]),
        tf.stridedSlice(x, [2, 3, 4], [0, 0, 0], [-1, -1, -2]),
        tf.stridedSlice(x, [-1, 0, 0], [-4, 4, 5], [-1, 1, 1]),
        tf.stridedSlice(x, [1, 0, 0], [2, 0, 0], [1, 1, 1], 0, 6, 0, 0, 1),
        tf.stridedSlice(x, [0, 0, 1], [0, 0, 4], [1, 1, 2], 3, 3),
        tf.stridedSlice(x, [0, 0], [2, 3], [1, 1], 0, 0, 0, 1),
        tf.stridedSlice(x, [0, 1, 2], [3, 4, 5], [1, 1, 1]),
      ];
    });
  });

  it('concat (any axis, one input, int32), stack, unstack, split', async () => {
    await expectSameAsCpu(() => {
      const a = rand([2, 3], 26);
      const b = rand([2, 2], 27);
      const c = rand([1, 3], 28);
      const i = tf.tensor([1, 2, 3], [1, 3], 'int32');
      return [
        tf.concat([a, b], 1),
        tf.concat([a, c], 0),
        tf.concat([a], 0),
        tf.concat([i, i], -1),
        tf.stack([a, a, a], 1),
        tf.stack([a, tf.neg(rand([2, 3], 34))], -1),
        ...tf.unstack(a, 1),
        ...tf.split(rand([4, 6], 29), 3, 1),
        ...tf.split(rand([5, 2], 30), [1, 3, 1], 0),
      ];
    });
  });

  it('pad (constant value), mirrorPad reflect and symmetric, tile, reverse, broadcastTo', async () => {
    await expectSameAsCpu(() => {
      const x = rand([2, 3], 31);
      return [
        tf.pad(x, [
          [1, 2],
          [0, 3],
        ]),
        tf.pad(x, [
          [0, 1],
          [2, 0],
        ], -7),
        tf.mirrorPad(x, [
          [1, 1],
          [2, 2],
        ], 'reflect'),
        tf.mirrorPad(x, [
          [2, 0],
          [3, 1],
        ], 'symmetric'),
        tf.tile(x, [2, 3]),
        tf.reverse(x, 1),
        tf.reverse(x, [0, 1]),
        tf.broadcastTo(tf.tensor([1, 2, 3]), [4, 3]),
        tf.broadcastTo(x, [2, 2, 3]),
      ];
    });
  });

  it('fill, zeros/ones of each dtype, oneHot (out-of-range gives off), diag', async () => {
    await expectSameAsCpu(() => [
      tf.fill([2, 3], 1.5),
      tf.fill([3], 4, 'int32'),
      tf.zeros([2, 2], 'bool'),
      tf.ones([3], 'int32'),
      tf.oneHot(tf.tensor1d([0, 2, -1, 5, 1], 'int32'), 4),
      tf.oneHot(tf.tensor2d([[1, 0], [3, 2]], undefined, 'int32'), 4, 2, -1),
      tf.diag(tf.tensor([1, 2, 3])),
      tf.diag(rand([2, 2], 32)),
    ]);
  });

  it('gradients through slice, concat, pad, transpose, tile, reverse agree', async () => {
    await expectSameAsCpu(
      () => {
        const x = rand([3, 4], 33);
        const f = (v: Tensor): Tensor => {
          const s = tf.slice(v, [1, 0], [2, 3]);
          const c = tf.concat([s, tf.transpose(tf.slice(v, [0, 1], [3, 2]))], 1);
          const p = tf.pad(c, [
            [1, 0],
            [0, 1],
          ]);
          const q = tf.reverse(tf.tile(v, [1, 2]), 1);
          return tf.add(tf.sum(tf.square(p)), tf.sum(tf.mul(tf.exp(q), tf.range(0, 8))));
        };
        return tf.grads(f)([x]);
      },
      { rtol: 1e-5 },
    );
  });
});
