// W1 — Bayesian linear regression (../shared/bench/README.md), seed 1,
// N = 1000, D = 10; AutoNormal, TraceELBO, Adam(0.01), 3000 steps (the
// first --warmup of them untimed), side by side with WebPPL running the same
// model and guide (w1-model.ts) for the same steps. Quality: RMSE of the
// posterior median of `weight` against w_true (OLS reaches 0.0131) and the
// final loss (mean of the last 10% of the steps' losses).
// Usage: pnpm --filter @pyro-ts/bench w1 [--backend wasm] [--steps 3000] [--warmup 100] [--no-webppl]
import { setRngSeed, tf } from '@pyro-ts/tensor';
import { AutoNormal } from '@pyro-ts/autoguide';
import { SVI, TraceELBO } from '@pyro-ts/infer';
import { Adam } from '@pyro-ts/optim';
import { Flags, countKernels, emit, log, sig, setupRun } from './cli.js';
import { makeW1Data, rmse } from './data.js';
import { SviRun, interleave } from './svi-run.js';
import { summarize } from './timing.js';
import { w1Model, w1Tensors, w1WebpplModel } from './w1-model.js';
import { adnnTensor, webpplOptimizeInterleaved, webpplVersion } from './webppl.js';

const flags = new Flags();
const n = flags.num('n', 1000);
const d = flags.num('d', 10);
const steps = flags.num('steps', 3000);
const warmup = Math.min(flags.num('warmup', 100), steps - 1);
const lr = flags.num('lr', 0.01);
const withWebppl = !flags.bool('no-webppl');

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

async function main(): Promise<void> {
  const setup = await setupRun(flags);
  const { backend } = setup;
  setRngSeed(1);
  const data = makeW1Data(n, d, 1);
  const { X, y } = w1Tensors(data);
  const guide = new AutoNormal(w1Model);
  const svi = new SVI(w1Model, guide, new Adam({ lr }), new TraceELBO());
  const run = new SviRun(svi, [X, y]);
  const timed = steps - warmup;
  log(`W1 on ${backend}: N=${n} D=${d}, ${warmup} warm-up + ${timed} timed steps${withWebppl ? '; WebPPL interleaved' : ''}`);
  let wp: ReturnType<typeof webpplOptimizeInterleaved> | undefined;
  if (withWebppl) {
    wp = webpplOptimizeInterleaved({
      modelCode: w1WebpplModel(d),
      resultExpr: 'getParams()',
      lr,
      warmup,
      steps: timed,
      seed: 1,
      data: { X: adnnTensor([n, d], data.X), y: adnnTensor([n, 1], data.y), ones: adnnTensor([n, 1], new Float64Array(n).fill(1)) },
      contenders: [run],
    });
  } else interleave([run], warmup, timed);
  const tail = Math.max(1, Math.round(steps / 10));
  const med = guide.median();
  const weight = Array.from(med.weight?.dataSync() ?? []);
  const sigma = med.sigma?.dataSync()[0] as number;
  const bias = med.bias?.dataSync()[0] as number;
  tf.dispose(Object.values(med));
  const s = summarize(run.times);
  const result: Record<string, unknown> = {
    workload: 'W1',
    ...setup,
    n,
    d,
    warmup,
    ...s,
    weight_rmse: sig(rmse(weight, data.wTrue)),
    ols_weight_rmse: 0.0131,
    final_loss_mean_last_10pct: sig(run.meanLastLosses(tail)),
    bias_median: sig(bias),
    sigma_median: sig(sigma),
  };
  if (wp) {
    const p = wp.result as Record<string, { data: ArrayLike<number> }>;
    const ws = summarize(wp.times);
    result.webppl = {
      version: webpplVersion(),
      ...ws,
      weight_rmse: sig(rmse(Array.from(p.w_loc?.data ?? []), data.wTrue)),
      final_loss_mean_last_10pct: sig(-mean(wp.objectives.slice(-tail))),
      bias_median: sig(p.b_loc?.data[0] as number),
      sigma_median: sig(Math.exp(p.s_loc?.data[0] as number)),
      startup_ms: sig(wp.startupMs),
    };
    result.ratio_vs_webppl = {
      median: sig(s.median_ms / ws.median_ms, 3),
      best_chunk_median: sig(s.best_chunk_median_ms / ws.best_chunk_median_ms, 3),
      mean: sig(s.mean_ms / ws.mean_ms, 3),
    };
  }
  // kernels one step runs (an extra step after everything above was measured)
  result.kernels_per_step = await countKernels(() => svi.step(X, y));
  guide.dispose();
  tf.dispose([X, y]);
  emit(result);
}

await main();
