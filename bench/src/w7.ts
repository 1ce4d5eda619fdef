// W7 — importance sampling (../shared/bench/README.md) on the W1 model and
// data: (a) `Importance(model, no guide, 1000 samples)` (proposals from the
// prior), (b) the same with the trained W1 AutoNormal guide as proposal
// (trained here first: --train-steps, default W1's 3000). Reports seconds,
// the log-evidence estimate and the effective sample size of each.
// Usage: pnpm --filter @pyro-ts/bench w7 [--backend wasm] [--samples 1000] [--train-steps 3000]
import { setRngSeed, tf } from '@pyro-ts/tensor';
import { AutoNormal } from '@pyro-ts/autoguide';
import { Importance, SVI, TraceELBO } from '@pyro-ts/infer';
import type { Guide } from '@pyro-ts/infer';
import { Adam } from '@pyro-ts/optim';
import { Flags, emit, log, sig, setupRun } from './cli.js';
import { makeW1Data } from './data.js';
import { w1Model, w1Tensors } from './w1-model.js';

const flags = new Flags();
const numSamples = flags.num('samples', 1000);
const trainSteps = flags.num('train-steps', 3000);
const lr = flags.num('lr', 0.01);

type Args = [tf.Tensor, tf.Tensor];

function importance(args: Args, guide?: Guide<Args>): Record<string, number> {
  const t0 = performance.now();
  const is = new Importance<Args>(w1Model, { numSamples, ...(guide ? { guide } : {}) });
  is.run(...args);
  const seconds = (performance.now() - t0) / 1000;
  const out = { seconds: sig(seconds), log_evidence: sig(is.getLogNormalizer(), 6), ess: sig(is.getESS()) };
  is.dispose();
  return out;
}

async function main(): Promise<void> {
  const setup = await setupRun(flags);
  setRngSeed(7);
  const data = makeW1Data(1000, 10, 1);
  const { X, y } = w1Tensors(data);
  const args: Args = [X, y];
  log(`W7 on ${setup.backend}: ${numSamples} samples; (a) prior proposals`);
  const prior = importance(args);
  log(`(a) ${JSON.stringify(prior)}; training the W1 guide for ${trainSteps} steps`);
  const guide = new AutoNormal(w1Model);
  const svi = new SVI(w1Model, guide, new Adam({ lr }), new TraceELBO());
  const t0 = performance.now();
  let loss = NaN;
  for (let i = 0; i < trainSteps; i++) loss = svi.step(...args);
  const trainSeconds = (performance.now() - t0) / 1000;
  log(`trained in ${trainSeconds.toFixed(1)} s (last loss ${loss.toFixed(1)}); (b) guide proposals`);
  const guided = importance(args, guide as unknown as Guide<Args>);
  guide.dispose();
  tf.dispose([X, y]);
  emit({ workload: 'W7', ...setup, samples: numSamples, prior, guide: guided, guide_train_steps: trainSteps, guide_train_seconds: sig(trainSeconds) });
}

await main();
