// Kernels for the special functions and factorizations of @pyro-ts/tensor
// that libtorch has, under kernel names of their own ('PyroLgamma', ...).
// @pyro-ts/tensor composes these functions from tfjs ops on every backend;
// a backend that registers one of these names can run it in one kernel
// instead (the protocol, see @pyro-ts/tensor's `kernelOr`: run the kernel when
// `tf.getKernel(name, tf.getBackend())` exists, else compose; the gradient
// is registered once per name by @pyro-ts/tensor). Semantics follow torch:
// lgamma, digamma, polygamma(n), erfinv, erfcx, ndtri, log_ndtr, i0e, i1e;
// Cholesky reads the lower triangle and gives NaN where a matrix is not
// positive definite; TriangularSolve reads only the named triangle.
import type { tf } from '@pyro-ts/tensor';
import type { NativeAddon } from '../addon.js';
import { input, kernel, opIndex } from './kernel-util.js';

/** kernel name -> libtorch function (x -> float32) */
export const PYRO_UNARY_KERNELS: Readonly<Record<string, string>> = {
  PyroLgamma: 'lgamma',
  PyroDigamma: 'digamma',
  PyroErfinv: 'erfinv',
  PyroErfc: 'erfc',
  PyroErfcx: 'erfcx',
  PyroNdtri: 'ndtri',
  PyroLogNdtr: 'logNdtr',
  PyroI0e: 'i0e',
  PyroI1e: 'i1e',
};

export function pyroSpecialKernels(addon: NativeAddon): tf.KernelConfig[] {
  const out: tf.KernelConfig[] = [];
  for (const [name, op] of Object.entries(PYRO_UNARY_KERNELS)) {
    const code = opIndex(addon.specialOps, op, 'special');
    out.push(kernel(name, (args) => args.backend.output(addon.special(code, args.backend.handle(input(args, 'x'))), 'float32')));
  }
  out.push(kernel('PyroPolygamma', (args) => args.backend.output(addon.polygamma(args.attrs.n as number, args.backend.handle(input(args, 'x'))), 'float32')));
  out.push(kernel('PyroCholesky', (args) => args.backend.output(addon.cholesky(args.backend.handle(input(args, 'a'))), 'float32')));
  out.push(
    kernel('PyroTriangularSolve', (args) => {
      const { upper = false, left = true, transpose = false, unitDiagonal = false } = args.attrs as { upper?: boolean; left?: boolean; transpose?: boolean; unitDiagonal?: boolean };
      const a = input(args, 'a');
      let h = args.backend.handle(a);
      let release = -1;
      if (transpose) {
        // op(A) = Aᵀ: solve with the transposed view, whose triangle is the other one
        const perm = a.shape.map((_, i) => i);
        perm.splice(-2, 2, a.shape.length - 1, a.shape.length - 2);
        h = release = addon.transpose(h, perm);
      }
      try {
        const r = addon.triangularSolve(h, args.backend.handle(input(args, 'b')), transpose ? !upper : upper, left, unitDiagonal);
        return args.backend.output(r, 'float32');
      } finally {
        if (release >= 0) addon.release(release);
      }
    }),
  );
  return out;
}
