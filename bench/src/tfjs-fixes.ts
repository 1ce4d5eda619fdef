// A bench-side workaround for tfjs 4.22's gradient of the `Tile` kernel.
//
// tfjs's `broadcastTo` runs `Tile`, and tfjs's Tile gradient
// (tfjs-core/src/gradients/Tile_grad.ts) adds one `slice` of dy per
// repetition: broadcasting a [1] parameter to a [1000] plate costs 1000
// Slice + 1000 Add kernels in the backward pass. pyro-ts's distributions
// broadcast their parameters with `tf.broadcastTo` (Distribution.bcast), so
// e.g. `Normal(mean [N], sigma [])` pays O(N) kernel launches per step for
// sigma's gradient. The gradient is a sum over the repetitions: reshape dy
// to [reps0, s0, reps1, s1, ...] and sum the reps axes (two kernels).
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';

let installed = false;

/** Registers the two-kernel Tile gradient (idempotent); tfjs warns once that it overrides its own. */
export function installFastTileGrad(): void {
  if (installed) return;
  installed = true;
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
