// torch.optim.SGD (PyTorch 1.13): weight decay, momentum with dampening (the
// buffer starts as a copy of the first gradient), Nesterov momentum.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { f32 } from '../scalar.js';
import { ParamOptimizer, REQUIRED, checkRange } from '../param-optimizer.js';
import type { Defaults } from '../param-optimizer.js';

export interface SGDOptions {
  /** learning rate (required, as in torch) */
  lr?: number;
  /** momentum factor (default 0) */
  momentum?: number;
  /** dampening of the momentum (default 0) */
  dampening?: number;
  /** L2 penalty added to the gradient (default 0) */
  weightDecay?: number;
  /** Nesterov momentum; needs momentum > 0 and dampening 0 (default false) */
  nesterov?: boolean;
  /** default false */
  maximize?: boolean;
}

export class SGDParamOptimizer extends ParamOptimizer {
  static readonly algorithm: string = 'SGD';
  static readonly defaults: Defaults = { lr: REQUIRED, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false };

  constructor(options: SGDOptions = {}) {
    super('SGD', SGDParamOptimizer.defaults, options);
    const g = this.group;
    checkRange('SGD', typeof g.lr === 'number' && g.lr >= 0, 'learning rate', g.lr);
    checkRange('SGD', typeof g.momentum === 'number' && g.momentum >= 0, 'momentum value', g.momentum);
    checkRange('SGD', typeof g.weightDecay === 'number' && g.weightDecay >= 0, 'weight_decay value', g.weightDecay);
    if (g.nesterov === true && ((g.momentum as number) <= 0 || g.dampening !== 0)) {
      throw new Error('SGD: Nesterov momentum requires a momentum and zero dampening');
    }
  }

  get algorithm(): string {
    return 'SGD';
  }

  protected update(param: Tensor, grad: Tensor): Tensor {
    const lr = this.num('lr');
    const momentum = this.num('momentum');
    const dampening = this.num('dampening');
    const wd = this.num('weightDecay');
    let d = this.flag('maximize') ? tf.neg(grad) : grad;
    if (wd !== 0) d = tf.add(d, tf.mul(param, f32(wd)));
    if (momentum !== 0) {
      const b0 = this.slot('momentum_buffer');
      const buf = b0 === undefined ? d : tf.add(tf.mul(b0, f32(momentum)), tf.mul(d, f32(1 - dampening)));
      this.setSlot('momentum_buffer', buf);
      d = this.flag('nesterov') ? tf.add(d, tf.mul(buf, f32(momentum))) : buf;
    }
    return tf.sub(param, tf.mul(d, f32(lr)));
  }
}
