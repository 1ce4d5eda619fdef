// Log1p and Expm1 for WebGPU that keep their relative precision near 0.
// tfjs-backend-webgpu 4.22 computes them as log(1 + a) and exp(a) - 1, so
// log1p(1e-6) comes out 9.54e-7 (4.6% off) and expm1(-1e-6) -1.07e-6 (7%).
// Pyro's numbers lean on both (softplus, log1mexp, Bernoulli/Geometric
// log-probabilities), so this package replaces the two kernels.
//
// Near 0 (|a| <= 1/4) they use series that need no accurate log/exp (WGSL
// allows log an absolute error of 2^-21 near 1, which is useless for relative
// precision there):
//   log1p(a) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + s^7/7 + s^9/9), s = a / (2 + a),
//     |s| <= 1/7, first omitted term below 2e-9 relative;
//   expm1(a) = a + a^2/2! + ... + a^8/8!, first omitted term below 3e-8 relative.
// Elsewhere log(1 + a) and exp(a) - 1 are accurate to a few ulp relative.
import { webgpu_util } from '@tensorflow/tfjs-backend-webgpu';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { tf } from '@pyro-ts/tensor';
import type { TensorInfo } from '@pyro-ts/tensor';

const WGSL: Record<'Log1p' | 'Expm1', string> = {
  Log1p: `
    if (isnan(a)) { return a; }
    if (abs(a) <= 0.25) {
      let s = a / (2.0 + a);
      let s2 = s * s;
      return 2.0 * s * (1.0 + s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0)))));
    }
    return log(1.0 + a);`,
  Expm1: `
    if (isnan(a)) { return a; }
    if (abs(a) <= 0.25) {
      return a * (1.0 + a * (1.0 / 2.0 + a * (1.0 / 6.0 + a * (1.0 / 24.0 + a * (1.0 / 120.0 + a * (1.0 / 720.0 + a * (1.0 / 5040.0 + a * (1.0 / 40320.0))))))));
    }
    return exp(a) - 1.0;`,
};

const JS: Record<'Log1p' | 'Expm1', (v: number) => number> = { Log1p: Math.log1p, Expm1: Math.expm1 };

/** A flat elementwise program in tfjs-backend-webgpu's program format. */
function unaryProgram(kernel: 'Log1p' | 'Expm1', outputShape: number[]): unknown {
  const workgroupSize: [number, number, number] = [128, 1, 1];
  const dispatchLayout = webgpu_util.flatDispatchLayout(outputShape);
  return {
    variableNames: ['A'],
    size: true,
    workgroupSize,
    outputShape,
    dispatchLayout,
    dispatch: webgpu_util.computeDispatch(dispatchLayout, outputShape, workgroupSize),
    shaderKey: `pyro_ts_${kernel}`,
    getUserCode: () => `
      fn accurate(a : f32) -> f32 {${WGSL[kernel]}
      }
      fn main(index : i32) {
        if (index < uniforms.size) {
          setOutputAtIndex(index, accurate(getAByOutputIndex(index)));
        }
      }`,
  };
}

type Backend = WebGPUBackend & {
  shouldExecuteOnCPU(inputs: TensorInfo[]): boolean;
  runWebGPUProgram(program: unknown, inputs: TensorInfo[], dtype: string): TensorInfo;
};

/** Replaces tfjs-webgpu's Log1p and Expm1 kernels with the accurate ones above. */
export function registerAccurateKernels(): void {
  for (const kernel of ['Log1p', 'Expm1'] as const) {
    if (tf.getKernel(kernel, 'webgpu') !== undefined) tf.unregisterKernel(kernel, 'webgpu');
    tf.registerKernel({
      kernelName: kernel,
      backendName: 'webgpu',
      kernelFunc: ({ inputs, backend }) => {
        const x = inputs.x as TensorInfo;
        const b = backend as Backend;
        if (b.shouldExecuteOnCPU([x])) {
          // Small CPU-resident input with WEBGPU_CPU_FORWARD on: as tfjs does, stay on the CPU.
          const v = b.readSync(x.dataId) as Float32Array;
          return b.makeTensorInfo(x.shape, 'float32', Float32Array.from(v, JS[kernel]));
        }
        return b.runWebGPUProgram(unaryProgram(kernel, x.shape), [x], 'float32');
      },
    });
  }
}
