// torch.optim.RMSprop (PyTorch 1.13): optional centering (the squared mean
// gradient is subtracted before the square root), epsilon added after the
// square root, optional momentum buffer of grad / avg.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { f32 } from '../scalar.js';
import { ParamOptimizer, checkRange } from '../param-optimizer.js';
import type { Defaults } from '../param-optimizer.js';

export interface RMSpropOptions {
  /** learning rate (default 1e-2) */
  lr?: number;
  /** smoothing constant (default 0.99) */
  alpha?: number;
  /** default 1e-8 */
  eps?: number;
  /** L2 penalty added to the gradient (default 0) */
  weightDecay?: number;
  /** default 0 */
  momentum?: number;
  /** normalize by the estimated variance of the gradient (default false) */
  centered?: boolean;
  /** default false */
  maximize?: boolean;
}

export class RMSpropParamOptimizer extends ParamOptimizer {
  static readonly algorithm: string = 'RMSprop';
  static readonly defaults: Defaults = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false };

  constructor(options: RMSpropOptions = {}) {
    super('RMSprop', RMSpropParamOptimizer.defaults, options);
    const g = this.group;
    checkRange('RMSprop', typeof g.lr === 'number' && g.lr >= 0, 'learning rate', g.lr);
    checkRange('RMSprop', typeof g.eps === 'number' && g.eps >= 0, 'epsilon value', g.eps);
    checkRange('RMSprop', typeof g.momentum === 'number' && g.momentum >= 0, 'momentum value', g.momentum);
    checkRange('RMSprop', typeof g.weightDecay === 'number' && g.weightDecay >= 0, 'weight_decay value', g.weightDecay);
    checkRange('RMSprop', typeof g.alpha === 'number' && g.alpha >= 0, 'alpha value', g.alpha);
  }

  get algorithm(): string {
    return 'RMSprop';
  }

  protected update(param: Tensor, grad: Tensor): Tensor {
    const lr = this.num('lr');
    const alpha = this.num('alpha');
    const eps = this.num('eps');
    const wd = this.num('weightDecay');
    const momentum = this.num('momentum');
    let g = this.flag('maximize') ? tf.neg(grad) : grad;
    if (wd !== 0) g = tf.add(g, tf.mul(param, f32(wd)));
    const sq0 = this.slot('square_avg');
    const gg = tf.mul(g, g);
    const sq = sq0 === undefined ? tf.mul(gg, f32(1 - alpha)) : tf.add(tf.mul(sq0, f32(alpha)), tf.mul(gg, f32(1 - alpha)));
    this.setSlot('square_avg', sq);
    let avg: Tensor;
    if (this.flag('centered')) {
      const ga0 = this.slot('grad_avg');
      const ga = ga0 === undefined ? tf.mul(g, f32(1 - alpha)) : tf.add(tf.mul(ga0, f32(alpha)), tf.mul(g, f32(1 - alpha)));
      this.setSlot('grad_avg', ga);
      avg = tf.sqrt(tf.sub(sq, tf.mul(ga, ga)));
    } else {
      avg = tf.sqrt(sq);
    }
    avg = tf.add(avg, f32(eps));
    if (momentum > 0) {
      const b0 = this.slot('momentum_buffer');
      const ratio = tf.div(g, avg);
      const buf = b0 === undefined ? ratio : tf.add(tf.mul(b0, f32(momentum)), ratio);
      this.setSlot('momentum_buffer', buf);
      return tf.sub(param, tf.mul(buf, f32(lr)));
    }
    return tf.sub(param, tf.mul(tf.div(g, avg), f32(lr)));
  }
}
