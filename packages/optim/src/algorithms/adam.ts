// torch.optim.Adam (PyTorch 1.13, single-tensor path): L2 weight decay added
// to the gradient, bias-corrected moments, epsilon added after the corrected
// square root, optional AMSGrad. AdamW (decoupled weight decay) reuses it.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { f32 } from '../scalar.js';
import { ParamOptimizer, checkRange } from '../param-optimizer.js';
import type { Defaults } from '../param-optimizer.js';

export interface AdamOptions {
  /** learning rate (default 1e-3) */
  lr?: number;
  /** running-average coefficients of the gradient and its square (default [0.9, 0.999]) */
  betas?: [number, number];
  /** added to the denominator (default 1e-8) */
  eps?: number;
  /** L2 penalty added to the gradient (default 0) */
  weightDecay?: number;
  /** use the running maximum of the second moment (default false) */
  amsgrad?: boolean;
  /** maximize the objective instead (default false) */
  maximize?: boolean;
}

/** The update shared by Adam and AdamW. */
export abstract class AdamBase extends ParamOptimizer {
  protected constructor(algorithm: string, defaults: Defaults, options: AdamOptions) {
    super(algorithm, defaults, options);
    validateAdam(this);
  }

  /** The shared Adam/AdamW update; `decoupled` selects AdamW's weight decay. */
  protected adamStep(param: Tensor, grad: Tensor, decoupled: boolean): Tensor {
    const lr = this.num('lr');
    const [beta1, beta2] = this.betas();
    const eps = this.num('eps');
    const wd = this.num('weightDecay');
    let g = this.flag('maximize') ? tf.neg(grad) : grad;
    let p = param;
    if (decoupled) {
      p = tf.mul(p, f32(1 - lr * wd));
    } else if (wd !== 0) {
      g = tf.add(g, tf.mul(p, f32(wd)));
    }
    const m0 = this.slot('exp_avg');
    const v0 = this.slot('exp_avg_sq');
    const gg = tf.mul(g, g);
    const m = m0 === undefined ? tf.mul(g, f32(1 - beta1)) : tf.add(tf.mul(m0, f32(beta1)), tf.mul(g, f32(1 - beta1)));
    const v = v0 === undefined ? tf.mul(gg, f32(1 - beta2)) : tf.add(tf.mul(v0, f32(beta2)), tf.mul(gg, f32(1 - beta2)));
    this.setSlot('exp_avg', m);
    this.setSlot('exp_avg_sq', v);
    const step = this.stepCount;
    const biasCorrection1 = 1 - beta1 ** step;
    const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
    const stepSize = lr / biasCorrection1;
    let vHat = v;
    if (this.flag('amsgrad')) {
      const vMax0 = this.slot('max_exp_avg_sq');
      vHat = vMax0 === undefined ? v : tf.maximum(vMax0, v);
      this.setSlot('max_exp_avg_sq', vHat);
    }
    const denom = tf.add(tf.div(tf.sqrt(vHat), f32(biasCorrection2Sqrt)), f32(eps));
    return tf.sub(p, tf.mul(tf.div(m, denom), f32(stepSize)));
  }
}

export class AdamParamOptimizer extends AdamBase {
  static readonly algorithm: string = 'Adam';
  static readonly defaults: Defaults = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false };

  constructor(options: AdamOptions = {}) {
    super('Adam', AdamParamOptimizer.defaults, options);
  }

  get algorithm(): string {
    return 'Adam';
  }

  protected update(param: Tensor, grad: Tensor): Tensor {
    return this.adamStep(param, grad, false);
  }
}

/** torch's argument checks for the Adam family. */
export function validateAdam(opt: ParamOptimizer): void {
  const g = opt.group;
  const name = opt.algorithm;
  checkRange(name, typeof g.lr === 'number' && g.lr >= 0, 'learning rate', g.lr);
  checkRange(name, typeof g.eps === 'number' && g.eps >= 0, 'epsilon value', g.eps);
  const b = g.betas;
  checkRange(name, Array.isArray(b) && b.length === 2, 'betas', b);
  const [b1, b2] = b as number[];
  checkRange(name, b1 !== undefined && b1 >= 0 && b1 < 1, 'beta parameter at index 0', b1);
  checkRange(name, b2 !== undefined && b2 >= 0 && b2 < 1, 'beta parameter at index 1', b2);
  checkRange(name, typeof g.weightDecay === 'number' && g.weightDecay >= 0, 'weight_decay value', g.weightDecay);
}
