// Fixes for tfjs-backend-webgpu 4.22 kernels that return wrong shapes.
//
// ArgMax/ArgMin of a rank-1 tensor return shape [1] instead of [] (the
// reduced axis is kept). The value is right and one element either way, so
// the fix relabels the output's shape; the data is untouched.
import { tf } from '@pyro-ts/tensor';
import type { TensorInfo } from '@pyro-ts/tensor';

type KernelFunc = NonNullable<ReturnType<typeof tf.getKernel>>['kernelFunc'];

const fixed = new Set<string>();

export function registerKernelFixes(): void {
  for (const kernelName of ['ArgMax', 'ArgMin']) {
    if (fixed.has(kernelName)) continue;
    const original = tf.getKernel(kernelName, 'webgpu');
    if (original === undefined) continue;
    fixed.add(kernelName);
    const run = original.kernelFunc as KernelFunc;
    tf.unregisterKernel(kernelName, 'webgpu');
    tf.registerKernel({
      ...original,
      kernelFunc: (args) => {
        const out = run(args) as TensorInfo;
        const x = args.inputs.x as TensorInfo;
        const axis = ((args.attrs as { axis?: number | number[] }).axis ?? 0) as number | number[];
        const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + x.shape.length : a));
        const expected = x.shape.filter((_, i) => !axes.includes(i));
        if (out.shape.length !== expected.length && out.shape.reduce((a, b) => a * b, 1) === expected.reduce((a, b) => a * b, 1)) {
          return { ...out, shape: expected };
        }
        return out;
      },
    });
  }
}
