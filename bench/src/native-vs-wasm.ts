// The native backend (libtorch through N-API) against wasm and cpu, side by
// side in one run: per-op overhead on tiny tensors, matMul throughput
// (GFLOP/s), a small SVI step and a VAE-sized MLP forward + backward.
// Rounds alternate the backends' order. Prints progress on stderr and ONE
// JSON line on stdout:
//   {"bench":"native-vs-wasm", ..., "workloads": {"<name>": {"native": ms, "wasm": ms, "cpu": ms, ...}}}
// Usage: pnpm --filter @pyro-ts/bench native-vs-wasm [--rounds 3] [--quick]
import '@pyro-ts/backend-native';
import { tf } from '@pyro-ts/tensor';
import type { Tensor, Variable } from '@pyro-ts/tensor';
import { checkBackends, useBackend, wasmVariant } from '@pyro-ts/backend';
import { nativeInfo } from '@pyro-ts/backend-native';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const quick = process.argv.includes('--quick');
const rounds = arg('rounds', quick ? 1 : 3);

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
  const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < v.length; i++) v[i] = (r() * 2 - 1) * scale;
  return tf.tensor(v, shape);
}

interface Workload {
  name: string;
  /** timed repetitions of `step` per round (per backend); a function of the backend for very slow ones */
  steps: (backend: string) => number;
  /** ops per step, to report microseconds per op */
  opsPerStep?: number;
  /** flops per step, to report GFLOP/s */
  flops?: number;
  setup(): { step: () => number; dispose: () => void };
}

/** (a) dispatch overhead: one elementwise op on a [10] tensor, created and disposed. */
const perOp: Workload = {
  name: 'per_op_add_[10]',
  steps: () => (quick ? 2000 : 20000),
  opsPerStep: 1,
  setup() {
    const a = randomTensor([10], 1);
    return {
      step: () => {
        const c = tf.add(a, a);
        c.dispose();
        return 0;
      },
      dispose: () => a.dispose(),
    };
  },
};

function matmul(n: number): Workload {
  return {
    name: `matmul_${n}x${n}`,
    steps: (b) => (b === 'cpu' ? (n >= 1024 ? 1 : 3) : quick ? 3 : n >= 1024 ? 10 : 50),
    flops: 2 * n * n * n,
    setup() {
      const a = randomTensor([n, n], 3);
      const b = randomTensor([n, n], 4);
      return { step: () => tf.tidy(() => tf.matMul(a, b).dataSync()[0] as number), dispose: () => tf.dispose([a, b]) };
    },
  };
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** (b) an SVI step of a 10-latent model: ~30 elementwise ops on [10], variableGrads, update (as backend-choice). */
const smallSvi: Workload = {
  name: 'small_ops_svi_step_[10]',
  steps: () => (quick ? 100 : 500),
  setup() {
    const [loc, logScale] = tf.tidy(() => [tf.variable(tf.zeros([10])), tf.variable(tf.zeros([10]))]) as [Variable, Variable];
    const x = randomTensor([10], 1, 2);
    const eps = randomTensor([10], 2);
    const loss = (): tf.Scalar =>
      tf.tidy(() => {
        const scale = tf.exp(logScale);
        const z = tf.add(loc, tf.mul(scale, eps));
        const logq = tf.sub(tf.sub(tf.mul(-0.5, tf.square(tf.div(tf.sub(z, loc), scale))), tf.log(scale)), HALF_LOG_2PI);
        const logp = tf.sub(tf.mul(-0.5, tf.square(z)), HALF_LOG_2PI);
        const s = tf.softplus(tf.onesLike(z));
        const logLik = tf.sub(tf.sub(tf.mul(-0.5, tf.square(tf.div(tf.sub(x, z), s))), tf.log(s)), HALF_LOG_2PI);
        return tf.neg(tf.sum(tf.sub(tf.add(logp, logLik), logq))) as tf.Scalar;
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

/** (c) a VAE-sized MLP 784 -> 400 (softplus) -> 50, batch 128: forward, loss and all gradients. */
const mlp: Workload = {
  name: 'mlp_784_400_50_batch128_fwd_bwd',
  steps: (b) => (b === 'cpu' ? 2 : quick ? 3 : 15),
  setup() {
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

const workloads: Workload[] = [perOp, matmul(256), matmul(1024), smallSvi, mlp];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}

async function main(): Promise<void> {
  const status = await checkBackends();
  const backends = ['native', 'wasm', 'cpu'].filter((b) => {
    const s = status.find((x) => x.name === b);
    if (!s?.available) process.stderr.write(`skipping ${b}: ${s?.reason ?? 'not registered'}\n`);
    return s?.available === true;
  });
  const info = backends.includes('native') ? nativeInfo() : undefined;
  // per workload and backend: ms per step, one entry per timed batch of steps
  const times: Record<string, Record<string, number[]>> = {};
  const last: Record<string, Record<string, number>> = {};
  for (const w of workloads) {
    times[w.name] = Object.fromEntries(backends.map((b) => [b, [] as number[]]));
    last[w.name] = {};
  }
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? backends : [...backends].reverse();
    for (const b of order) {
      await useBackend(b);
      for (const w of workloads) {
        const { step, dispose } = w.setup();
        step(); // warm-up
        const n = w.steps(b);
        // tiny steps are timed as a batch (timer resolution); big ones one by one
        const batch = w.opsPerStep !== undefined ? n : 1;
        let v = 0;
        for (let i = 0; i < n; i += batch) {
          const t0 = performance.now();
          for (let j = 0; j < batch; j++) v = step();
          (times[w.name] as Record<string, number[]>)[b]!.push((performance.now() - t0) / batch);
        }
        (last[w.name] as Record<string, number>)[b] = v;
        dispose();
      }
      process.stderr.write(`round ${r + 1}/${rounds} ${b} done; tensors alive ${tf.memory().numTensors}\n`);
    }
  }
  const out: Record<string, Record<string, number | boolean>> = {};
  for (const w of workloads) {
    const row: Record<string, number | boolean> = {};
    const parts: string[] = [];
    for (const b of backends) {
      const ms = median((times[w.name] as Record<string, number[]>)[b] as number[]);
      row[`${b}_ms`] = round(ms);
      if (w.opsPerStep !== undefined) row[`${b}_us_per_op`] = round((ms * 1000) / w.opsPerStep);
      if (w.flops !== undefined) row[`${b}_gflops`] = round(w.flops / (ms * 1e6));
      parts.push(`${b} ${w.flops !== undefined ? `${(w.flops / (ms * 1e6)).toFixed(1)} GFLOP/s` : w.opsPerStep !== undefined ? `${(ms * 1000).toFixed(2)} us/op` : `${ms.toFixed(3)} ms`}`);
    }
    const vals = Object.values(last[w.name] as Record<string, number>);
    const ref = vals[0] ?? 0;
    row.agree = vals.every((v) => Math.abs(v - ref) <= 1e-3 * Math.max(1, Math.abs(ref)));
    out[w.name] = row;
    process.stderr.write(`${w.name}: ${parts.join(', ')}\n`);
  }
  const line = {
    bench: 'native-vs-wasm',
    node: process.version,
    libtorch: info?.torchVersion,
    native_device: info?.device,
    native_threads: info?.numThreads,
    wasm_variant: await wasmVariant(),
    rounds,
    workloads: out,
  };
  process.stdout.write(JSON.stringify(line) + '\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
