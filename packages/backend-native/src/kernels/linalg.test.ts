// Matrix, convolution and image kernels on native against the cpu backend.
import '../index.js';
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { describeNative, expectSameAsCpu, rand, runOn } from '../test-utils/compare.js';

// Sums of products in a different order (BLAS blocking): float32 rounding differs.
const MATMUL_TOL = { rtol: 1e-5, atol: 1e-5 };

describeNative('native matmul/conv/image kernels vs cpu', () => {
  it('matMul: plain, transposed either side, batched, int32', async () => {
    await expectSameAsCpu(
      () => [
        tf.matMul(rand([3, 4], 51), rand([4, 5], 52)),
        tf.matMul(rand([4, 3], 53), rand([4, 5], 54), true, false),
        tf.matMul(rand([3, 4], 55), rand([5, 4], 56), false, true),
        tf.matMul(rand([4, 3], 57), rand([5, 4], 58), true, true),
        tf.matMul(rand([2, 3, 4], 59), rand([2, 4, 2], 60)),
        tf.matMul(rand([2, 2, 4, 3], 61), rand([2, 2, 2, 4], 62), true, true),
        tf.matMul(tf.tensor([[1, 2], [3, 4]], undefined, 'int32'), tf.tensor([[5, -6], [7, 8]], undefined, 'int32')),
      ],
      MATMUL_TOL,
    );
  });

  it('matMul broadcasts batch dims ([2,1,3,4] x [5,4,2], [3,4] x [2,4,2]) like the explicit sums (tfjs-cpu 4.22 gets these wrong)', async () => {
    const cases: Array<[number[], number[]]> = [
      [[2, 1, 3, 4], [5, 4, 2]],
      [[3, 4], [2, 4, 2]],
    ];
    for (const [sa, sb] of cases) {
      const [r, a, b] = await runOn('native', () => [tf.matMul(rand(sa, 63), rand(sb, 64)), rand(sa, 63), rand(sb, 64)]);
      if (r === undefined || a === undefined || b === undefined) throw new Error('missing results');
      // out[i, j, r, c] = sum_k a[i, r, k] b[j, k, c] with a's and b's batch dims broadcast
      const [m, k] = sa.slice(-2) as [number, number];
      const n = sb[sb.length - 1] as number;
      const batchA = a.values.length / (m * k);
      const batchB = b.values.length / (k * n);
      const outBatch = r.values.length / (m * n);
      expect(r.shape).toEqual(sa.length === 4 ? [2, 5, m, n] : [2, m, n]);
      for (let o = 0; o < outBatch; o++) {
        // row-major broadcast: a's batch index is o / (outBatch / batchA) for [2,1] x [5]; a has no batch for rank 2
        const ia = batchA === 1 ? 0 : Math.floor(o / (outBatch / batchA));
        const ib = batchB === 1 ? 0 : o % batchB;
        for (let row = 0; row < m; row++) {
          for (let c = 0; c < n; c++) {
            let s = 0;
            for (let q = 0; q < k; q++) s += (a.values[ia * m * k + row * k + q] as number) * (b.values[ib * k * n + q * n + c] as number);
            expect(r.values[o * m * n + row * n + c]).toBeCloseTo(s, 5);
          }
        }
      }
    }
  });

  it('fused matMul: bias and each activation (linear, relu, elu, relu6, leakyrelu, prelu, sigmoid)', async () => {
    for (const activation of ['linear', 'relu', 'elu', 'relu6', 'leakyrelu', 'prelu', 'sigmoid'] as const) {
      await expectSameAsCpu(
        () => {
          const a = tf.mul(rand([3, 4], 65), 3);
          const b = rand([4, 5], 66);
          const bias = rand([5], 67);
          const preluActivationWeights = activation === 'prelu' ? tf.fill([5], 0.1) : undefined;
          return tf.fused.matMul({ a, b, bias, activation, preluActivationWeights, leakyreluAlpha: 0.3 });
        },
        MATMUL_TOL,
        activation,
      );
    }
  });

  it('matMul gradients agree', async () => {
    await expectSameAsCpu(() => tf.grads((a: Tensor, b: Tensor) => tf.sum(tf.sin(tf.matMul(a, b, false, true))))([rand([2, 3, 4], 68), rand([2, 5, 4], 69)]), MATMUL_TOL);
  });

  const convCases: Array<[string, number[], number[], number | [number, number], 'valid' | 'same' | number, number | [number, number]]> = [
    ['valid, stride 1', [2, 6, 7, 3], [3, 3, 3, 4], 1, 'valid', 1],
    ['same, stride 2 (asymmetric padding)', [1, 6, 7, 2], [3, 2, 2, 3], 2, 'same', 1],
    ['same, stride [1, 2], even filter', [1, 5, 6, 2], [2, 4, 2, 2], [1, 2], 'same', 1],
    ['explicit padding 1', [1, 5, 5, 1], [3, 3, 1, 2], 1, 1, 1],
    ['dilation 2, same', [1, 7, 7, 2], [3, 3, 2, 2], 1, 'same', 2],
  ];
  for (const [name, xs, fs, strides, pad, dilations] of convCases) {
    it(`conv2d ${name}: value and gradients in x and filter`, async () => {
      await expectSameAsCpu(
        () => {
          const x = rand(xs, 70);
          const f = rand(fs, 71);
          const conv = (a: Tensor, b: Tensor): Tensor => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad, 'NHWC', dilations);
          // tfjs computes conv gradients only for dilation 1
          const grads = dilations === 1 ? tf.grads((a: Tensor, b: Tensor) => tf.sum(tf.square(conv(a, b))))([x, f]) : [];
          return [conv(x, f), ...grads];
        },
        { rtol: 1e-5, atol: 1e-5 },
        name,
      );
    });
  }

  it('depthwiseConv2d (channel multiplier 2, same and valid) with gradients', async () => {
    for (const pad of ['same', 'valid'] as const) {
      await expectSameAsCpu(
        () => {
          const x = rand([2, 5, 6, 3], 72);
          const f = rand([3, 2, 3, 2], 73);
          const conv = (a: Tensor, b: Tensor): Tensor => tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, pad);
          return [conv(x, f), ...tf.grads((a: Tensor, b: Tensor) => tf.sum(tf.square(conv(a, b))))([x, f])];
        },
        { rtol: 1e-5, atol: 1e-5 },
        pad,
      );
    }
  });

  it('conv2dTranspose (Conv2DBackpropInput) with stride 2', async () => {
    await expectSameAsCpu(() => tf.conv2dTranspose(rand([1, 3, 3, 4], 74) as tf.Tensor4D, rand([3, 3, 2, 4], 75) as tf.Tensor4D, [1, 6, 6, 2], 2, 'same'), { rtol: 1e-5, atol: 1e-5 });
  });

  it('einsum, fft and ifft', async () => {
    await expectSameAsCpu(
      () => {
        const sig = tf.complex(rand([2, 8], 76), rand([2, 8], 77));
        const spec = tf.spectral.fft(sig);
        const back = tf.spectral.ifft(spec);
        return [tf.einsum('ij,jk->ik', rand([2, 3], 78), rand([3, 4], 79)), tf.einsum('bij,bjk->bik', rand([2, 2, 3], 80), rand([2, 3, 2], 81)), tf.real(spec), tf.imag(spec), tf.real(back), tf.imag(back)];
      },
      { rtol: 1e-5, atol: 1e-5 },
    );
  });

  // Affine sampling grids as AIR uses them: scale, rotate and shift.
  const affine = [0.8, -0.3, 1.2, 0.25, 0.9, -0.7, 0, 0];
  for (const interpolation of ['bilinear', 'nearest'] as const) {
    for (const fillMode of ['constant', 'reflect', 'wrap', 'nearest'] as const) {
      it(`image.transform (affine grid sampling) ${interpolation}, fill ${fillMode}`, async () => {
        await expectSameAsCpu(
          () => {
            const img = rand([1, 5, 6, 2], 82);
            return [
              tf.image.transform(img as tf.Tensor4D, tf.tensor2d([affine]), interpolation, fillMode, 0.5),
              tf.image.transform(img as tf.Tensor4D, tf.tensor2d([[1.3, 0.2, -2.1, -0.4, 1.1, 0.6, 0.01, -0.02]]), interpolation, fillMode, 0, [4, 7]),
            ];
          },
          { rtol: 1e-5, atol: 1e-6 },
        );
      });
    }
  }

  it('image.transform on a batch transforms each image with its own matrix (tfjs-cpu 4.22 computes only the first)', async () => {
    const t2 = [affine, [1, 0, 1, 0, 1, -1, 0, 0]];
    const img = Array.from({ length: 2 * 4 * 4 }, (_, i) => i);
    const [both] = await runOn('native', () => tf.image.transform(tf.tensor4d(img, [2, 4, 4, 1]), tf.tensor2d(t2), 'bilinear', 'constant', 0));
    for (let b = 0; b < 2; b++) {
      const [one] = await runOn('cpu', () => tf.image.transform(tf.tensor4d(img.slice(b * 16, b * 16 + 16), [1, 4, 4, 1]), tf.tensor2d([t2[b] as number[]]), 'bilinear', 'constant', 0));
      const got = both?.values.slice(b * 16, b * 16 + 16) ?? [];
      (one?.values ?? []).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 4));
    }
  });
});
