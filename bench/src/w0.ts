// W0 — per-step overhead (../shared/bench/README.md): z ~ Normal(0, 1),
// x ~ Normal(z, 1) observed at 0.5; AutoNormal, TraceELBO, Adam(0.01);
// 100 warm-up steps, then the median ms per svi.step over 2000 steps, with
// validation on (Pyro's default) and off, side by side with WebPPL running
// the same model (a mean-field Normal guide with a softplus scale, Adam at
// the same lr, the same step counts). Quality: the posterior loc of z
// (exact 0.25; exact posterior sd 0.7071).
// Usage: pnpm --filter @pyro-ts/bench w0 [--backend wasm] [--steps 2000] [--warmup 100] [--no-webppl]
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { Normal } from '@pyro-ts/distributions';
import { AutoNormal } from '@pyro-ts/autoguide';
import { SVI, TraceELBO } from '@pyro-ts/infer';
import { Adam } from '@pyro-ts/optim';
import { ParamStore } from '@pyro-ts/param-store';
import { enableValidation, sample } from '@pyro-ts/primitives';
import { Flags, countKernels, emit, log, readParam, sig, setupRun } from './cli.js';
import { SviRun, interleave } from './svi-run.js';
import { summarize } from './timing.js';
import { webpplOptimizeInterleaved, webpplVersion } from './webppl.js';

const flags = new Flags();
const steps = flags.num('steps', 2000);
const warmup = flags.num('warmup', 100);
const lr = flags.num('lr', 0.01);
const withWebppl = !flags.bool('no-webppl');
const variants = flags.str('variants', 'on,off').split(',');

/** softplus⁻¹(0.1): the unconstrained initial scale of AutoNormal (init_scale 0.1, softplus_positive). */
const INIT_SCALE_U = Math.log(Math.expm1(0.1));

function model(x: tf.Tensor): void {
  const z = sample('z', new Normal(0, 1));
  sample('x', new Normal(z, 1), { obs: x });
}

const webpplModel = `
var model = function() {
  var z = sample(Gaussian({mu: 0, sigma: 1}), {guide: function() {
    var loc = param({name: 'loc', mu: 0, sigma: 0});
    var u = param({name: 'scale_u', mu: ${INIT_SCALE_U}, sigma: 0});
    return Gaussian({mu: loc, sigma: Math.log(Math.exp(u) + 1)});
  }});
  observe(Gaussian({mu: z, sigma: 1}), 0.5);
  return z;
};`;

interface Variant {
  validation: boolean;
  run: SviRun;
  guide: AutoNormal;
  store: ParamStore;
  locs: number[];
}

function makeVariant(validation: boolean, x: tf.Tensor): Variant {
  const store = new ParamStore();
  const guide = new AutoNormal(model, { store });
  const svi = new SVI(model, guide, new Adam({ lr }), new TraceELBO({ paramStore: store }), { paramStore: store });
  const locs: number[] = [];
  const run = new SviRun(svi, [x], {
    validation,
    afterStep: (i) => {
      if (i >= warmup) locs.push(readParam(store, 'AutoNormal.locs.z')[0] as number);
    },
  });
  return { validation, run, guide, store, locs };
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

async function main(): Promise<void> {
  const setup = await setupRun(flags);
  const { backend } = setup;
  setRngSeed(0);
  const x = tf.scalar(0.5);
  const vs = variants.map((v) => makeVariant(v === 'on', x));
  log(`W0 on ${backend}: ${warmup} warm-up + ${steps} timed steps; validation ${variants.join('/')}${withWebppl ? '; WebPPL interleaved' : ''}`);
  let wp: ReturnType<typeof webpplOptimizeInterleaved> | undefined;
  if (withWebppl) {
    wp = webpplOptimizeInterleaved({
      modelCode: webpplModel,
      resultExpr: 'getParams()',
      lr,
      warmup,
      steps,
      seed: 0,
      contenders: vs.map((v) => v.run),
    });
  } else {
    interleave(
      vs.map((v) => v.run),
      warmup,
      steps,
    );
  }
  enableValidation(true);
  const tail = Math.max(1, Math.round(steps / 10));
  const report = (v: Variant): Record<string, unknown> => {
    return {
      ...summarize(v.run.times),
      posterior_loc: sig(v.locs[v.locs.length - 1] as number),
      posterior_loc_mean_last_10pct: sig(mean(v.locs.slice(-tail))),
      posterior_scale: sig(readParam(v.store, 'AutoNormal.scales.z')[0] as number),
      final_loss_mean_last_10pct: sig(v.run.meanLastLosses(tail)),
    };
  };
  const on = vs.find((v) => v.validation);
  const off = vs.find((v) => !v.validation);
  const main = (on ?? off) as Variant;
  const result: Record<string, unknown> = {
    workload: 'W0',
    ...setup,
    warmup,
    validation: main.validation,
    ...report(main),
    exact_loc: 0.25,
    exact_scale: sig(Math.SQRT1_2),
  };
  if (on && off) result.validation_off = report(off);
  if (wp) {
    const params = wp.result as Record<string, { data: ArrayLike<number> }>;
    const s = summarize(wp.times);
    const u = params.scale_u?.data[0] as number;
    result.webppl = {
      version: webpplVersion(),
      ...s,
      posterior_loc: sig(params.loc?.data[0] as number),
      posterior_scale: sig(Math.log1p(Math.exp(u))),
      final_loss_mean_last_10pct: sig(-mean(wp.objectives.slice(-tail))),
      startup_ms: sig(wp.startupMs),
    };
    const mainS = summarize(main.run.times);
    result.ratio_vs_webppl = {
      median: sig(mainS.median_ms / s.median_ms, 3),
      best_chunk_median: sig(mainS.best_chunk_median_ms / s.best_chunk_median_ms, 3),
      mean: sig(mainS.mean_ms / s.mean_ms, 3),
      ...(on && off ? { validation_off_median: sig(summarize(off.run.times).median_ms / s.median_ms, 3) } : {}),
    };
  }
  // kernels one step runs (an extra step after everything above was measured)
  for (const v of vs) {
    enableValidation(v.validation);
    const k = await countKernels(() => v.run.svi.step(x));
    if (v === main) result.kernels_per_step = k;
    else (result.validation_off as Record<string, unknown>).kernels_per_step = k;
  }
  enableValidation(true);
  for (const v of vs) v.guide.dispose();
  x.dispose();
  emit(result);
}

await main();
