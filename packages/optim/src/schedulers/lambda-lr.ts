// torch.optim.lr_scheduler.LambdaLR (PyTorch 1.13): lr = initialLr * lrLambda(epoch).
import { LRScheduler, checkSchedulerOptions } from '../lr-scheduler.js';
import type { ParamOptimizer } from '../param-optimizer.js';

export interface LambdaLROptions {
  /** the factor for each epoch (a one-element list, as torch's per-group list, is accepted) */
  lrLambda: ((epoch: number) => number) | [(epoch: number) => number];
}

/** The function is not part of the saved state (as in torch, where only callable objects are saved). */
export class LambdaLRScheduler extends LRScheduler {
  static readonly schedulerName = 'LambdaLR';
  readonly lrLambda: (epoch: number) => number;

  constructor(optimizer: ParamOptimizer, options: LambdaLROptions) {
    super(optimizer);
    checkSchedulerOptions('LambdaLR', options, ['lrLambda']);
    const f = Array.isArray(options.lrLambda) ? options.lrLambda[0] : options.lrLambda;
    if (typeof f !== 'function') throw new Error('LambdaLR: lrLambda must be a function');
    this.lrLambda = f;
    this.initialStep();
  }

  get schedulerName(): string {
    return 'LambdaLR';
  }

  protected getLr(): number {
    return this.baseLr * this.lrLambda(this.lastEpoch);
  }
}
