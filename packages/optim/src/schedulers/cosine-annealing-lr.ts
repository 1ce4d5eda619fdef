// torch.optim.lr_scheduler.CosineAnnealingLR (PyTorch 1.13), in its chainable
// (recursive) form: lr follows etaMin + (baseLr - etaMin)(1 + cos(pi t / tMax)) / 2
// and keeps oscillating past tMax.
import { LRScheduler, checkSchedulerOptions } from '../lr-scheduler.js';
import type { ParamOptimizer } from '../param-optimizer.js';
import type { PlainData, SchedulerStateDict } from '../types.js';

export interface CosineAnnealingLROptions {
  /** half period, in steps (torch's T_max; required) */
  tMax: number;
  /** minimum lr (torch's eta_min; default 0) */
  etaMin?: number;
}

export class CosineAnnealingLRScheduler extends LRScheduler {
  static readonly schedulerName = 'CosineAnnealingLR';
  tMax: number;
  etaMin: number;

  constructor(optimizer: ParamOptimizer, options: CosineAnnealingLROptions) {
    super(optimizer);
    checkSchedulerOptions('CosineAnnealingLR', options, ['tMax', 'etaMin']);
    if (typeof options.tMax !== 'number') throw new Error('CosineAnnealingLR: tMax is required');
    this.tMax = options.tMax;
    this.etaMin = options.etaMin ?? 0;
    this.initialStep();
  }

  get schedulerName(): string {
    return 'CosineAnnealingLR';
  }

  protected getLr(): number {
    const t = this.lastEpoch;
    const T = this.tMax;
    const lr = this.groupLr;
    const eta = this.etaMin;
    if (t === 0) return lr;
    if (this.stepCount === 1 && t > 0) return eta + ((this.baseLr - eta) * (1 + Math.cos((t * Math.PI) / T))) / 2;
    if ((((t - 1 - T) % (2 * T)) + 2 * T) % (2 * T) === 0) return lr + ((this.baseLr - eta) * (1 - Math.cos(Math.PI / T))) / 2;
    return ((1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T))) * (lr - eta) + eta;
  }

  protected override extraState(): Record<string, PlainData> {
    return { tMax: this.tMax, etaMin: this.etaMin };
  }

  protected override loadExtraState(state: SchedulerStateDict): void {
    this.tMax = state.tMax as number;
    this.etaMin = state.etaMin as number;
  }
}
