// A one-line progress bar for the terminal (redrawn in place), or plain
// lines every tenth of an epoch when the output is not a terminal.
import type { StepReport } from './trainer.js';

export interface ProgressBarOptions {
  /** Epochs in this run, and how many were done before it (resumed runs). */
  epochs: number;
  firstEpoch?: number;
  write?: (s: string) => void;
  tty?: boolean;
  width?: number;
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export class ProgressBar {
  private readonly o: Required<ProgressBarOptions>;
  private epochMs = 0;
  private images = 0;
  private lossSum = 0;
  private lastDraw = 0;
  private lastLine = -1;

  constructor(options: ProgressBarOptions) {
    this.o = { firstEpoch: 0, write: (s) => process.stdout.write(s), tty: Boolean(process.stdout.isTTY), width: 24, ...options };
  }

  /** Call after every step. */
  update(r: StepReport): void {
    const now = performance.now();
    if (r.stepInEpoch === 0) {
      this.epochMs = 0;
      this.images = 0;
      this.lossSum = 0;
      this.lastLine = -1;
    }
    this.epochMs += r.ms;
    this.images += r.batchSize;
    this.lossSum += r.loss;
    const done = r.stepInEpoch + 1;
    const last = done === r.stepsPerEpoch;
    const secs = this.epochMs / 1000;
    const stepsPerSec = done / Math.max(secs, 1e-9);
    const eta = (r.stepsPerEpoch - done) / stepsPerSec;
    const filled = Math.round((done / r.stepsPerEpoch) * this.o.width);
    const epoch = `epoch ${r.epoch + 1 - this.o.firstEpoch}/${this.o.epochs}`;
    const line =
      `${epoch} [${'#'.repeat(filled)}${'.'.repeat(this.o.width - filled)}] step ${String(done).padStart(String(r.stepsPerEpoch).length)}/${r.stepsPerEpoch}` +
      ` (${r.step} in all)  -ELBO ${(this.lossSum / this.images).toFixed(2)}  ${stepsPerSec.toFixed(2)} steps/s, ${(this.images / Math.max(secs, 1e-9)).toFixed(0)} img/s  ${last ? `${secs.toFixed(1)} s` : `ETA ${clock(eta)}`}`;
    if (this.o.tty) {
      if (last || now - this.lastDraw > 100) {
        this.o.write(`\r${line}\x1b[K${last ? '\n' : ''}`);
        this.lastDraw = now;
      }
    } else {
      const tenth = Math.floor((done * 10) / r.stepsPerEpoch);
      if (tenth !== this.lastLine && (tenth > this.lastLine || last)) {
        this.lastLine = tenth;
        this.o.write(`${line}\n`);
      }
    }
  }
}
