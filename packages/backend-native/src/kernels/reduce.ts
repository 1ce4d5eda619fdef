// Reductions, arg-extrema, cumulative sums/products, softmax, top-k.
// Output dtypes follow tfjs's cpu kernels: Sum/Prod/Cumsum/Cumprod upcast to
// at least int32, Mean gives float32, All/Any bool, ArgMax/ArgMin int32.
import { tf } from '@pyro-ts/tensor';
import type { DataType } from '@pyro-ts/tensor';
import type { NativeAddon } from '../addon.js';
import { dtypeCode } from '../native-backend.js';
import { input, kernel, opIndex } from './kernel-util.js';

/** tfjs kernel -> [addon op, attribute holding the axes, output dtype rule] */
const REDUCE: ReadonlyArray<[string, string, string, (x: DataType) => DataType]> = [
  ['Sum', 'Sum', 'axis', (x) => tf.upcastType(x, 'int32')],
  ['Prod', 'Prod', 'axis', (x) => tf.upcastType(x, 'int32')],
  ['Mean', 'Mean', 'axis', () => 'float32'],
  ['Max', 'Max', 'reductionIndices', (x) => x],
  ['Min', 'Min', 'axis', (x) => x],
  ['All', 'All', 'axis', () => 'bool'],
  ['Any', 'Any', 'axis', () => 'bool'],
];

export function reduceKernels(addon: NativeAddon): tf.KernelConfig[] {
  const out: tf.KernelConfig[] = [];
  for (const [name, op, axisAttr, rule] of REDUCE) {
    const code = opIndex(addon.reduceOps, op, 'reduce');
    out.push(
      kernel(name, (args) => {
        const x = input(args, 'x');
        const axes = tf.util.parseAxisParam(args.attrs[axisAttr] as number | number[], x.shape);
        const d = rule(x.dtype);
        return args.backend.output(addon.reduce(code, args.backend.handle(x), axes, args.attrs.keepDims as boolean, dtypeCode(d)), d);
      }),
    );
  }
  for (const [name, isMax] of [
    ['ArgMax', true],
    ['ArgMin', false],
  ] as const) {
    out.push(
      kernel(name, (args) => {
        const x = input(args, 'x');
        const [axis] = tf.util.parseAxisParam(args.attrs.axis as number, x.shape);
        return args.backend.output(addon.argMinMax(isMax, args.backend.handle(x), axis ?? 0), 'int32');
      }),
    );
  }
  for (const [name, isProd] of [
    ['Cumsum', false],
    ['Cumprod', true],
  ] as const) {
    out.push(
      kernel(name, (args) => {
        const x = input(args, 'x');
        const d = tf.upcastType(x.dtype, 'int32');
        const { axis, exclusive, reverse } = args.attrs as { axis: number; exclusive: boolean; reverse: boolean };
        return args.backend.output(addon.cumulative(isProd, args.backend.handle(x), axis, exclusive, reverse, dtypeCode(d)), d);
      }),
    );
  }
  out.push(
    kernel('Softmax', (args) => {
      const logits = input(args, 'logits');
      return args.backend.output(addon.softmax(args.backend.handle(logits), args.attrs.dim as number, false), 'float32');
    }),
  );
  out.push(
    kernel('TopK', (args) => {
      const x = input(args, 'x');
      const [values, indices] = addon.topk(args.backend.handle(x), args.attrs.k as number, args.attrs.sorted as boolean);
      return [...args.backend.outputs([values], x.dtype), ...args.backend.outputs([indices], 'int32')];
    }),
  );
  return out;
}
