// torch.optim.Adamax (PyTorch 1.13): Adam with the infinity norm; epsilon is
// added to |grad| inside the running maximum.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { f32 } from '../scalar.js';
import { ParamOptimizer } from '../param-optimizer.js';
import type { Defaults } from '../param-optimizer.js';
import { validateAdam } from './adam.js';

export interface AdamaxOptions {
  /** learning rate (default 2e-3) */
  lr?: number;
  /** default [0.9, 0.999] */
  betas?: [number, number];
  /** default 1e-8 */
  eps?: number;
  /** L2 penalty added to the gradient (default 0) */
  weightDecay?: number;
  /** default false */
  maximize?: boolean;
}

export class AdamaxParamOptimizer extends ParamOptimizer {
  static readonly algorithm: string = 'Adamax';
  static readonly defaults: Defaults = { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false };

  constructor(options: AdamaxOptions = {}) {
    super('Adamax', AdamaxParamOptimizer.defaults, options);
    validateAdam(this);
  }

  get algorithm(): string {
    return 'Adamax';
  }

  protected update(param: Tensor, grad: Tensor): Tensor {
    const lr = this.num('lr');
    const [beta1, beta2] = this.betas();
    const eps = this.num('eps');
    const wd = this.num('weightDecay');
    let g = this.flag('maximize') ? tf.neg(grad) : grad;
    if (wd !== 0) g = tf.add(g, tf.mul(param, f32(wd)));
    const m0 = this.slot('exp_avg');
    const u0 = this.slot('exp_inf');
    const m = m0 === undefined ? tf.mul(g, f32(1 - beta1)) : tf.add(tf.mul(m0, f32(beta1)), tf.mul(g, f32(1 - beta1)));
    const absEps = tf.add(tf.abs(g), f32(eps));
    const u = u0 === undefined ? absEps : tf.maximum(tf.mul(u0, f32(beta2)), absEps);
    this.setSlot('exp_avg', m);
    this.setSlot('exp_inf', u);
    const clr = lr / (1 - beta1 ** this.stepCount);
    return tf.sub(param, tf.mul(tf.div(m, u), f32(clr)));
  }
}
