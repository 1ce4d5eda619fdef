// Pyro's ClippedAdam (pyro/optim/clipped_adam.py): Adam whose gradient is
// clamped element-wise to [-clipNorm, clipNorm] and whose learning rate is
// multiplied by `lrd` at the start of every step; epsilon is added to the
// uncorrected square root and the bias corrections folded into the step size.
import { tf } from '@pyro-ts/tensor';
import type { Tensor, Variable } from '@pyro-ts/tensor';
import { f32 } from '../scalar.js';
import { ParamOptimizer } from '../param-optimizer.js';
import type { Defaults } from '../param-optimizer.js';

export interface ClippedAdamOptions {
  /** learning rate (default 1e-3) */
  lr?: number;
  /** default [0.9, 0.999] */
  betas?: [number, number];
  /** default 1e-8 */
  eps?: number;
  /** L2 penalty added to the (clamped) gradient (default 0) */
  weightDecay?: number;
  /** gradient elements are clamped to [-clipNorm, clipNorm] (default 10) */
  clipNorm?: number;
  /** learning-rate decay factor applied at every step (default 1) */
  lrd?: number;
}

export class ClippedAdamParamOptimizer extends ParamOptimizer {
  static readonly algorithm: string = 'ClippedAdam';
  static readonly defaults: Defaults = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, clipNorm: 10.0, lrd: 1.0 };

  constructor(options: ClippedAdamOptions = {}) {
    super('ClippedAdam', ClippedAdamParamOptimizer.defaults, options);
  }

  get algorithm(): string {
    return 'ClippedAdam';
  }

  override step(param: Variable, grad: Tensor | null): void {
    // Pyro decays the group's lr on every call, before looking at the gradient.
    this.group.lr = this.num('lr') * this.num('lrd');
    super.step(param, grad);
  }

  protected update(param: Tensor, grad: Tensor): Tensor {
    const lr = this.num('lr');
    const [beta1, beta2] = this.betas();
    const eps = this.num('eps');
    const wd = this.num('weightDecay');
    const clip = this.num('clipNorm');
    let g = tf.minimum(tf.maximum(grad, f32(-clip)), f32(clip));
    if (wd !== 0) g = tf.add(g, tf.mul(param, f32(wd)));
    const m0 = this.slot('exp_avg');
    const v0 = this.slot('exp_avg_sq');
    const gg = tf.mul(g, g);
    const m = m0 === undefined ? tf.mul(g, f32(1 - beta1)) : tf.add(tf.mul(m0, f32(beta1)), tf.mul(g, f32(1 - beta1)));
    const v = v0 === undefined ? tf.mul(gg, f32(1 - beta2)) : tf.add(tf.mul(v0, f32(beta2)), tf.mul(gg, f32(1 - beta2)));
    this.setSlot('exp_avg', m);
    this.setSlot('exp_avg_sq', v);
    const denom = tf.add(tf.sqrt(v), f32(eps));
    const step = this.stepCount;
    const stepSize = (lr * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
    return tf.sub(param, tf.mul(tf.div(m, denom), f32(stepSize)));
  }
}
