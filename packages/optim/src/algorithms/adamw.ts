// torch.optim.AdamW (PyTorch 1.13): Adam with decoupled weight decay
// (the parameter is first multiplied by 1 - lr * weightDecay).
import type { Tensor } from '@pyro-ts/tensor';
import type { Defaults } from '../param-optimizer.js';
import { AdamBase } from './adam.js';
import type { AdamOptions } from './adam.js';

/** AdamW's options: Adam's, with `weightDecay` defaulting to 1e-2. */
export type AdamWOptions = AdamOptions;

export class AdamWParamOptimizer extends AdamBase {
  static readonly algorithm: string = 'AdamW';
  static readonly defaults: Defaults = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false };

  constructor(options: AdamWOptions = {}) {
    super('AdamW', AdamWParamOptimizer.defaults, options);
  }

  get algorithm(): string {
    return 'AdamW';
  }

  protected update(param: Tensor, grad: Tensor): Tensor {
    return this.adamStep(param, grad, true);
  }
}
