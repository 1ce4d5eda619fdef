// Replacement gradients for two tfjs 4.22 kernels on pyro-ts's hot paths,
// registered when @pyro-ts/tensor is imported (numerically the same
// gradients; tested against tfjs's own in fast-gradients.test.ts).
//
// Tile: `tf.broadcastTo` runs Tile, and tfjs's Tile gradient adds one
// slice of dy per repetition, so broadcasting a [1] parameter over a [1000]
// plate costs 1000 Slice + 1000 Add kernels in every backward pass (and
// distributions broadcast their parameters all the time). The gradient is a
// sum over the repetitions: reshape dy to [r0, s0, r1, s1, ...] and sum the
// r axes (two kernels).
//
// BatchMatMul: tfjs's gradient asks for transposed products (dy·bᵀ, aᵀ·dy),
// which tfjs-backend-wasm runs about 10× slower than the same product on an
// explicitly transposed operand; it also fails on broadcast batch dims. This
// one transposes explicitly and sums over broadcast batch dims.
import { tf } from './tf.js';
import type { Tensor } from './tf.js';

type GradConfig = Parameters<typeof tf.registerGradient>[0];

/** tfjs's own gradients that were replaced (for tests comparing the two). */
export const replacedGradients = new Map<string, GradConfig>();

function register(config: GradConfig): void {
  // Replace tfjs's gradient without the "overriding" warning.
  const previous = tf.getGradient(config.kernelName);
  if (previous !== undefined) {
    if (!replacedGradients.has(config.kernelName)) replacedGradients.set(config.kernelName, previous as GradConfig);
    tf.unregisterGradient(config.kernelName);
  }
  tf.registerGradient(config);
}

function swapLast2(x: Tensor): Tensor {
  const perm = [...Array(x.rank).keys()];
  perm[x.rank - 1] = x.rank - 2;
  perm[x.rank - 2] = x.rank - 1;
  return tf.transpose(x, perm);
}

/** Sums `g` over the batch dims that `shape` lacks or has as 1, then reshapes to `shape`. */
function unbroadcastBatch(g: Tensor, shape: readonly number[]): Tensor {
  if (g.rank === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank - 2; i++) if (i < lead || shape[i - lead] === 1) axes.push(i);
  return tf.reshape(axes.length > 0 ? tf.sum(g, axes) : g, shape as number[]);
}

export function registerFastGradients(): void {
  register({
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
  register({
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: Record<string, unknown>) => {
      const [a, b] = saved as [Tensor, Tensor];
      const g = dy as Tensor;
      const tA = attrs.transposeA === true;
      const tB = attrs.transposeB === true;
      const T = swapLast2;
      // out = op(a)·op(b):  d op(a) = dy·op(b)ᵀ,  d op(b) = op(a)ᵀ·dy
      return {
        a: () => unbroadcastBatch(!tA ? tf.matMul(g, tB ? b : T(b)) : tf.matMul(tB ? T(b) : b, T(g)), a.shape),
        b: () => unbroadcastBatch(!tB ? tf.matMul(tA ? a : T(a), g) : tf.matMul(T(g), tA ? T(a) : a), b.shape),
      };
    },
  });
}

registerFastGradients();
