// Zero gradients for tfjs's comparison and logical kernels.
//
// tfjs registers no gradient for Equal, Less, LogicalAnd, ... and refuses
// to backpropagate through them, where torch treats them as constants (a
// comparison's result carries no gradient). Log-densities use them (a
// Delta's `x == v`, support checks), so a loss built from such a
// log-density could not be differentiated. This registers zero gradients
// for the kernels that have none, as torch's semantics say, once, before
// the first gradient is taken. TEMPORARY: it belongs in @pyro-ts/tensor,
// which registers gradients; it does nothing for a kernel that already has one.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';

const BINARY = ['Equal', 'NotEqual', 'Greater', 'Less', 'LessEqual', 'LogicalAnd', 'LogicalOr', 'LogicalXor'];
const UNARY = ['LogicalNot', 'All', 'Any'];

let done = false;

const zeros = (t: Tensor): Tensor => tf.zeros(t.shape, 'float32');

/** Registers the zero gradients (idempotent). */
export function ensureComparisonGradients(): void {
  if (done) return;
  done = true;
  for (const kernelName of BINARY) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [a, b] = saved as [Tensor, Tensor];
        return { a: () => zeros(a), b: () => zeros(b) };
      },
    });
  }
  for (const kernelName of UNARY) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['x'],
      gradFunc: (_dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [x] = saved as [Tensor];
        return { x: () => zeros(x) };
      },
    });
  }
}
