// Training the VAE as Pyro's example does: SVI with TraceELBO and Adam,
// minibatches of a shuffled training set (a new order every epoch), and the
// loss reported per example (the epoch's summed minibatch losses divided by
// the number of images). Steps can be taken one at a time (the web page) or
// an epoch at a time (the command line).
import { tf, getRngState, setRngState } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { SVI, TraceELBO } from '@pyro-ts/infer';
import { Adam } from '@pyro-ts/optim';
import type { ParamStore } from '@pyro-ts/param-store';
import { getParamStore } from '@pyro-ts/primitives';
import { epochBatches, gatherImages, pixelsPerImage, range, type Dataset } from './data/dataset.js';
import { Rng } from './data/rng.js';
import { decodeCheckpoint, encodeCheckpoint, type CheckpointMeta } from './checkpoint.js';
import type { VAE } from './vae.js';

export interface TrainerOptions {
  /** Minibatch size (default 256, as Pyro's example). */
  batchSize?: number;
  /** Adam's learning rate (default 1e-3). */
  lr?: number;
  /** Seed of the minibatch order (the library's generator is seeded separately, with setRngSeed). */
  shuffleSeed?: number;
  /** Param store (default: the default store at construction). */
  store?: ParamStore;
}

/** One step's report. */
export interface StepReport {
  /** Steps taken in all, this one included. */
  step: number;
  /** The epoch this step belongs to, from 0. */
  epoch: number;
  /** This step's index within its epoch, from 0. */
  stepInEpoch: number;
  stepsPerEpoch: number;
  /** The minibatch's −ELBO estimate (summed over its images). */
  loss: number;
  /** Images in the minibatch. */
  batchSize: number;
  /** Milliseconds the step took (minibatch, SVI step, loss read back). */
  ms: number;
  /** When this step ended its epoch: the epoch's −ELBO per image (Pyro's `total_epoch_loss_train`). */
  epochLoss?: number;
}

/** One finished epoch. */
export interface EpochRecord {
  epoch: number;
  /** Training −ELBO per image, summed over the epoch's steps as Pyro does. */
  trainLoss: number;
  /** Test −ELBO per image, when evaluated after this epoch. */
  testLoss?: number;
  /** Seconds the epoch's steps took. */
  seconds: number;
}

export class Trainer {
  readonly vae: VAE;
  readonly svi: SVI<[Tensor]>;
  readonly optim: Adam;
  readonly batchSize: number;
  readonly store: ParamStore;
  /** Per-step losses per image (for the curve). */
  readonly stepLosses: number[] = [];
  readonly epochs: EpochRecord[] = [];
  private readonly shuffle: Rng;
  private steps = 0;
  private epochIndex = 0;
  private batches: number[][] | null = null;
  private batchPos = 0;
  private epochLossSum = 0;
  private epochMs = 0;

  constructor(vae: VAE, options: TrainerOptions = {}) {
    this.vae = vae;
    this.batchSize = options.batchSize ?? 256;
    this.store = options.store ?? getParamStore();
    this.optim = new Adam({ lr: options.lr ?? 1e-3 });
    this.svi = new SVI(vae.model, vae.guide, this.optim, new TraceELBO(), { paramStore: this.store });
    this.shuffle = new Rng(options.shuffleSeed ?? 0);
  }

  /** Steps taken so far. */
  get stepCount(): number {
    return this.steps;
  }

  /** Completed epochs (the epoch the next step belongs to). */
  get epoch(): number {
    return this.epochIndex;
  }

  /** Steps in an epoch over `data`. */
  stepsPerEpoch(data: Dataset): number {
    return Math.ceil(data.count / this.batchSize);
  }

  /** One SVI step on the next minibatch of `data` (a new shuffled order at each epoch's start). */
  step(data: Dataset): StepReport {
    if (this.batches === null) {
      this.batches = epochBatches(data.count, this.batchSize, this.shuffle);
      this.batchPos = 0;
      this.epochLossSum = 0;
      this.epochMs = 0;
    }
    const idx = this.batches[this.batchPos] as number[];
    const t0 = performance.now();
    const x = tf.tensor2d(gatherImages(data, idx), [idx.length, pixelsPerImage(data)]);
    let loss: number;
    try {
      loss = this.svi.step(x);
    } finally {
      x.dispose();
    }
    const ms = performance.now() - t0;
    this.epochMs += ms;
    this.steps++;
    this.epochLossSum += loss;
    this.stepLosses.push(loss / idx.length);
    const report: StepReport = { step: this.steps, epoch: this.epochIndex, stepInEpoch: this.batchPos, stepsPerEpoch: this.batches.length, loss, batchSize: idx.length, ms };
    this.batchPos++;
    if (this.batchPos === this.batches.length) {
      report.epochLoss = this.epochLossSum / data.count;
      this.epochs.push({ epoch: this.epochIndex, trainLoss: report.epochLoss, seconds: this.epochMs / 1000 });
      this.epochIndex++;
      this.batches = null;
    }
    return report;
  }

  /** Steps to the end of the current epoch; returns its −ELBO per image. */
  trainEpoch(data: Dataset, onStep?: (r: StepReport) => void): number {
    for (;;) {
      const r = this.step(data);
      onStep?.(r);
      if (r.epochLoss !== undefined) return r.epochLoss;
    }
  }

  /**
   * The −ELBO per image of `data` (Pyro's test loop: `svi.evaluate_loss` on
   * minibatches in order, summed, divided by the number of images): a
   * one-particle estimate per image. Records it on the last epoch.
   */
  evaluate(data: Dataset, batchSize = this.batchSize): number {
    let sum = 0;
    for (const idx of epochBatches(data.count, batchSize)) {
      const x = tf.tensor2d(gatherImages(data, idx), [idx.length, pixelsPerImage(data)]);
      try {
        sum += this.svi.evaluateLoss(x);
      } finally {
        x.dispose();
      }
    }
    const loss = sum / data.count;
    const last = this.epochs[this.epochs.length - 1];
    if (last !== undefined && last.epoch === this.epochIndex - 1) last.testLoss = loss;
    return loss;
  }

  /** Means of q(z | x) for the images at `indices` (default all), as rows of numbers. */
  latentMeans(data: Dataset, indices: readonly number[] = range(data.count)): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < indices.length; i += this.batchSize) {
      const idx = indices.slice(i, i + this.batchSize);
      const flat = tf.tidy(() => {
        const x = tf.tensor2d(gatherImages(data, idx), [idx.length, pixelsPerImage(data)]);
        return this.vae.encode(x)[0].dataSync();
      });
      for (let k = 0; k < idx.length; k++) out.push(Array.from(flat.subarray(k * this.vae.zDim, (k + 1) * this.vae.zDim)));
    }
    return out;
  }

  /**
   * Everything needed to go on later: the parameters (param store bytes),
   * Adam's state, the epoch count, both random generators and the losses.
   * Taken between epochs, resuming continues exactly as if uninterrupted.
   */
  save(extra: Record<string, unknown> = {}): Uint8Array {
    if (this.batches !== null) throw new Error('save: in the middle of an epoch; save between epochs');
    const meta: CheckpointMeta = {
      epoch: this.epochIndex,
      step: this.steps,
      batchSize: this.batchSize,
      zDim: this.vae.zDim,
      hiddenDim: this.vae.hiddenDim,
      shuffleState: this.shuffle.getState(),
      rngState: getRngState(),
      stepLosses: this.stepLosses,
      epochs: this.epochs,
      extra,
    };
    return encodeCheckpoint(meta, this.store.toBytes(), this.optim.save());
  }

  /** Restores `save()`'s bytes (the parameters, Adam's state, counters, generators); returns the saved metadata. */
  load(bytes: Uint8Array): CheckpointMeta {
    const { meta, params, optim } = decodeCheckpoint(bytes);
    if (meta.zDim !== this.vae.zDim || meta.hiddenDim !== this.vae.hiddenDim) {
      throw new Error(`checkpoint: saved for z ${meta.zDim}, hidden ${meta.hiddenDim}; this VAE has z ${this.vae.zDim}, hidden ${this.vae.hiddenDim}`);
    }
    this.store.fromBytes(params);
    this.vae.register(); // the networks take the loaded values now, before any step
    this.optim.load(optim);
    this.steps = meta.step;
    this.epochIndex = meta.epoch;
    this.batches = null;
    this.shuffle.setState(meta.shuffleState);
    setRngState(meta.rngState);
    this.stepLosses.splice(0, this.stepLosses.length, ...meta.stepLosses);
    this.epochs.splice(0, this.epochs.length, ...meta.epochs);
    return meta;
  }

  /** Frees Adam's state (the parameters belong to the param store). */
  dispose(): void {
    this.optim.dispose();
  }
}
