// Matrix, convolution and image kernels: BatchMatMul and _FusedMatMul,
// Conv2D and DepthwiseConv2dNative with their input/filter gradients,
// Einsum, FFT/IFFT, Transform (tf.image.transform: affine/projective grid
// sampling). Padding is resolved by tfjs's computeConv2DInfo, so 'same',
// explicit and rounded paddings match the cpu backend exactly.
import { tf } from '@pyro-ts/tensor';
import type { TensorInfo } from '@pyro-ts/tensor';
import type { NativeAddon } from '../addon.js';
import { type KernelArgs, input, kernel } from './kernel-util.js';

const ACTIVATIONS = ['linear', 'relu', 'prelu', 'elu', 'relu6', 'leakyrelu', 'sigmoid'];
const FILL_MODES = ['constant', 'reflect', 'wrap', 'nearest'];

type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** strides, pads (top, bottom, left, right), dilations, nchw of a conv info. */
function convArgs(c: Conv2DInfo): [number[], number[], number[], boolean] {
  const p = c.padInfo;
  return [[c.strideHeight, c.strideWidth], [p.top, p.bottom, p.left, p.right], [c.dilationHeight, c.dilationWidth], c.dataFormat === 'channelsFirst'];
}

interface ConvAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape?: [number, number, number, number];
  filterShape?: [number, number, number, number];
}

function convInfo(a: ConvAttrs, xShape: number[], filterShape: number[], depthwise: boolean): Conv2DInfo {
  const format = tf.backend_util.convertConv2DDataFormat(a.dataFormat ?? 'NHWC');
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    a.strides,
    a.dilations ?? 1,
    a.pad,
    a.dimRoundingMode,
    depthwise,
    format,
  );
}

function convKernels(addon: NativeAddon, depthwise: boolean): tf.KernelConfig[] {
  const [fwd, bin, bfil] = depthwise
    ? ['DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter']
    : ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'];
  return [
    kernel(fwd, (args) => {
      const x = input(args, 'x');
      const f = input(args, 'filter');
      const [s, p, d, nchw] = convArgs(convInfo(args.attrs as unknown as ConvAttrs, x.shape, f.shape, depthwise));
      return args.backend.output(addon.conv2d(args.backend.handle(x), args.backend.handle(f), s, p, d, nchw, depthwise), x.dtype);
    }),
    kernel(bin, (args) => {
      const dy = input(args, 'dy');
      const f = input(args, 'filter');
      const a = args.attrs as unknown as ConvAttrs;
      const xShape = a.inputShape as number[];
      const [s, p, d, nchw] = convArgs(convInfo(a, xShape, f.shape, depthwise));
      return args.backend.output(addon.conv2dBackpropInput(args.backend.handle(dy), args.backend.handle(f), xShape, s, p, d, nchw, depthwise), dy.dtype);
    }),
    kernel(bfil, (args) => {
      const x = input(args, 'x');
      const dy = input(args, 'dy');
      const a = args.attrs as unknown as ConvAttrs;
      const fShape = a.filterShape as number[];
      const [s, p, d, nchw] = convArgs(convInfo(a, x.shape, fShape, depthwise));
      return args.backend.output(addon.conv2dBackpropFilter(args.backend.handle(x), args.backend.handle(dy), fShape, s, p, d, nchw, depthwise), x.dtype);
    }),
  ];
}

function optionalHandle(args: KernelArgs, name: string): number {
  const t = args.inputs[name];
  return t == null ? -1 : args.backend.handle(t);
}

export function linalgKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [
    kernel('BatchMatMul', (args) => {
      const a = input(args, 'a');
      const b = input(args, 'b');
      const h = addon.matmul(args.backend.handle(a), args.backend.handle(b), args.attrs.transposeA as boolean, args.attrs.transposeB as boolean);
      return args.backend.output(h, a.dtype);
    }),
    kernel('_FusedMatMul', (args) => {
      const a = input(args, 'a');
      const b = input(args, 'b');
      const { transposeA, transposeB, activation, leakyreluAlpha } = args.attrs as { transposeA: boolean; transposeB: boolean; activation?: string; leakyreluAlpha?: number };
      const act = ACTIVATIONS.indexOf(activation ?? 'linear');
      if (act < 0) throw new Error(`native backend: unknown activation '${activation}'`);
      const h = addon.fusedMatMul(
        args.backend.handle(a),
        args.backend.handle(b),
        transposeA,
        transposeB,
        optionalHandle(args, 'bias'),
        act,
        optionalHandle(args, 'preluActivationWeights'),
        leakyreluAlpha ?? 0.2,
      );
      return args.backend.output(h, a.dtype);
    }),
    ...convKernels(addon, false),
    ...convKernels(addon, true),
    kernel('Einsum', ({ inputs, backend, attrs }) => {
      const ts = inputs as unknown as TensorInfo[];
      const h = addon.einsum(
        attrs.equation as string,
        ts.map((t) => backend.handle(t)),
      );
      return backend.output(h, ts[0]?.dtype ?? 'float32');
    }),
    kernel('FFT', (args) => args.backend.output(addon.fft(args.backend.handle(input(args, 'input')), false), 'complex64')),
    kernel('IFFT', (args) => args.backend.output(addon.fft(args.backend.handle(input(args, 'input')), true), 'complex64')),
    kernel('Transform', (args) => {
      const image = input(args, 'image');
      const { interpolation, fillMode, fillValue, outputShape } = args.attrs as { interpolation: string; fillMode: string; fillValue: number; outputShape?: [number, number] };
      const mode = FILL_MODES.indexOf(fillMode);
      if (mode < 0) throw new Error(`native backend: unknown fill mode '${fillMode}'`);
      const [oh, ow] = outputShape ?? [image.shape[1] as number, image.shape[2] as number];
      const h = addon.transform(args.backend.handle(image), args.backend.handle(input(args, 'transforms')), interpolation === 'bilinear', mode, fillValue, oh, ow);
      return args.backend.output(h, image.dtype);
    }),
  ];
}
