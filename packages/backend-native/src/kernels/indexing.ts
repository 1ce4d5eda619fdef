// Gather and scatter kernels: GatherV2 (with batch dims), GatherNd, ScatterNd,
// TensorScatterUpdate, UnsortedSegmentSum (gather's gradient), SearchSorted.
import { tf } from '@pyro-ts/tensor';
import type { NativeAddon } from '../addon.js';
import { dtypeCode } from '../native-backend.js';
import { input, kernel } from './kernel-util.js';

export function indexingKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [
    kernel('GatherV2', (args) => {
      const x = input(args, 'x');
      const indices = input(args, 'indices');
      const [axis] = tf.util.parseAxisParam(args.attrs.axis as number, x.shape);
      const batchDims = (args.attrs.batchDims as number | undefined) ?? 0;
      return args.backend.output(addon.gather(args.backend.handle(x), args.backend.handle(indices), axis ?? 0, batchDims), x.dtype);
    }),
    kernel('GatherNd', (args) => {
      const params = input(args, 'params');
      return args.backend.output(addon.gatherNd(args.backend.handle(params), args.backend.handle(input(args, 'indices'))), params.dtype);
    }),
    kernel('ScatterNd', (args) => {
      const updates = input(args, 'updates');
      return args.backend.output(addon.scatterNd(args.backend.handle(input(args, 'indices')), args.backend.handle(updates), args.attrs.shape as number[]), updates.dtype);
    }),
    kernel('TensorScatterUpdate', (args) => {
      const tensor = input(args, 'tensor');
      const h = addon.tensorScatterUpdate(args.backend.handle(tensor), args.backend.handle(input(args, 'indices')), args.backend.handle(input(args, 'updates')));
      return args.backend.output(h, tensor.dtype);
    }),
    kernel('UnsortedSegmentSum', (args) => {
      const x = input(args, 'x');
      // tfjs's cpu kernel sums x times a float32 mask: float32 for real inputs
      const d = tf.upcastType(x.dtype, 'float32');
      const h = addon.unsortedSegmentSum(args.backend.handle(x), args.backend.handle(input(args, 'segmentIds')), args.attrs.numSegments as number, dtypeCode(d));
      return args.backend.output(h, d);
    }),
    kernel('SearchSorted', (args) => {
      const seq = input(args, 'sortedSequence');
      const values = input(args, 'values');
      return args.backend.output(addon.searchSorted(args.backend.handle(seq), args.backend.handle(values), args.attrs.side === 'right'), 'int32');
    }),
  ];
}
