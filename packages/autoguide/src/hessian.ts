// Exact Hessians by reverse-over-reverse differentiation in tfjs.
//
// tfjs differentiates a gradient when `tf.grad` is nested, with two gaps
// this module closes while a Hessian is computed:
//
// 1. Kernels whose gradient uses their *output* (Exp, Sigmoid, Tanh, Pow,
//    Softmax, ...; and every `tf.customGrad` op that saves its value) save a
//    copy of the output while the kernel runs, and the engine records that
//    copy on the tape *before* the kernel's own node. The engine keeps tape
//    order when it looks for the nodes between x and y, so the copy is never
//    connected to x and the second derivative through it is lost (an error,
//    or silently a wrong Hessian). `withHigherOrderGradients` moves each
//    kernel's node before the nodes recorded while it ran (topological
//    order), for the duration of a call.
// 2. Comparisons and logical ops (Greater, Less, LogicalAnd, ...) have no
//    registered gradient; `where`'s gradient reaches its condition, so a
//    gradient that contains a `where` cannot be differentiated. They are
//    piecewise constant: @pyro-ts/tensor registers zero gradients for them
//    when it is imported.
//
// Limitation: a `tf.customGrad` op whose gradient uses an intermediate it
// computed (not an input or its output) still hides that dependency.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';

interface TapeNode {
  outputs: Tensor[];
}

interface EngineInternals {
  runKernelFunc: (params: unknown) => unknown;
  state: { activeTape: TapeNode[] | null };
}

/**
 * Runs `fn` with tfjs's tape kept in topological order (see the module
 * comment), so that gradients of gradients (`tf.grad` of a function calling
 * `tf.grad`) are exact; restores the engine afterwards.
 */
export function withHigherOrderGradients<T>(fn: () => T): T {
  const engine = tf.engine() as unknown as EngineInternals;
  const original = engine.runKernelFunc;
  const patched = function (this: EngineInternals, params: unknown): unknown {
    const before = this.state.activeTape?.length;
    const out = original.call(this, params);
    const tape = this.state.activeTape;
    if (tape !== null && before !== undefined && tape.length > before + 1) {
      // the last node is the kernel's; those after `before` were recorded while it ran
      const node = tape.pop() as TapeNode;
      tape.splice(before, 0, node);
    }
    return out;
  };
  engine.runKernelFunc = patched;
  try {
    return fn();
  } finally {
    engine.runKernelFunc = original;
  }
}

/**
 * The exact Hessian of the scalar function `f` at the vector `x` (shape
 * `[n]`): an `[n, n]` tensor, row `i` the gradient of `∂f/∂x_i`
 * (reverse-over-reverse, one pass per row; no finite differences),
 * symmetrized as `(H + Hᵀ)/2` against rounding. Returns a new tensor.
 */
export function hessian(f: (x: Tensor) => Tensor, x: Tensor): Tensor {
  if (x.rank !== 1) throw new Error(`hessian: x must be a vector, got shape [${x.shape}]`);
  const n = x.shape[0] as number;
  return withHigherOrderGradients(() =>
    tf.tidy(() => {
      const grad = tf.grad((v: Tensor) => f(v));
      const rows: Tensor[] = [];
      for (let i = 0; i < n; i++) {
        rows.push(tf.grad((v: Tensor) => tf.sum(tf.slice(grad(v), [i], [1])))(x));
      }
      const h = tf.stack(rows);
      return tf.mul(tf.add(h, tf.transpose(h)), 0.5);
    }),
  );
}
