// Pyro's clip_args: torch.nn.utils.clip_grad_norm_ (2-norm, max_norm /
// (norm + 1e-6) clamped at 1) then clip_grad_value_, applied to one
// parameter's gradient before its optimizer step.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { f32 } from './scalar.js';
import type { ClipArgs } from './types.js';

/** The gradient rescaled so that its 2-norm is at most `maxNorm` (torch's rule, float32). */
export function clipGradNorm(grad: Tensor, maxNorm: number): Tensor {
  return tf.tidy(() => {
    const total = tf.sqrt(tf.sum(tf.mul(grad, grad)));
    const coef = tf.minimum(tf.div(f32(maxNorm), tf.add(total, f32(1e-6))), f32(1));
    return tf.mul(grad, coef);
  });
}

/** The gradient clamped element-wise to [-clipValue, clipValue]. */
export function clipGradValue(grad: Tensor, clipValue: number): Tensor {
  return tf.tidy(() => tf.minimum(tf.maximum(grad, f32(-clipValue)), f32(clipValue)));
}

/** Applies Pyro's `clip_args` (norm first, then value). */
export function clipGrad(grad: Tensor, args: ClipArgs): Tensor {
  return tf.tidy(() => {
    let g = grad;
    if (args.clipNorm !== undefined && args.clipNorm !== null) g = clipGradNorm(g, args.clipNorm);
    if (args.clipValue !== undefined && args.clipValue !== null) g = clipGradValue(g, args.clipValue);
    return g === grad ? tf.clone(g) : g;
  });
}

/** Checks the keys of a clip-args object (Pyro passes them to `_clip_grad`, which takes only these). */
export function validateClipArgs(args: object): ClipArgs {
  for (const key of Object.keys(args)) {
    if (key !== 'clipNorm' && key !== 'clipValue') throw new Error(`clipArgs: unknown key '${key}' (expected clipNorm and/or clipValue)`);
  }
  return args as ClipArgs;
}
