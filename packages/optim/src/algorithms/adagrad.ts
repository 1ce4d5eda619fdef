// torch.optim.Adagrad (PyTorch 1.13): the accumulator starts at
// `initialAccumulatorValue`; lr decays as lr / (1 + (step - 1) * lrDecay);
// epsilon is added after the square root.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { f32 } from '../scalar.js';
import { ParamOptimizer, checkRange } from '../param-optimizer.js';
import type { Defaults } from '../param-optimizer.js';

export interface AdagradOptions {
  /** learning rate (default 1e-2) */
  lr?: number;
  /** default 0 */
  lrDecay?: number;
  /** L2 penalty added to the gradient (default 0) */
  weightDecay?: number;
  /** starting value of the sum of squares (default 0) */
  initialAccumulatorValue?: number;
  /** default 1e-10 */
  eps?: number;
  /** default false */
  maximize?: boolean;
}

export class AdagradParamOptimizer extends ParamOptimizer {
  static readonly algorithm: string = 'Adagrad';
  static readonly defaults: Defaults = { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false };

  constructor(options: AdagradOptions = {}) {
    super('Adagrad', AdagradParamOptimizer.defaults, options);
    const g = this.group;
    checkRange('Adagrad', typeof g.lr === 'number' && g.lr >= 0, 'learning rate', g.lr);
    checkRange('Adagrad', typeof g.lrDecay === 'number' && g.lrDecay >= 0, 'lr_decay value', g.lrDecay);
    checkRange('Adagrad', typeof g.weightDecay === 'number' && g.weightDecay >= 0, 'weight_decay value', g.weightDecay);
    checkRange('Adagrad', typeof g.initialAccumulatorValue === 'number' && g.initialAccumulatorValue >= 0, 'initial_accumulator_value value', g.initialAccumulatorValue);
    checkRange('Adagrad', typeof g.eps === 'number' && g.eps >= 0, 'epsilon value', g.eps);
  }

  get algorithm(): string {
    return 'Adagrad';
  }

  protected update(param: Tensor, grad: Tensor): Tensor {
    const lr = this.num('lr');
    const wd = this.num('weightDecay');
    const eps = this.num('eps');
    let g = this.flag('maximize') ? tf.neg(grad) : grad;
    if (wd !== 0) g = tf.add(g, tf.mul(param, f32(wd)));
    const clr = lr / (1 + (this.stepCount - 1) * this.num('lrDecay'));
    const s0 = this.slot('sum') ?? tf.fill(param.shape, this.num('initialAccumulatorValue'), 'float32');
    const sum = tf.add(s0, tf.mul(g, g));
    this.setSlot('sum', sum);
    const std = tf.add(tf.sqrt(sum), f32(eps));
    return tf.sub(param, tf.mul(tf.div(g, std), f32(clr)));
  }
}
