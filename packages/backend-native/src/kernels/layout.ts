// Layout kernels: reshape / expandDims / transpose, slice and strided slice,
// concat / pack / unpack / split, pads, tile, reverse, broadcast, fill,
// one-hot, diag.
import { tf } from '@pyro-ts/tensor';
import type { DataType, TensorInfo } from '@pyro-ts/tensor';
import type { NativeAddon } from '../addon.js';
import { dtypeCode } from '../native-backend.js';
import { input, kernel } from './kernel-util.js';

const flatPairs = (p: Array<[number, number]>): number[] => p.flatMap(([a, b]) => [a, b]);

export function layoutKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [
    kernel('Reshape', (args) => {
      const x = input(args, 'x');
      return args.backend.output(addon.reshape(args.backend.handle(x), args.attrs.shape as number[]), x.dtype);
    }),
    kernel('ExpandDims', (args) => {
      const x = input(args, 'input');
      const dim = args.attrs.dim as number;
      const shape = x.shape.slice();
      shape.splice(dim < 0 ? x.shape.length + dim + 1 : dim, 0, 1);
      return args.backend.output(addon.reshape(args.backend.handle(x), shape), x.dtype);
    }),
    kernel('Transpose', (args) => {
      const x = input(args, 'x');
      return args.backend.output(addon.transpose(args.backend.handle(x), args.attrs.perm as number[]), x.dtype);
    }),
    kernel('Slice', (args) => {
      const x = input(args, 'x');
      const [begin = [], size = []] = tf.slice_util.parseSliceParams(x as tf.Tensor, args.attrs.begin as number[], args.attrs.size as number[]);
      tf.slice_util.assertParamsValid(x as tf.Tensor, begin, size);
      return args.backend.output(addon.slice(args.backend.handle(x), begin, size), x.dtype);
    }),
    kernel('StridedSlice', (args) => {
      const x = input(args, 'x');
      const a = args.attrs as { begin: number[]; end: number[]; strides: number[]; beginMask: number; endMask: number; ellipsisMask: number; newAxisMask: number; shrinkAxisMask: number };
      const info = tf.slice_util.sliceInfo(x.shape, a.begin, a.end, a.strides, a.beginMask, a.endMask, a.ellipsisMask, a.newAxisMask, a.shrinkAxisMask);
      const h = args.backend.handle(x);
      if (info.isIdentity) return args.backend.output(addon.reshape(h, info.finalShape), x.dtype);
      const { begin, end, strides } = info;
      if (begin === undefined || end === undefined || strides === undefined) throw new Error('native backend: StridedSlice without resolved bounds');
      return args.backend.output(addon.stridedSlice(h, begin, end, strides, info.finalShape), x.dtype);
    }),
    kernel('Concat', ({ inputs, backend, attrs }) => {
      const ts = inputs as unknown as TensorInfo[];
      const first = ts[0];
      if (first === undefined) throw new Error('native backend: Concat of no tensors');
      const [axis] = tf.util.parseAxisParam(attrs.axis as number, first.shape);
      const d = ts.map((t) => t.dtype).reduce((p, q) => tf.upcastType(p, q));
      if (ts.length === 1) return backend.same(first);
      return backend.output(
        addon.concat(
          ts.map((t) => backend.handle(t)),
          axis ?? 0,
          dtypeCode(d),
        ),
        d,
      );
    }),
    kernel('Pack', ({ inputs, backend, attrs }) => {
      const ts = inputs as unknown as TensorInfo[];
      const first = ts[0];
      if (first === undefined) throw new Error('native backend: Pack of no tensors');
      const d = ts.map((t) => t.dtype).reduce((p, q) => tf.upcastType(p, q));
      const axis = attrs.axis as number;
      return backend.output(
        addon.stack(
          ts.map((t) => backend.handle(t)),
          axis < 0 ? axis + first.shape.length + 1 : axis,
          dtypeCode(d),
        ),
        d,
      );
    }),
    kernel('Unpack', (args) => {
      const x = input(args, 'value');
      return args.backend.outputs(addon.unstack(args.backend.handle(x), args.attrs.axis as number), x.dtype);
    }),
    kernel('SplitV', (args) => {
      const x = input(args, 'x');
      const [axis] = tf.util.parseAxisParam(args.attrs.axis as number, x.shape);
      const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs.numOrSizeSplits as number | number[], axis ?? 0);
      return args.backend.outputs(addon.split(args.backend.handle(x), sizes, axis ?? 0), x.dtype);
    }),
    kernel('PadV2', (args) => {
      const x = input(args, 'x');
      const paddings = flatPairs(args.attrs.paddings as Array<[number, number]>);
      return args.backend.output(addon.pad(args.backend.handle(x), paddings, args.attrs.constantValue as number), x.dtype);
    }),
    kernel('MirrorPad', (args) => {
      const x = input(args, 'x');
      const paddings = flatPairs(args.attrs.paddings as Array<[number, number]>);
      return args.backend.output(addon.mirrorPad(args.backend.handle(x), paddings, args.attrs.mode === 'symmetric'), x.dtype);
    }),
    kernel('Tile', (args) => {
      const x = input(args, 'x');
      return args.backend.output(addon.tile(args.backend.handle(x), args.attrs.reps as number[]), x.dtype);
    }),
    kernel('Reverse', (args) => {
      const x = input(args, 'x');
      const dims = tf.util.parseAxisParam(args.attrs.dims as number | number[], x.shape);
      return args.backend.output(addon.reverse(args.backend.handle(x), dims), x.dtype);
    }),
    kernel('BroadcastTo', (args) => {
      const x = input(args, 'x');
      return args.backend.output(addon.broadcastTo(args.backend.handle(x), args.attrs.shape as number[]), x.dtype);
    }),
    kernel('Fill', ({ backend, attrs }) => {
      const { shape, value } = attrs as { shape: number[]; value: number | string };
      const dtype = (attrs.dtype as DataType | undefined) ?? (typeof value === 'string' ? 'string' : 'float32');
      if (dtype === 'string') return backend.makeTensorInfo(shape, 'string', new Array<string>(tf.util.sizeFromShape(shape)).fill(String(value)));
      return backend.output(addon.fill(shape, Number(value), dtypeCode(dtype)), dtype);
    }),
    kernel('OneHot', (args) => {
      const { depth, onValue, offValue, dtype } = args.attrs as { depth: number; onValue: number; offValue: number; dtype: DataType };
      return args.backend.output(addon.oneHot(args.backend.handle(input(args, 'indices')), depth, onValue, offValue, dtypeCode(dtype)), dtype);
    }),
    kernel('Diag', (args) => {
      const x = input(args, 'x');
      return args.backend.output(addon.diag(args.backend.handle(x)), x.dtype);
    }),
  ];
}
