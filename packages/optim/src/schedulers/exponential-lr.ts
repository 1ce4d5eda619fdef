// torch.optim.lr_scheduler.ExponentialLR (PyTorch 1.13): lr *= gamma every step.
import { LRScheduler, checkSchedulerOptions } from '../lr-scheduler.js';
import type { ParamOptimizer } from '../param-optimizer.js';
import type { PlainData, SchedulerStateDict } from '../types.js';

export interface ExponentialLROptions {
  /** multiplicative decay per step (required) */
  gamma: number;
}

export class ExponentialLRScheduler extends LRScheduler {
  static readonly schedulerName = 'ExponentialLR';
  gamma: number;

  constructor(optimizer: ParamOptimizer, options: ExponentialLROptions) {
    super(optimizer);
    checkSchedulerOptions('ExponentialLR', options, ['gamma']);
    if (typeof options.gamma !== 'number') throw new Error('ExponentialLR: gamma is required');
    this.gamma = options.gamma;
    this.initialStep();
  }

  get schedulerName(): string {
    return 'ExponentialLR';
  }

  protected getLr(): number {
    return this.lastEpoch === 0 ? this.groupLr : this.groupLr * this.gamma;
  }

  protected override extraState(): Record<string, PlainData> {
    return { gamma: this.gamma };
  }

  protected override loadExtraState(state: SchedulerStateDict): void {
    this.gamma = state.gamma as number;
  }
}
