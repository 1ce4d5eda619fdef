// torch.optim.lr_scheduler.ReduceLROnPlateau (PyTorch 1.13): after more than
// `patience` steps without improving on the best metric by `threshold`, lr is
// multiplied by `factor` (not below `minLr`, and only if it moves by more than
// `eps`), followed by `cooldown` steps in which bad epochs are not counted.
import { checkSchedulerOptions } from '../lr-scheduler.js';
import type { ParamScheduler } from '../lr-scheduler.js';
import type { ParamOptimizer } from '../param-optimizer.js';
import type { SchedulerStateDict } from '../types.js';

export interface ReduceLROnPlateauOptions {
  /** 'min' (default): lower is better; 'max': higher is better */
  mode?: 'min' | 'max';
  /** lr multiplier, < 1 (default 0.1) */
  factor?: number;
  /** steps without improvement tolerated (default 10) */
  patience?: number;
  /** minimal significant change (default 1e-4) */
  threshold?: number;
  /** 'rel' (default) or 'abs' */
  thresholdMode?: 'rel' | 'abs';
  /** steps to wait after a reduction (default 0) */
  cooldown?: number;
  /** lower bound of the lr (default 0) */
  minLr?: number | [number];
  /** reductions smaller than this are skipped (default 1e-8) */
  eps?: number;
}

const KEYS = ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps'] as const;

export class ReduceLROnPlateauScheduler implements ParamScheduler {
  static readonly schedulerName = 'ReduceLROnPlateau';
  readonly optimizer: ParamOptimizer;
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  cooldown: number;
  minLr: number;
  eps: number;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;

  constructor(optimizer: ParamOptimizer, options: ReduceLROnPlateauOptions = {}) {
    checkSchedulerOptions('ReduceLROnPlateau', options, KEYS);
    this.optimizer = optimizer;
    this.factor = options.factor ?? 0.1;
    if (this.factor >= 1.0) throw new Error('ReduceLROnPlateau: factor should be < 1.0.');
    this.mode = options.mode ?? 'min';
    this.thresholdMode = options.thresholdMode ?? 'rel';
    if (this.mode !== 'min' && this.mode !== 'max') throw new Error(`ReduceLROnPlateau: mode ${String(this.mode)} is unknown!`);
    if (this.thresholdMode !== 'rel' && this.thresholdMode !== 'abs') throw new Error(`ReduceLROnPlateau: threshold mode ${String(this.thresholdMode)} is unknown!`);
    this.patience = options.patience ?? 10;
    this.threshold = options.threshold ?? 1e-4;
    this.cooldown = options.cooldown ?? 0;
    const minLr = options.minLr ?? 0;
    this.minLr = Array.isArray(minLr) ? (minLr[0] as number) : minLr;
    this.eps = options.eps ?? 1e-8;
    this.best = this.modeWorse;
  }

  get schedulerName(): string {
    return 'ReduceLROnPlateau';
  }

  private get modeWorse(): number {
    return this.mode === 'min' ? Infinity : -Infinity;
  }

  private isBetter(a: number, best: number): boolean {
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? a < best * (1 - this.threshold) : a < best - this.threshold;
    return this.thresholdMode === 'rel' ? a > best * (this.threshold + 1) : a > best + this.threshold;
  }

  /** One step with the monitored metric (e.g. the epoch's loss). */
  step(metric?: number): void {
    if (typeof metric !== 'number') throw new Error('ReduceLROnPlateau: step(metric) needs the monitored metric');
    this.lastEpoch += 1;
    if (this.isBetter(metric, this.best)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      const group = this.optimizer.group;
      const oldLr = group.lr as number;
      const newLr = Math.max(oldLr * this.factor, this.minLr);
      if (oldLr - newLr > this.eps) group.lr = newLr;
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
  }

  getLastLr(): number[] {
    return [this.optimizer.group.lr as number];
  }

  stateDict(): SchedulerStateDict {
    return {
      type: 'ReduceLROnPlateau',
      mode: this.mode,
      factor: this.factor,
      patience: this.patience,
      threshold: this.threshold,
      thresholdMode: this.thresholdMode,
      cooldown: this.cooldown,
      minLrs: [this.minLr],
      eps: this.eps,
      best: this.best,
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastEpoch: this.lastEpoch,
    };
  }

  loadStateDict(state: SchedulerStateDict): void {
    if (state.type !== 'ReduceLROnPlateau') throw new Error(`ReduceLROnPlateau: cannot load the state of a ${state.type} scheduler`);
    this.mode = state.mode as 'min' | 'max';
    this.factor = state.factor as number;
    this.patience = state.patience as number;
    this.threshold = state.threshold as number;
    this.thresholdMode = state.thresholdMode as 'rel' | 'abs';
    this.cooldown = state.cooldown as number;
    this.minLr = (state.minLrs as number[])[0] as number;
    this.eps = state.eps as number;
    this.best = state.best as number;
    this.numBadEpochs = state.numBadEpochs as number;
    this.cooldownCounter = state.cooldownCounter as number;
    this.lastEpoch = state.lastEpoch as number;
  }
}
