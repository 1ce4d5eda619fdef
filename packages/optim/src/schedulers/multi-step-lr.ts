// torch.optim.lr_scheduler.MultiStepLR (PyTorch 1.13): lr *= gamma^k at each
// milestone listed k times.
import { LRScheduler, checkSchedulerOptions } from '../lr-scheduler.js';
import type { ParamOptimizer } from '../param-optimizer.js';
import type { PlainData, SchedulerStateDict } from '../types.js';

export interface MultiStepLROptions {
  /** epochs at which to decay (required) */
  milestones: number[];
  /** multiplicative decay (default 0.1) */
  gamma?: number;
}

export class MultiStepLRScheduler extends LRScheduler {
  static readonly schedulerName = 'MultiStepLR';
  milestones: number[];
  gamma: number;

  constructor(optimizer: ParamOptimizer, options: MultiStepLROptions) {
    super(optimizer);
    checkSchedulerOptions('MultiStepLR', options, ['milestones', 'gamma']);
    if (!Array.isArray(options.milestones)) throw new Error('MultiStepLR: milestones is required');
    this.milestones = options.milestones.slice();
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }

  get schedulerName(): string {
    return 'MultiStepLR';
  }

  protected getLr(): number {
    const count = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (count === 0) return this.groupLr;
    return this.groupLr * this.gamma ** count;
  }

  protected override extraState(): Record<string, PlainData> {
    return { milestones: this.milestones.slice(), gamma: this.gamma };
  }

  protected override loadExtraState(state: SchedulerStateDict): void {
    this.milestones = (state.milestones as number[]).slice();
    this.gamma = state.gamma as number;
  }
}
