// torch.optim.Adadelta (PyTorch 1.13): epsilon inside both square roots,
// the step scaled by `lr`.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { f32 } from '../scalar.js';
import { ParamOptimizer, checkRange } from '../param-optimizer.js';
import type { Defaults } from '../param-optimizer.js';

export interface AdadeltaOptions {
  /** scale of the delta (default 1.0) */
  lr?: number;
  /** running-average coefficient (default 0.9) */
  rho?: number;
  /** default 1e-6 */
  eps?: number;
  /** L2 penalty added to the gradient (default 0) */
  weightDecay?: number;
  /** default false */
  maximize?: boolean;
}

export class AdadeltaParamOptimizer extends ParamOptimizer {
  static readonly algorithm: string = 'Adadelta';
  static readonly defaults: Defaults = { lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false };

  constructor(options: AdadeltaOptions = {}) {
    super('Adadelta', AdadeltaParamOptimizer.defaults, options);
    const g = this.group;
    checkRange('Adadelta', typeof g.lr === 'number' && g.lr >= 0, 'learning rate', g.lr);
    checkRange('Adadelta', typeof g.rho === 'number' && g.rho >= 0 && g.rho <= 1, 'rho value', g.rho);
    checkRange('Adadelta', typeof g.eps === 'number' && g.eps >= 0, 'epsilon value', g.eps);
    checkRange('Adadelta', typeof g.weightDecay === 'number' && g.weightDecay >= 0, 'weight_decay value', g.weightDecay);
  }

  get algorithm(): string {
    return 'Adadelta';
  }

  protected update(param: Tensor, grad: Tensor): Tensor {
    const lr = this.num('lr');
    const rho = this.num('rho');
    const eps = this.num('eps');
    const wd = this.num('weightDecay');
    let g = this.flag('maximize') ? tf.neg(grad) : grad;
    if (wd !== 0) g = tf.add(g, tf.mul(param, f32(wd)));
    const sq0 = this.slot('square_avg');
    const acc0 = this.slot('acc_delta') ?? tf.zerosLike(g);
    const gg = tf.mul(g, g);
    const sq = sq0 === undefined ? tf.mul(gg, f32(1 - rho)) : tf.add(tf.mul(sq0, f32(rho)), tf.mul(gg, f32(1 - rho)));
    const std = tf.sqrt(tf.add(sq, f32(eps)));
    const delta = tf.mul(tf.div(tf.sqrt(tf.add(acc0, f32(eps))), std), g);
    const acc = tf.add(tf.mul(acc0, f32(rho)), tf.mul(tf.mul(delta, delta), f32(1 - rho)));
    this.setSlot('square_avg', sq);
    this.setSlot('acc_delta', acc);
    return tf.sub(param, tf.mul(delta, f32(lr)));
  }
}
