// W3 — the VAE of Pyro's examples/vae (../shared/bench/README.md) on
// Fashion-MNIST (IDX files, default /usr/share/datasets/fashion-mnist from
// Debian's dataset-fashion-mnist), pixels in [0, 1]. Encoder 784 → 400
// (softplus) → z_loc, z_scale = exp(·) (50-dim); decoder 50 → 400 (softplus)
// → 784 (sigmoid); Bernoulli likelihood without validation, toEvent(1),
// plate over the batch; TraceELBO, Adam(1e-3), batch 256, the training set
// shuffled each epoch (235 steps). Reports seconds per epoch, ms per step,
// and the test loss (−ELBO per example over the 10k test set, 1 particle)
// after epochs 1 and 5 (after every epoch in `epochs`).
// (apps/vae has Pyro's VAE too, but the app exports no module; this is the
// same architecture written with bench's Linear layers.)
// Usage: pnpm --filter @pyro-ts/bench w3 [--backend wasm] [--epochs 5] [--batch 256] [--data-dir DIR] [--max-steps N]
import { setRngSeed, tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Bernoulli, Normal } from '@pyro-ts/distributions';
import { SVI, TraceELBO } from '@pyro-ts/infer';
import { Adam } from '@pyro-ts/optim';
import { module, plate, sample } from '@pyro-ts/primitives';
import { Flags, emit, log, sig, setupRun } from './cli.js';
import { mulberry32 } from './data.js';
import { loadMnistSplit } from './idx.js';
import { linear, makeLinear, type Linear } from './linear.js';
import { summarize } from './timing.js';

const flags = new Flags();
const dataDir = flags.str('data-dir', '/usr/share/datasets/fashion-mnist');
const epochs = flags.num('epochs', 5);
const batch = flags.num('batch', 256);
const lr = flags.num('lr', 1e-3);
const evalBatch = flags.num('eval-batch', 1000);
/** Stop each epoch after this many steps (for quick runs; the test loss then follows a partial epoch). */
const maxSteps = flags.num('max-steps', Infinity);
const zDim = 50;
const hidden = 400;

interface Encoder {
  [name: string]: Linear;
  fc1: Linear;
  fc21: Linear;
  fc22: Linear;
}
interface Decoder {
  [name: string]: Linear;
  fc1: Linear;
  fc21: Linear;
}
let encoder: Encoder;
let decoder: Decoder;

function model(x: Tensor): void {
  const dec = module('decoder', decoder) as Decoder;
  const n = x.shape[0] as number;
  plate('data', n, () => {
    const z = sample('latent', new Normal(0, 1).expand([n, zDim]).toEvent(1));
    const probs = tf.sigmoid(linear(dec.fc21, tf.softplus(linear(dec.fc1, z))));
    // as Pyro's example: no validation (the pixel intensities are not binary)
    sample('obs', new Bernoulli({ probs, validateArgs: false }).toEvent(1), { obs: x });
  });
}

function guide(x: Tensor): void {
  const enc = module('encoder', encoder) as Encoder;
  const n = x.shape[0] as number;
  plate('data', n, () => {
    const h = tf.softplus(linear(enc.fc1, x));
    sample('latent', new Normal(linear(enc.fc21, h), tf.exp(linear(enc.fc22, h))).toEvent(1));
  });
}

/** Rows `idx[from..to)` of `images` as a [n, 784] tensor. */
function batchTensor(images: Float32Array, idx: ArrayLike<number>, from: number, to: number): Tensor {
  const out = new Float32Array((to - from) * 784);
  for (let i = from; i < to; i++) out.set(images.subarray((idx[i] as number) * 784, ((idx[i] as number) + 1) * 784), (i - from) * 784);
  return tf.tensor2d(out, [to - from, 784]);
}

/** Fisher–Yates with mulberry32. */
function shuffle(n: number, rand: () => number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = p[i] as number;
    p[i] = p[j] as number;
    p[j] = t;
  }
  return p;
}

async function main(): Promise<void> {
  const setup = await setupRun(flags);
  setRngSeed(3);
  encoder = { fc1: makeLinear(784, hidden, 31), fc21: makeLinear(hidden, zDim, 32), fc22: makeLinear(hidden, zDim, 33) };
  decoder = { fc1: makeLinear(zDim, hidden, 34), fc21: makeLinear(hidden, 784, 35) };
  const train = loadMnistSplit(dataDir, 'train');
  const test = loadMnistSplit(dataDir, 't10k');
  const svi = new SVI(model, guide, new Adam({ lr }), new TraceELBO());
  const rand = mulberry32(3);
  const stepsPerEpoch = Math.ceil(train.count / batch);
  log(`W3 on ${setup.backend}: ${train.count} train / ${test.count} test images from ${dataDir}; ${epochs} epochs of ${stepsPerEpoch} steps (batch ${batch})`);
  const stepTimes: number[] = [];
  const epochRows: Array<Record<string, number>> = [];
  const identity = Int32Array.from({ length: test.count }, (_, i) => i);
  const testLoss = (): number => {
    let total = 0;
    for (let from = 0; from < test.count; from += evalBatch) {
      const x = batchTensor(test.images, identity, from, Math.min(test.count, from + evalBatch));
      total += svi.evaluateLoss(x);
      x.dispose();
    }
    return total / test.count;
  };
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = shuffle(train.count, rand);
    const t0 = performance.now();
    let trainLoss = 0;
    let seen = 0;
    for (let s = 0; s < stepsPerEpoch && s < maxSteps; s++) {
      const from = s * batch;
      const to = Math.min(train.count, from + batch);
      const x = batchTensor(train.images, order, from, to);
      const t = performance.now();
      trainLoss += svi.step(x);
      stepTimes.push(performance.now() - t);
      seen += to - from;
      x.dispose();
      if (s % 20 === 0) log(`epoch ${epoch} step ${s}/${stepsPerEpoch}: ${(stepTimes[stepTimes.length - 1] as number).toFixed(0)} ms/step, loss/example ${(trainLoss / seen).toFixed(1)}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const tl = testLoss();
    epochRows.push({ epoch, seconds: sig(seconds), train_loss: sig(trainLoss / seen), test_loss: sig(tl) });
    log(`epoch ${epoch}: ${seconds.toFixed(1)} s, train loss ${(trainLoss / seen).toFixed(2)}, test loss ${tl.toFixed(2)}`);
  }
  const first = epochRows[0];
  const fifth = epochRows[4];
  emit({
    workload: 'W3',
    ...setup,
    batch,
    steps_per_epoch: stepsPerEpoch,
    ...summarize(stepTimes),
    seconds_per_epoch: sig(epochRows.reduce((a, r) => a + (r.seconds as number), 0) / epochRows.length),
    test_loss_epoch1: first?.test_loss ?? null,
    test_loss_epoch5: fifth?.test_loss ?? null,
    reference_test_loss: { epoch1: 280.3, epoch5: 256.6 },
    epochs: epochRows,
  });
}

await main();
