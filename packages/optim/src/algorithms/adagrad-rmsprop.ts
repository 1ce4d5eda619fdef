// Pyro's AdagradRMSProp (pyro/optim/adagrad_rmsprop.py; ADVI, Kucukelbir et
// al. 2016, eqs. 10-11): the squared-gradient average starts at grad² and then
// moves with weight t; the step size is eta * step^(-1/2 + delta) and the
// denominator 1 + sqrt(sum).
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { f32 } from '../scalar.js';
import { ParamOptimizer } from '../param-optimizer.js';
import type { Defaults } from '../param-optimizer.js';

export interface AdagradRMSPropOptions {
  /** step-size scale (default 1.0) */
  eta?: number;
  /** modulates the exponent of the step-size decay (default 1e-16) */
  delta?: number;
  /** weight of the newest squared gradient (default 0.1) */
  t?: number;
}

export class AdagradRMSPropParamOptimizer extends ParamOptimizer {
  static readonly algorithm: string = 'AdagradRMSProp';
  static readonly defaults: Defaults = { eta: 1.0, delta: 1e-16, t: 0.1 };

  constructor(options: AdagradRMSPropOptions = {}) {
    super('AdagradRMSProp', AdagradRMSPropParamOptimizer.defaults, options);
  }

  get algorithm(): string {
    return 'AdagradRMSProp';
  }

  protected update(param: Tensor, grad: Tensor): Tensor {
    const t = this.num('t');
    const step = this.stepCount;
    const gg = tf.mul(grad, grad);
    const s0 = this.slot('sum');
    const sum = step === 1 || s0 === undefined ? gg : tf.add(tf.mul(s0, f32(1 - t)), tf.mul(tf.mul(grad, f32(t)), grad));
    this.setSlot('sum', sum);
    const lr = this.num('eta') * step ** (-0.5 + this.num('delta'));
    return tf.sub(param, tf.mul(tf.div(grad, tf.add(tf.sqrt(sum), f32(1))), f32(lr)));
  }
}
