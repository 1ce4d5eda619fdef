// cpu versus wasm on the work pyro-ts does, measured side by side in one run
// (rounds alternate the backends so that a noisy shared machine hurts both
// alike). Prints progress on stderr and ONE JSON line on stdout:
//   {"bench":"backend-choice", ..., "workloads": {"<name>": {"cpu_ms", "wasm_ms", "cpu_over_wasm"}}}
// Usage: pnpm --filter @pyro-ts/bench backend-choice [--rounds 5] [--quick]
import { tf } from '@pyro-ts/tensor';
import type { Tensor, Variable } from '@pyro-ts/tensor';
import { currentBackend, useBackend, wasmVariant } from '@pyro-ts/backend';

interface Workload {
  name: string;
  /** steps timed per round (per backend) */
  steps: number;
  /** builds the inputs on the active backend and returns one step plus a cleanup */
  setup(): { step: () => number; dispose: () => void };
}

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const quick = process.argv.includes('--quick');
const rounds = arg('rounds', quick ? 2 : 5);

// Deterministic inputs (mulberry32) so both backends see the same numbers.
function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function randomTensor(shape: number[], seed: number, scale = 1): Tensor {
  const r = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = (r() * 2 - 1) * scale;
  return tf.tensor(v, shape);
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** (a) An SVI step of a small model: 10 latents, ~30 elementwise ops, gradient, SGD update. */
const smallSvi: Workload = {
  name: 'small_ops_svi_step_[10]',
  steps: quick ? 100 : 400,
  setup() {
    const [loc, logScale] = tf.tidy(() => [tf.variable(tf.zeros([10])), tf.variable(tf.zeros([10]))]) as [Variable, Variable];
    const x = randomTensor([10], 1, 2);
    const eps = randomTensor([10], 2);
    const loss = (): tf.Scalar =>
      tf.tidy(() => {
        const scale = tf.exp(logScale);
        const z = tf.add(loc, tf.mul(scale, eps));
        // log q(z) = Normal(loc, scale).log_prob(z)
        const logq = tf.sub(tf.sub(tf.mul(-0.5, tf.square(tf.div(tf.sub(z, loc), scale))), tf.log(scale)), HALF_LOG_2PI);
        // log p(z) = Normal(0, 1).log_prob(z)
        const logp = tf.sub(tf.mul(-0.5, tf.square(z)), HALF_LOG_2PI);
        // log p(x | z) = Normal(z, softplus(1)).log_prob(x)
        const s = tf.softplus(tf.onesLike(z));
        const logLik = tf.sub(tf.sub(tf.mul(-0.5, tf.square(tf.div(tf.sub(x, z), s))), tf.log(s)), HALF_LOG_2PI);
        const elbo = tf.sum(tf.sub(tf.add(logp, logLik), logq));
        return tf.neg(elbo) as tf.Scalar;
      });
    const step = (): number =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(loss, [loc, logScale]);
        loc.assign(tf.sub(loc, tf.mul(0.01, grads[loc.name] as Tensor)));
        logScale.assign(tf.sub(logScale, tf.mul(0.01, grads[logScale.name] as Tensor)));
        return value.dataSync()[0] as number;
      });
    return { step, dispose: () => tf.dispose([loc, logScale, x, eps]) };
  },
};

function matmul(n: number, steps: number): Workload {
  return {
    name: `matmul_${n}x${n}`,
    steps,
    setup() {
      const a = randomTensor([n, n], 3);
      const b = randomTensor([n, n], 4);
      const step = (): number => tf.tidy(() => tf.matMul(a, b).dataSync()[0] as number);
      return { step, dispose: () => tf.dispose([a, b]) };
    },
  };
}

/** (c) A VAE-sized MLP 784 -> 400 (softplus) -> 50, batch 128: forward, loss and all gradients. */
const mlp: Workload = {
  name: 'mlp_784_400_50_batch128_fwd_bwd',
  steps: quick ? 5 : 15,
  setup() {
    // tidy frees the initial values; variables survive it
    const vars: Variable[] = tf.tidy(() => [
      tf.variable(randomTensor([784, 400], 5, 0.05)),
      tf.variable(tf.zeros([400])),
      tf.variable(randomTensor([400, 50], 6, 0.05)),
      tf.variable(tf.zeros([50])),
    ]);
    const [w1, b1, w2, b2] = vars as [Variable, Variable, Variable, Variable];
    const x = randomTensor([128, 784], 7);
    const y = randomTensor([128, 50], 8);
    const step = (): number =>
      tf.tidy(() => {
        const { value } = tf.variableGrads(() => {
          const h = tf.softplus(tf.add(tf.matMul(x, w1), b1));
          const out = tf.add(tf.matMul(h, w2), b2);
          return tf.mean(tf.square(tf.sub(out, y))) as tf.Scalar;
        }, vars);
        return value.dataSync()[0] as number;
      });
    return { step, dispose: () => tf.dispose([...vars, x, y]) };
  },
};

const workloads: Workload[] = [smallSvi, matmul(256, quick ? 5 : 20), matmul(1024, quick ? 1 : 3), mlp];
const backends = ['cpu', 'wasm'] as const;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

async function main(): Promise<void> {
  const times: Record<string, Record<string, number[]>> = {};
  const checks: Record<string, Record<string, number>> = {};
  for (const w of workloads) {
    times[w.name] = { cpu: [], wasm: [] };
    checks[w.name] = {};
  }
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? backends : [...backends].reverse();
    for (const b of order) {
      await useBackend(b);
      for (const w of workloads) {
        const { step, dispose } = w.setup();
        step(); // warm-up: kernel setup, memory growth
        let last = 0;
        for (let i = 0; i < w.steps; i++) {
          const t0 = performance.now();
          last = step();
          (times[w.name] as Record<string, number[]>)[b]!.push(performance.now() - t0);
        }
        dispose();
        (checks[w.name] as Record<string, number>)[b] = last;
      }
      process.stderr.write(`round ${r + 1}/${rounds} ${currentBackend()} done; tensors alive ${tf.memory().numTensors}\n`);
    }
  }
  const out: Record<string, { cpu_ms: number; wasm_ms: number; cpu_over_wasm: number; agree: boolean }> = {};
  for (const w of workloads) {
    const t = times[w.name] as Record<string, number[]>;
    const c = checks[w.name] as Record<string, number>;
    const cpuMs = median(t.cpu as number[]);
    const wasmMs = median(t.wasm as number[]);
    const agree = Math.abs((c.cpu as number) - (c.wasm as number)) <= 1e-3 * Math.max(1, Math.abs(c.cpu as number));
    out[w.name] = { cpu_ms: round(cpuMs), wasm_ms: round(wasmMs), cpu_over_wasm: round(cpuMs / wasmMs), agree };
    process.stderr.write(`${w.name}: cpu ${cpuMs.toFixed(3)} ms, wasm ${wasmMs.toFixed(3)} ms, cpu/wasm ${(cpuMs / wasmMs).toFixed(2)}\n`);
  }
  const line = {
    bench: 'backend-choice',
    node: process.version,
    wasm_variant: await wasmVariant(),
    rounds,
    steps_per_round: Object.fromEntries(workloads.map((w) => [w.name, w.steps])),
    workloads: out,
  };
  process.stdout.write(JSON.stringify(line) + '\n');
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
