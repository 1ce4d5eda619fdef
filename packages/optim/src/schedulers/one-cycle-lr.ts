// torch.optim.lr_scheduler.OneCycleLR (PyTorch 1.13): lr rises from
// maxLr / divFactor to maxLr over pctStart of the cycle, then anneals to
// initialLr / finalDivFactor (optionally in three phases); momentum (SGD's
// `momentum`, or the first of Adam's `betas`) cycles the opposite way.
import { LRScheduler, checkSchedulerOptions } from '../lr-scheduler.js';
import type { ParamOptimizer } from '../param-optimizer.js';
import type { PlainData, SchedulerStateDict } from '../types.js';

export interface OneCycleLROptions {
  /** peak learning rate (required) */
  maxLr: number;
  /** number of steps in the cycle; or give `epochs` and `stepsPerEpoch` */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** fraction of the cycle spent increasing the lr (default 0.3) */
  pctStart?: number;
  /** 'cos' (default) or 'linear' */
  annealStrategy?: 'cos' | 'linear';
  /** cycle the momentum inversely to the lr (default true) */
  cycleMomentum?: boolean;
  /** default 0.85 */
  baseMomentum?: number;
  /** default 0.95 */
  maxMomentum?: number;
  /** initialLr = maxLr / divFactor (default 25) */
  divFactor?: number;
  /** minLr = initialLr / finalDivFactor (default 1e4) */
  finalDivFactor?: number;
  /** use the three-phase schedule of the original paper (default false) */
  threePhase?: boolean;
}

interface Phase {
  endStep: number;
  startLr: string;
  endLr: string;
  startMomentum: string;
  endMomentum: string;
}

const KEYS = ['maxLr', 'totalSteps', 'epochs', 'stepsPerEpoch', 'pctStart', 'annealStrategy', 'cycleMomentum', 'baseMomentum', 'maxMomentum', 'divFactor', 'finalDivFactor', 'threePhase'] as const;

export class OneCycleLRScheduler extends LRScheduler {
  static readonly schedulerName = 'OneCycleLR';
  totalSteps: number;
  annealStrategy: 'cos' | 'linear';
  cycleMomentum: boolean;
  useBeta1: boolean;
  phases: Phase[];

  constructor(optimizer: ParamOptimizer, options: OneCycleLROptions) {
    super(optimizer);
    checkSchedulerOptions('OneCycleLR', options, KEYS);
    if (typeof options.maxLr !== 'number') throw new Error('OneCycleLR: maxLr is required');
    if (options.totalSteps !== undefined) {
      if (!(Number.isInteger(options.totalSteps) && options.totalSteps > 0)) throw new Error(`OneCycleLR: expected a positive integer totalSteps, but got ${options.totalSteps}`);
      this.totalSteps = options.totalSteps;
    } else if (options.epochs !== undefined && options.stepsPerEpoch !== undefined) {
      if (!(Number.isInteger(options.epochs) && options.epochs > 0)) throw new Error(`OneCycleLR: expected a positive integer epochs, but got ${options.epochs}`);
      if (!(Number.isInteger(options.stepsPerEpoch) && options.stepsPerEpoch > 0)) throw new Error(`OneCycleLR: expected a positive integer stepsPerEpoch, but got ${options.stepsPerEpoch}`);
      this.totalSteps = options.epochs * options.stepsPerEpoch;
    } else {
      throw new Error('OneCycleLR: you must define either totalSteps OR (epochs AND stepsPerEpoch)');
    }
    const pctStart = options.pctStart ?? 0.3;
    if (!(pctStart >= 0 && pctStart <= 1)) throw new Error(`OneCycleLR: expected a float between 0 and 1 for pctStart, but got ${pctStart}`);
    const total = this.totalSteps;
    this.phases = options.threePhase
      ? [
          { endStep: pctStart * total - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: 2 * pctStart * total - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
          { endStep: total - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
        ]
      : [
          { endStep: pctStart * total - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: total - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
        ];
    const strategy = options.annealStrategy ?? 'cos';
    if (strategy !== 'cos' && strategy !== 'linear') throw new Error(`OneCycleLR: annealStrategy must be 'cos' or 'linear', got ${String(strategy)}`);
    this.annealStrategy = strategy;
    const group = optimizer.group;
    group.initialLr = options.maxLr / (options.divFactor ?? 25);
    group.maxLr = options.maxLr;
    group.minLr = group.initialLr / (options.finalDivFactor ?? 1e4);
    this.cycleMomentum = options.cycleMomentum ?? true;
    this.useBeta1 = false;
    if (this.cycleMomentum) {
      const defaults = optimizer.defaults;
      if (!('momentum' in defaults) && !('betas' in defaults)) throw new Error('OneCycleLR: optimizer must support momentum with `cycleMomentum` enabled');
      this.useBeta1 = 'betas' in defaults;
      const maxMomentum = options.maxMomentum ?? 0.95;
      this.setMomentum(maxMomentum);
      group.maxMomentum = maxMomentum;
      group.baseMomentum = options.baseMomentum ?? 0.85;
    }
    this.initialStep();
  }

  get schedulerName(): string {
    return 'OneCycleLR';
  }

  private setMomentum(m: number): void {
    const group = this.optimizer.group;
    if (this.useBeta1) {
      const betas = group.betas as number[];
      group.betas = [m, ...betas.slice(1)];
    } else {
      group.momentum = m;
    }
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'cos') return end + ((start - end) / 2.0) * (Math.cos(Math.PI * pct) + 1);
    return (end - start) * pct + start;
  }

  protected getLr(): number {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new Error(`OneCycleLR: tried to step ${stepNum} times. The specified number of total steps is ${this.totalSteps}`);
    }
    const group = this.optimizer.group;
    let startStep = 0;
    let lr = NaN;
    for (let i = 0; i < this.phases.length; i++) {
      const phase = this.phases[i] as Phase;
      if (stepNum <= phase.endStep || i === this.phases.length - 1) {
        const pct = (stepNum - startStep) / (phase.endStep - startStep);
        lr = this.anneal(group[phase.startLr] as number, group[phase.endLr] as number, pct);
        if (this.cycleMomentum) this.setMomentum(this.anneal(group[phase.startMomentum] as number, group[phase.endMomentum] as number, pct));
        break;
      }
      startStep = phase.endStep;
    }
    return lr;
  }

  protected override extraState(): Record<string, PlainData> {
    return {
      totalSteps: this.totalSteps,
      annealStrategy: this.annealStrategy,
      cycleMomentum: this.cycleMomentum,
      useBeta1: this.useBeta1,
      phases: this.phases.map((p) => ({ ...p })),
    };
  }

  protected override loadExtraState(state: SchedulerStateDict): void {
    this.totalSteps = state.totalSteps as number;
    this.annealStrategy = state.annealStrategy as 'cos' | 'linear';
    this.cycleMomentum = state.cycleMomentum as boolean;
    this.useBeta1 = state.useBeta1 as boolean;
    this.phases = (state.phases as unknown as Phase[]).map((p) => ({ ...p }));
  }
}
