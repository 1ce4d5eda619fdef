// The tensor-level workloads that compare backends side by side
// (backend-choice: cpu vs wasm; native-vs-wasm: native vs wasm vs cpu), and
// the loop that times them with rounds alternating the backends' order so
// that a noisy shared machine hurts all of them alike.
import { tf } from '@pyro-ts/tensor';
import type { Tensor, Variable } from '@pyro-ts/tensor';
import { useBackend } from '@pyro-ts/backend';
import { mulberry32 } from './data.js';
import { median } from './timing.js';

export interface BackendWorkload {
  name: string;
  /** timed repetitions of `step` per round on `backend` */
  steps: (backend: string) => number;
  /** ops per step: the step is then timed in batches (timer resolution) and reported per op */
  opsPerStep?: number;
  /** flops per step, to report GFLOP/s */
  flops?: number;
  /** builds the inputs on the active backend; returns one step (giving a number to compare across backends) and a cleanup */
  setup(): { step: () => number; dispose: () => void };
}

/** Deterministic uniform(-scale, scale) inputs, so every backend sees the same numbers. */
export function randomTensor(shape: number[], seed: number, scale = 1): Tensor {
  const r = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = (r() * 2 - 1) * scale;
  return tf.tensor(v, shape);
}

/** Dispatch overhead: one elementwise op on a [10] tensor, created and disposed. */
export function perOpWorkload(steps: BackendWorkload['steps']): BackendWorkload {
  return {
    name: 'per_op_add_[10]',
    steps,
    opsPerStep: 1,
    setup() {
      const a = randomTensor([10], 1);
      return {
        step: () => {
          tf.add(a, a).dispose();
          return 0;
        },
        dispose: () => a.dispose(),
      };
    },
  };
}

/** An n×n float32 matMul. */
export function matmulWorkload(n: number, steps: BackendWorkload['steps']): BackendWorkload {
  return {
    name: `matmul_${n}x${n}`,
    steps,
    flops: 2 * n * n * n,
    setup() {
      const a = randomTensor([n, n], 3);
      const b = randomTensor([n, n], 4);
      return { step: () => tf.tidy(() => tf.matMul(a, b).dataSync()[0] as number), dispose: () => tf.dispose([a, b]) };
    },
  };
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** An SVI step of a small model: 10 latents, ~30 elementwise ops, gradient, SGD update. */
export function smallSviWorkload(steps: BackendWorkload['steps']): BackendWorkload {
  return {
    name: 'small_ops_svi_step_[10]',
    steps,
    setup() {
      const [loc, logScale] = tf.tidy(() => [tf.variable(tf.zeros([10])), tf.variable(tf.zeros([10]))]) as [Variable, Variable];
      const x = randomTensor([10], 1, 2);
      const eps = randomTensor([10], 2);
      const normalLogProb = (v: Tensor, mean: Tensor | number, scale: Tensor): Tensor =>
        tf.sub(tf.sub(tf.mul(-0.5, tf.square(tf.div(tf.sub(v, mean), scale))), tf.log(scale)), HALF_LOG_2PI);
      const loss = (): tf.Scalar =>
        tf.tidy(() => {
          const scale = tf.exp(logScale);
          const z = tf.add(loc, tf.mul(scale, eps));
          const logq = normalLogProb(z, loc, scale); // guide Normal(loc, scale)
          const logp = tf.sub(tf.mul(-0.5, tf.square(z)), HALF_LOG_2PI); // prior Normal(0, 1)
          const logLik = normalLogProb(x, z, tf.softplus(tf.onesLike(z))); // Normal(z, softplus(1))
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
}

/** A VAE-sized MLP 784 -> 400 (softplus) -> 50, batch 128: forward, loss and all gradients. */
export function mlpWorkload(steps: BackendWorkload['steps']): BackendWorkload {
  return {
    name: 'mlp_784_400_50_batch128_fwd_bwd',
    steps,
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
}

export interface BackendComparison {
  /** workload -> backend -> median ms per step */
  medianMs: Record<string, Record<string, number>>;
  /** workload -> whether every backend's last step gave the same number (to 1e-3 relative) */
  agree: Record<string, boolean>;
}

/** Times every workload on every backend, `rounds` times, alternating the backends' order each round. */
export async function compareBackends(workloads: readonly BackendWorkload[], backends: readonly string[], rounds: number): Promise<BackendComparison> {
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
        step(); // warm-up: kernel setup, memory growth
        const n = w.steps(b);
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
  const medianMs: BackendComparison['medianMs'] = {};
  const agree: BackendComparison['agree'] = {};
  for (const w of workloads) {
    medianMs[w.name] = Object.fromEntries(backends.map((b) => [b, median((times[w.name] as Record<string, number[]>)[b] as number[])]));
    const vals = Object.values(last[w.name] as Record<string, number>);
    const ref = vals[0] ?? 0;
    agree[w.name] = vals.every((v) => Math.abs(v - ref) <= 1e-3 * Math.max(1, Math.abs(ref)));
  }
  return { medianMs, agree };
}
