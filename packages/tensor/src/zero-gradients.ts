// Zero gradients for tfjs's comparison and logical kernels.
//
// tfjs registers no gradient for Equal, Less, LogicalAnd, All, ... and
// refuses to backpropagate through them; torch treats their results as
// constants. Log-densities use them (a Delta's `x == v`, support checks,
// `where` conditions), so a loss built from one must still differentiate.
// Registered once when @pyro-ts/tensor is imported, only for kernels that
// have no gradient.
import { tf } from './tf.js';
import type { Tensor } from './tf.js';

const BINARY = ['Equal', 'NotEqual', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'LogicalAnd', 'LogicalOr', 'LogicalXor'];
const UNARY = ['LogicalNot', 'All', 'Any', 'IsNan', 'IsInf', 'IsFinite'];

export function registerZeroGradients(): void {
  for (const kernelName of BINARY) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy: Tensor | Tensor[], saved: Tensor[]) => ({
        a: () => tf.zeros((saved[0] as Tensor).shape),
        b: () => tf.zeros((saved[1] as Tensor).shape),
      }),
    });
  }
  for (const kernelName of UNARY) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['x'],
      gradFunc: (_dy: Tensor | Tensor[], saved: Tensor[]) => ({ x: () => tf.zeros((saved[0] as Tensor).shape) }),
    });
  }
}

registerZeroGradients();
