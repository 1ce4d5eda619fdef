// WebPPL (npm `webppl` 0.9.15) run in this process, side by side with
// pyro-ts: one `Optimize` run whose `onStep` callback times each WebPPL step
// and, after every block of timed WebPPL steps, runs the same number of
// pyro-ts steps, so that both share the machine's noise.
import { createRequire } from 'node:module';

interface WebpplModule {
  run(code: string, k: (s: unknown, x: unknown) => void, options?: Record<string, unknown>): void;
}
interface WebpplUtil {
  seedRNG(seed: number): void;
}
/** adnn's Tensor (the tensors WebPPL programs compute with). */
export interface AdnnTensor {
  dims: number[];
  data: Float64Array;
  fromFlatArray(xs: ArrayLike<number>): AdnnTensor;
}
type AdnnTensorClass = new (dims: number[]) => AdnnTensor;

const requireHere = createRequire(import.meta.url);
const webpplMain = requireHere.resolve('webppl');
const requireWebppl = createRequire(webpplMain);

/** The installed WebPPL's version. */
export function webpplVersion(): string {
  return (requireWebppl('../package.json') as { version: string }).version;
}

/** An adnn tensor of the given dims holding `values` (row-major), for data passed to a WebPPL program. */
export function adnnTensor(dims: number[], values: ArrayLike<number>): AdnnTensor {
  const Tensor = requireWebppl('adnn/tensor') as AdnnTensorClass;
  return new Tensor(dims).fromFlatArray(Array.from(values));
}

export interface WebpplOptimizeOptions {
  /** WebPPL code defining `var model = function() {...}` (guides inline); it may read `globalThis.__pyroBench.data`. */
  modelCode: string;
  /** A WebPPL expression evaluated after optimizing (e.g. `getParams()`); its value is returned. */
  resultExpr: string;
  /** Adam's learning rate. */
  lr: number;
  /** Untimed steps first (both systems). */
  warmup: number;
  /** Timed steps (both systems). */
  steps: number;
  /** Data the program reads as `globalThis.__pyroBench.data`. */
  data?: Record<string, unknown>;
  /** Seed of WebPPL's random number generator. */
  seed?: number;
  /** pyro-ts contenders: `runBlock(n)` runs (and times) n more steps. They warm up before WebPPL starts. */
  contenders: Array<{ warmup(n: number): void; runBlock(n: number): void }>;
  /** Number of alternations (default 20, i.e. blocks of 5% of the steps). */
  blocks?: number;
}

export interface WebpplOptimizeResult {
  /** WebPPL's timed per-step times in ms. */
  times: number[];
  /** WebPPL's ELBO estimate at every step (history). */
  objectives: number[];
  /** The value of `resultExpr`. */
  result: unknown;
  /** Compile and setup time before the first step, ms. */
  startupMs: number;
}

interface BenchGlobal {
  __pyroBench?: {
    data: Record<string, unknown>;
    start(): void;
    onStep(i: number, objective: number): boolean;
  };
}

/**
 * Runs WebPPL's `Optimize({ model, steps: warmup + steps, optMethod: { adam: { stepSize: lr } },
 * estimator: { ELBO: { samples: 1 } } })`, timing each step from one `onStep`
 * call to the next, and interleaving the contenders' blocks.
 */
export function webpplOptimizeInterleaved(options: WebpplOptimizeOptions): WebpplOptimizeResult {
  const webppl = requireWebppl('./main.js') as WebpplModule;
  const util = requireWebppl('./util.js') as WebpplUtil;
  util.seedRNG(options.seed ?? 0);
  const { warmup, steps } = options;
  const block = Math.max(1, Math.ceil(steps / (options.blocks ?? 20)));
  for (const c of options.contenders) c.warmup(warmup);
  const times: number[] = [];
  const objectives: number[] = [];
  let last = 0;
  let t0 = performance.now();
  let startupMs = 0;
  let done = 0; // timed contender steps so far
  const catchUp = (target: number): void => {
    while (done < target) {
      const n = Math.min(block, target - done);
      for (const c of options.contenders) c.runBlock(n);
      done += n;
    }
  };
  const g = globalThis as BenchGlobal;
  g.__pyroBench = {
    data: options.data ?? {},
    start() {
      last = performance.now();
      startupMs = last - t0;
    },
    onStep(i: number, objective: number) {
      const t = performance.now();
      objectives.push(objective);
      if (i >= warmup) {
        times.push(t - last);
        const timed = i - warmup + 1;
        if (timed % block === 0 || timed === steps) catchUp(timed);
      }
      last = performance.now();
      return false;
    },
  };
  const code = `${options.modelCode}
globalThis.__pyroBench.start();
Optimize({model: model, steps: ${warmup + steps}, optMethod: {adam: {stepSize: ${options.lr}}},
  estimator: {ELBO: {samples: 1}},
  onStep: function(i, objective) { return globalThis.__pyroBench.onStep(i, objective); }});
${options.resultExpr};
`;
  let result: unknown;
  let finished = false;
  t0 = performance.now();
  webppl.run(code, (_s, x) => {
    result = x;
    finished = true;
  });
  delete g.__pyroBench;
  if (!finished) throw new Error('WebPPL did not finish synchronously');
  return { times, objectives, result, startupMs };
}
