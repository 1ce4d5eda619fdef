// W2 — subsampling with local latents (../shared/bench/README.md), seed 2:
// N = 100000 points in G = 100 groups; global mu, beta, tau, sigma, one
// alpha per group; the data plate subsampled 1000 at a time. AutoNormal,
// TraceELBO, Adam(0.01), 2000 steps (the first --warmup untimed). Quality:
// RMSE of the posterior median of alpha against alpha_true; final loss
// (mean of the last 10% of the steps' losses, each a 1000-point estimate
// scaled to N).
// Usage: pnpm --filter @pyro-ts/bench w2 [--backend wasm] [--steps 2000] [--warmup 100] [--subsample 1000]
import { setRngSeed, tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { HalfNormal, Normal } from '@pyro-ts/distributions';
import { AutoNormal } from '@pyro-ts/autoguide';
import { SVI, TraceELBO } from '@pyro-ts/infer';
import { Adam } from '@pyro-ts/optim';
import { plate, sample } from '@pyro-ts/primitives';
import { Flags, emit, log, sig, setupRun } from './cli.js';
import { makeW2Data, rmse } from './data.js';
import { SviRun, interleave } from './svi-run.js';
import { summarize } from './timing.js';

const flags = new Flags();
const n = flags.num('n', 100000);
const groups = flags.num('groups', 100);
const subsampleSize = flags.num('subsample', 1000);
const steps = flags.num('steps', 2000);
const warmup = Math.min(flags.num('warmup', 100), steps - 1);
const lr = flags.num('lr', 0.01);

/**
 * `mu, beta ~ Normal(0, 10)`, `tau, sigma ~ HalfNormal(1)`;
 * `plate('groups', G)`: `alpha ~ Normal(0, tau)`;
 * `plate('data', N, { subsampleSize })` → idx: `obs ~ Normal(mu + alpha[g[idx]] + beta·x[idx], sigma)`.
 */
function w2Model(g: Tensor, x: Tensor, y: Tensor): void {
  const mu = sample('mu', new Normal(0, 10));
  const beta = sample('beta', new Normal(0, 10));
  const tau = sample('tau', new HalfNormal(1));
  const sigma = sample('sigma', new HalfNormal(1));
  const alpha = plate('groups', groups, () => sample('alpha', new Normal(0, tau)));
  plate('data', n, { subsampleSize }, (idx) => {
    const mean = tf.add(tf.add(mu, tf.gather(alpha, tf.gather(g, idx))), tf.mul(beta, tf.gather(x, idx)));
    sample('obs', new Normal(mean, sigma), { obs: tf.gather(y, idx) });
  });
}

async function main(): Promise<void> {
  const setup = await setupRun(flags);
  setRngSeed(2);
  const data = makeW2Data(n, groups, 2);
  const g = tf.tensor1d(data.g, 'int32');
  const x = tf.tensor1d(Float32Array.from(data.x));
  const y = tf.tensor1d(Float32Array.from(data.y));
  const guide = new AutoNormal(w2Model);
  const svi = new SVI(w2Model, guide, new Adam({ lr }), new TraceELBO());
  const run = new SviRun(svi, [g, x, y]);
  log(`W2 on ${setup.backend}: N=${n} G=${groups} subsample ${subsampleSize}, ${warmup} warm-up + ${steps - warmup} timed steps`);
  interleave([run], warmup, steps - warmup);
  const med = guide.median();
  const alpha = Array.from(med.alpha?.dataSync() ?? []);
  const scalar = (k: string): number => sig(med[k]?.dataSync()[0] as number);
  const result = {
    workload: 'W2',
    ...setup,
    n,
    groups,
    subsample: subsampleSize,
    warmup,
    ...summarize(run.times),
    alpha_rmse: sig(rmse(alpha, data.alphaTrue)),
    final_loss_mean_last_10pct: sig(run.meanLastLosses(Math.max(1, Math.round(steps / 10)))),
    mu_median: scalar('mu'),
    beta_median: scalar('beta'),
    tau_median: scalar('tau'),
    sigma_median: scalar('sigma'),
  };
  tf.dispose(Object.values(med));
  guide.dispose();
  tf.dispose([g, x, y]);
  emit(result);
}

await main();
