// Bench-side workarounds for two tfjs 4.22 gradients that make pyro-ts
// steps slow (reported; the fixes belong in @pyro-ts/tensor or
// @pyro-ts/backend). `--no-fixes` runs without them.
//
// 1. Tile. tfjs's `broadcastTo` runs `Tile`, and tfjs's Tile gradient
// (tfjs-core/src/gradients/Tile_grad.ts) adds one `slice` of dy per
// repetition: broadcasting a [1] parameter to a [1000] plate costs 1000
// Slice + 1000 Add kernels in the backward pass. pyro-ts's distributions
// broadcast their parameters with `tf.broadcastTo` (Distribution.bcast), so
// e.g. `Normal(mean [N], sigma [])` pays O(N) kernel launches per step for
// sigma's gradient. The gradient is a sum over the repetitions: reshape dy
// to [reps0, s0, reps1, s1, ...] and sum the reps axes (two kernels).
//
// 2. BatchMatMul. tfjs-backend-wasm's BatchMatMul is ~10× slower when asked
// to transpose an operand than on operands transposed first (measured here:
// [256,400]·[784,400]ᵀ 173 ms with transposeB, 19 ms transposing first;
// [256,784]ᵀ·[256,400] 176 ms vs 14 ms), and tfjs's BatchMatMul gradient
// asks for exactly such products (dy·bᵀ, aᵀ·dy). The replacement gradient
// transposes explicitly (Transpose kernel) and multiplies without flags.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';

const installed = new Set<string>();

/** Registers the two-kernel Tile gradient (idempotent); tfjs warns once that it overrides its own. */
export function installFastTileGrad(): void {
  if (installed.has('tile')) return;
  installed.add('tile');
  tf.registerGradient({
    kernelName: 'Tile',
    inputsToSave: ['x'],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: Record<string, unknown>) => {
      const x = saved[0] as Tensor;
      const reps = attrs.reps as number[];
      return {
        x: () => {
          const shape: number[] = [];
          const axes: number[] = [];
          reps.forEach((r, i) => {
            axes.push(shape.length);
            shape.push(r, x.shape[i] as number);
          });
          return tf.sum(tf.reshape(dy as Tensor, shape), axes);
        },
      };
    },
  });
}

/** x with its last two dims swapped. */
function swapLast2(x: Tensor): Tensor {
  const perm = [...Array(x.rank).keys()];
  perm[x.rank - 1] = x.rank - 2;
  perm[x.rank - 2] = x.rank - 1;
  return tf.transpose(x, perm);
}

/** Sums `g` over the leading dims it has beyond `shape` or where `shape` is 1 (undoing batch broadcasting), then reshapes to `shape`. */
function unbroadcast(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank - 2; i++) if (i < lead || shape[i - lead] === 1) axes.push(i);
  return tf.reshape(axes.length > 0 ? tf.sum(g, axes) : g, shape as number[]);
}

/** Registers a BatchMatMul gradient without transposed products (idempotent). */
export function installMatMulGradWithoutTransposeFlags(): void {
  if (installed.has('matmul')) return;
  installed.add('matmul');
  tf.registerGradient({
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: Record<string, unknown>) => {
      const [a, b] = saved as [Tensor, Tensor];
      const g = dy as Tensor;
      const tA = attrs.transposeA === true;
      const tB = attrs.transposeB === true;
      const T = swapLast2;
      // out = op(a)·op(b); d op(a) = dy·op(b)ᵀ, d op(b) = op(a)ᵀ·dy
      const da = (): Tensor => {
        const r = !tA ? tf.matMul(g, tB ? b : T(b)) : tf.matMul(tB ? T(b) : b, T(g));
        return unbroadcast(r, a.shape);
      };
      const db = (): Tensor => {
        const r = !tB ? tf.matMul(tA ? a : T(a), g) : tf.matMul(T(g), tA ? T(a) : a);
        return unbroadcast(r, b.shape);
      };
      return { a: da, b: db };
    },
  });
}
