// torch.optim.lr_scheduler.StepLR (PyTorch 1.13): lr *= gamma every `stepSize` steps.
import { LRScheduler, checkSchedulerOptions } from '../lr-scheduler.js';
import type { ParamOptimizer } from '../param-optimizer.js';
import type { PlainData, SchedulerStateDict } from '../types.js';

export interface StepLROptions {
  /** period of the decay (required) */
  stepSize: number;
  /** multiplicative decay (default 0.1) */
  gamma?: number;
}

export class StepLRScheduler extends LRScheduler {
  static readonly schedulerName = 'StepLR';
  stepSize: number;
  gamma: number;

  constructor(optimizer: ParamOptimizer, options: StepLROptions) {
    super(optimizer);
    checkSchedulerOptions('StepLR', options, ['stepSize', 'gamma']);
    if (typeof options.stepSize !== 'number') throw new Error('StepLR: stepSize is required');
    this.stepSize = options.stepSize;
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }

  get schedulerName(): string {
    return 'StepLR';
  }

  protected getLr(): number {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.groupLr;
    return this.groupLr * this.gamma;
  }

  protected override extraState(): Record<string, PlainData> {
    return { stepSize: this.stepSize, gamma: this.gamma };
  }

  protected override loadExtraState(state: SchedulerStateDict): void {
    this.stepSize = state.stepSize as number;
    this.gamma = state.gamma as number;
  }
}
