import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { getParamStore, resetRuntime } from '@pyro-ts/primitives';
import { Rng } from './data/rng.js';
import type { Dataset } from './data/dataset.js';
import { decodeCheckpoint } from './checkpoint.js';
import { Trainer } from './trainer.js';
import { VAE } from './vae.js';

/** `count` noisy 8×8 images of three shapes (bars, a square, a cross), pixels in [0, 1]. */
function toyData(count: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const images = new Float32Array(count * 64);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const k = n % 3;
    labels[n] = k;
    for (let r = 0; r < 8; r++) {
      for (let c = 0; c < 8; c++) {
        const on = k === 0 ? c % 3 === 0 : k === 1 ? r > 1 && r < 6 && c > 1 && c < 6 : r === c || r === 7 - c;
        images[n * 64 + r * 8 + c] = Math.min(1, Math.max(0, (on ? 0.9 : 0.05) + 0.1 * rng.normal()));
      }
    }
  }
  return { images, labels, count, rows: 8, cols: 8 };
}

const small = { inputDim: 64, zDim: 4, hiddenDim: 32 };

describe('training the VAE', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('the −ELBO falls over a few epochs of a tiny data set, and the step reports add up', () => {
    setRngSeed(0);
    const data = toyData(60, 1);
    const t = new Trainer(new VAE(small), { batchSize: 16, lr: 1e-2, shuffleSeed: 0 });
    const reports = [];
    for (let i = 0; i < 4 * 4; i++) reports.push(t.step(data));
    expect(reports.map((r) => r.batchSize)).toEqual([16, 16, 16, 12, 16, 16, 16, 12, 16, 16, 16, 12, 16, 16, 16, 12]);
    expect(reports.map((r) => r.stepInEpoch)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
    const ends = reports.filter((r) => r.epochLoss !== undefined);
    expect(ends.length).toBe(4);
    // Pyro's per-epoch figure: the epoch's summed minibatch losses / number of images
    expect(ends[0]!.epochLoss).toBeCloseTo(reports.slice(0, 4).reduce((s, r) => s + r.loss, 0) / 60, 6);
    expect(ends[3]!.epochLoss!).toBeLessThan(0.8 * ends[0]!.epochLoss!);
    expect(t.epoch).toBe(4);
    expect(t.stepCount).toBe(16);
    expect(t.stepLosses.length).toBe(16);
    expect(t.epochs.map((e) => e.epoch)).toEqual([0, 1, 2, 3]);
    t.dispose();
  });

  it('the full-size VAE on 32 real digits: about 784·ln 2 nats per image at first (pixel probabilities near ½), then falling', () => {
    const dir = join(dirname(createRequire(__filename).resolve('mnist/package.json')), 'src', 'digits');
    const images = new Float32Array(32 * 784);
    const labels = new Uint8Array(32);
    for (const d of [0, 1]) {
      const values = (JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data;
      images.set(values.slice(0, 16 * 784), d * 16 * 784);
      labels.fill(d, d * 16, (d + 1) * 16);
    }
    setRngSeed(0);
    const t = new Trainer(new VAE(), { batchSize: 16, shuffleSeed: 0 });
    const digits: Dataset = { images, labels, count: 32, rows: 28, cols: 28 };
    for (let i = 0; i < 6; i++) t.step(digits);
    const l = t.stepLosses;
    expect(l[0]!).toBeGreaterThan(784 * Math.LN2 - 15);
    expect(l[0]!).toBeLessThan(784 * Math.LN2 + 60);
    expect((l[4]! + l[5]!) / 2).toBeLessThan((l[0]! + l[1]!) / 2 - 30);
    t.dispose();
  });

  it('evaluates the test −ELBO per image as the mean of SVI.evaluateLoss over in-order minibatches', () => {
    setRngSeed(4);
    const data = toyData(30, 2);
    const t = new Trainer(new VAE(small), { batchSize: 16 });
    t.trainEpoch(data);
    setRngSeed(9);
    const loss = t.evaluate(data, 7);
    setRngSeed(9);
    let sum = 0;
    for (let i = 0; i < 30; i += 7) {
      const n = Math.min(7, 30 - i);
      const x = tf.tensor2d(data.images.subarray(i * 64, (i + n) * 64), [n, 64]);
      sum += t.svi.evaluateLoss(x);
      x.dispose();
    }
    expect(loss).toBeCloseTo(sum / 30, 4);
    expect(t.epochs[0]!.testLoss).toBe(loss);
    t.dispose();
  });

  it('leaks no tensors across steps, evaluation and latent means once the parameters exist', () => {
    setRngSeed(5);
    const data = toyData(40, 3);
    const t = new Trainer(new VAE(small), { batchSize: 16 });
    t.step(data); // creates the parameters and Adam's state
    expectNoLeaks(() => {
      for (let i = 0; i < 6; i++) t.step(data);
      t.evaluate(data);
      const means = t.latentMeans(data, [0, 5, 7]);
      expect(means.length).toBe(3);
      expect(means[0]!.length).toBe(4);
    });
    t.dispose();
  });

  it('everything it allocated is freed by disposing the trainer and the param store', () => {
    const before = tf.memory().numTensors;
    setRngSeed(6);
    const t = new Trainer(new VAE(small), { batchSize: 16 });
    t.trainEpoch(toyData(20, 4));
    t.dispose();
    resetRuntime();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('saving between epochs and resuming continues exactly as uninterrupted training (parameters, Adam, both generators)', () => {
    const data = toyData(40, 5);
    const run = (epochs: number) => {
      const t = new Trainer(new VAE(small), { batchSize: 16, shuffleSeed: 3 });
      for (let e = 0; e < epochs; e++) {
        t.trainEpoch(data);
        t.evaluate(data);
      }
      return t;
    };
    setRngSeed(7);
    const straight = run(3);
    const params = new Map(getParamStore().namedParameters().map(([n, v]) => [n, Array.from(v.dataSync())]));
    const losses = [...straight.stepLosses];
    straight.dispose();
    resetRuntime();

    setRngSeed(7);
    const first = run(2);
    const bytes = first.save({ note: 'test' });
    const probe = tf.tensor2d(data.images.subarray(0, 3 * 64), [3, 64]);
    const decodedBefore = tf.tidy(() => Array.from(first.vae.reconstruct(probe, { useMean: true }).dataSync()));
    first.dispose();
    resetRuntime();
    setRngSeed(123); // a fresh process: different weights and draws until the checkpoint is loaded
    const resumed = new Trainer(new VAE(small), { batchSize: 16, shuffleSeed: 999 });
    const meta = resumed.load(bytes);
    expect([meta.epoch, meta.step, meta.extra.note]).toEqual([2, 6, 'test']);
    // the networks compute with the loaded weights at once, before any step
    expect(tf.tidy(() => Array.from(resumed.vae.reconstruct(probe, { useMean: true }).dataSync()))).toEqual(decodedBefore);
    probe.dispose();
    resumed.trainEpoch(data);
    resumed.evaluate(data);
    expect(resumed.stepLosses).toEqual(losses);
    for (const [n, v] of getParamStore().namedParameters()) expect(Array.from(v.dataSync())).toEqual(params.get(n));
    expect(resumed.epochs.map((e) => e.epoch)).toEqual([0, 1, 2]);
    // the file's blocks: metadata, params, Adam
    const { meta: m2, params: p, optim } = decodeCheckpoint(resumed.save());
    expect(m2.epoch).toBe(3);
    expect(p.length).toBeGreaterThan(4 * (64 * 32 + 32 * 4 * 2 + 32 * 4 + 32 * 64));
    expect(optim.length).toBeGreaterThan(2 * 4 * 64 * 32);
    resumed.dispose();
    // mid-epoch saves are refused; a checkpoint of another size is refused
    const t = new Trainer(new VAE(small), { batchSize: 16 });
    t.step(data);
    expect(() => t.save()).toThrow(/middle of an epoch/);
    t.dispose();
    resetRuntime();
    expect(() => new Trainer(new VAE({ ...small, zDim: 5 })).load(bytes)).toThrow(/saved for z 4, hidden 32; this VAE has z 5, hidden 32/);
    expect(() => new Trainer(new VAE(small)).load(new Uint8Array(10))).toThrow(/not a VAE checkpoint/);
  });
});
