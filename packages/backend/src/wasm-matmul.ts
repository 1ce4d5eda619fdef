// A workaround for tfjs-backend-wasm 4.22: its BatchMatMul kernel is 5–18×
// slower when asked to transpose an operand (transposeA/transposeB) than
// when the operand is transposed first by the Transpose kernel. Measured
// here (median of 5, Node 20, SIMD binary): dy·Wᵀ for [256,400]·[784,400]ᵀ
// 132 ms with the flag, 7 ms transposing first; xᵀ·dy for
// [256,784]ᵀ·[256,400] 93 ms vs 21 ms. The gradients of every dense layer
// are such products, so this was most of a VAE step (~750 ms instead of
// ~300 ms). The wasm backend wraps the kernel when it initializes: same
// results, operands transposed explicitly.
import { tf } from '@pyro-ts/tensor';

type KernelConfig = Parameters<typeof tf.registerKernel>[0];
type KernelArgs = Parameters<KernelConfig['kernelFunc']>[0];
type TensorInfo = { dataId: object; shape: number[]; dtype: string };

const WRAPPED = Symbol.for('@pyro-ts/backend.wasmMatMulWrapped');

function transposeLast2(x: TensorInfo, args: KernelArgs): TensorInfo {
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (transpose === undefined) throw new Error('wasm Transpose kernel missing');
  const r = x.shape.length;
  const perm = [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2];
  return transpose.kernelFunc({ inputs: { x } as never, backend: args.backend, attrs: { perm } }) as unknown as TensorInfo;
}

/** Wraps wasm's BatchMatMul so that transposed operands are transposed first (idempotent; a no-op without the wasm backend). */
export function installWasmMatMulFix(): boolean {
  const original = tf.getKernel('BatchMatMul', 'wasm');
  if (original === undefined) return false;
  if ((original as unknown as Record<symbol, boolean>)[WRAPPED]) return true;
  const config: KernelConfig = {
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: (args: KernelArgs) => {
      const { transposeA, transposeB } = args.attrs as { transposeA?: boolean; transposeB?: boolean };
      if (!transposeA && !transposeB) return original.kernelFunc(args);
      const { a, b } = args.inputs as unknown as { a: TensorInfo; b: TensorInfo };
      const temps: TensorInfo[] = [];
      const at = transposeA ? transposeLast2(a, args) : a;
      const bt = transposeB ? transposeLast2(b, args) : b;
      if (transposeA) temps.push(at);
      if (transposeB) temps.push(bt);
      try {
        return original.kernelFunc({ ...args, inputs: { a: at, b: bt } as never, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
      } finally {
        for (const t of temps) (args.backend as unknown as { disposeData(id: object): void }).disposeData(t.dataId);
      }
    },
  };
  (config as unknown as Record<symbol, boolean>)[WRAPPED] = true;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel(config);
  return true;
}
