// A pyro-ts SVI run as a contender in an interleaved benchmark: untimed
// warm-up steps, then timed blocks of steps.
import type { SVI } from '@pyro-ts/infer';
import { enableValidation } from '@pyro-ts/primitives';
import { timeSteps } from './timing.js';

export interface SviRunOptions {
  /** Validation on (Pyro's default) or off during this run's steps. */
  validation?: boolean;
  /** Called after every step, untimed (e.g. to record a parameter). */
  afterStep?: (step: number, loss: number) => void;
}

export class SviRun {
  readonly times: number[] = [];
  readonly losses: number[] = [];
  private stepCount = 0;
  constructor(
    readonly svi: SVI,
    readonly args: unknown[],
    private readonly options: SviRunOptions = {},
  ) {}

  private prepare(): void {
    if (this.options.validation !== undefined) enableValidation(this.options.validation);
  }

  private record(loss: number): void {
    this.losses.push(loss);
    this.options.afterStep?.(this.stepCount, loss);
    this.stepCount++;
  }

  /** `n` untimed steps. */
  warmup(n: number): void {
    this.prepare();
    for (let i = 0; i < n; i++) this.record(this.svi.step(...this.args));
  }

  /** `n` more timed steps. */
  runBlock(n: number): void {
    this.prepare();
    for (let i = 0; i < n; i++) {
      const loss = timeSteps(() => this.svi.step(...this.args), 1, this.times) as number;
      this.record(loss);
    }
  }

  /** The mean of the last `n` losses. */
  meanLastLosses(n: number): number {
    const xs = this.losses.slice(-n);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  }
}

/** Runs contenders' warm-ups, then `steps` timed steps each in `blocks` alternating blocks (the order alternates too). */
export function interleave(contenders: Array<{ warmup(n: number): void; runBlock(n: number): void }>, warmup: number, steps: number, blocks = 20): void {
  for (const c of contenders) c.warmup(warmup);
  const block = Math.max(1, Math.ceil(steps / blocks));
  for (let done = 0, k = 0; done < steps; done += block, k++) {
    const n = Math.min(block, steps - done);
    const order = k % 2 === 0 ? contenders : [...contenders].reverse();
    for (const c of order) c.runBlock(n);
  }
}
