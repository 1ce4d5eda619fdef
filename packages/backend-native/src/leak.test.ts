// 10,000 steps of a small SVI-like loop (variables, variableGrads, assign)
// on the native backend: tfjs's tensor count, the data ids on native and cpu,
// the addon's native tensors, and libtorch's allocators (CPU: live bytes and
// allocations; CUDA, where counted: allocated bytes and blocks) must be
// exactly flat, checked every 2,500 steps.
import './index.js';
import { randn, setRngSeed, tf } from '@pyro-ts/tensor';
import type { KernelBackend, Tensor, Variable } from '@pyro-ts/tensor';
import { useBackend } from '@pyro-ts/backend';
import { nativeMemory } from './index.js';
import { describeNative, seeded } from './test-utils/compare.js';

const STEPS = 10_000;
const CHECK_EVERY = 2_500;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

function snapshot(): Record<string, number> {
  const m = nativeMemory();
  return {
    tensors: tf.memory().numTensors,
    nativeDataIds: (tf.findBackend('native') as KernelBackend).numDataIds(),
    cpuDataIds: (tf.findBackend('cpu') as KernelBackend | null)?.numDataIds() ?? 0,
    nativeTensors: m.handles,
    libtorchCpuBytes: m.cpuBytes,
    libtorchCpuAllocations: m.cpuAllocations,
    // on CUDA (builds with the CUDA headers): the caching allocator's live bytes and blocks
    libtorchCudaBytes: m.cudaBytes ?? 0,
    libtorchCudaAllocations: m.cudaAllocations ?? 0,
  };
}

/** log N(x | loc, scale), elementwise */
function normalLogProb(x: Tensor, loc: Tensor, scale: Tensor): Tensor {
  return tf.sub(tf.sub(tf.mul(-0.5, tf.square(tf.div(tf.sub(x, loc), scale))), tf.log(scale)), HALF_LOG_2PI);
}

describeNative('native memory over a long SVI-like run', () => {
  it(`${STEPS} steps of variables + variableGrads + assign leave tfjs and libtorch memory flat`, async () => {
    await useBackend('native');
    setRngSeed(3);
    // data: 64 points from N(2, 0.5) in 8 groups; model: z_g ~ N(0, 1), x ~ N(W z_g + b, softplus(s))
    const x = tf.tensor(seeded(64, 5).map((u) => 2 + u * 0.5), [8, 8]);
    const groups = [0, 1, 2, 3, 4, 5, 6, 7];
    const vars = tf.tidy(() => ({
      loc: tf.variable(tf.zeros([8, 4]), true, 'loc'),
      logScale: tf.variable(tf.fill([8, 4], -1), true, 'logScale'),
      w: tf.variable(tf.mul(tf.ones([4, 8]), 0.1), true, 'w'),
      b: tf.variable(tf.zeros([8]), true, 'b'),
      s: tf.variable(tf.zeros([1]), true, 's'),
    }));
    const params = Object.values(vars) as Variable[];
    let minibatch = 0;
    const loss = (): tf.Scalar =>
      tf.tidy(() => {
        // subsample 4 of the 8 groups (gather, and UnsortedSegmentSum in the gradient)
        const idx = tf.tensor1d(groups.slice(minibatch % 2 ? 4 : 0).slice(0, 4), 'int32');
        const loc = tf.gather(vars.loc, idx);
        const scale = tf.exp(tf.gather(vars.logScale, idx));
        const z = tf.add(loc, tf.mul(scale, randn([4, 4])));
        const mean = tf.add(tf.matMul(z, vars.w), vars.b);
        const noise = tf.softplus(vars.s);
        const logLik = tf.sum(normalLogProb(tf.gather(x, idx), mean, noise));
        const logPrior = tf.sum(normalLogProb(z, tf.zerosLike(z), tf.onesLike(z)));
        const logQ = tf.sum(normalLogProb(z, loc, scale));
        return tf.neg(tf.sub(tf.add(tf.mul(logLik, 2), logPrior), logQ)) as tf.Scalar;
      });
    const step = (): number =>
      tf.tidy(() => {
        minibatch++;
        const { value, grads } = tf.variableGrads(loss, params);
        for (const v of params) v.assign(tf.sub(v, tf.mul(0.002, grads[v.name] as Tensor)));
        return value.dataSync()[0] as number;
      });

    const early: number[] = [];
    for (let i = 0; i < 200; i++) early.push(step());
    const base = snapshot();
    const late: number[] = [];
    for (let i = 1; i <= STEPS; i++) {
      const l = step();
      if (i > STEPS - 200) late.push(l);
      if (i % CHECK_EVERY === 0) expect({ step: i, ...snapshot() }).toEqual({ step: i, ...base });
    }
    const mean = (a: number[]): number => a.reduce((p, q) => p + q, 0) / a.length;
    // the loop optimizes: the negative ELBO drops
    expect(mean(late)).toBeLessThan(mean(early) - 10);
    const m = nativeMemory();
    console.log(
      `leak test: ${STEPS} steps, ${m.cpuTotalAllocations} libtorch CPU allocations in all; live: ${m.cpuAllocations} allocations, ${m.cpuBytes} bytes, ${m.handles} native tensors; ` +
        `negative ELBO ${mean(early).toFixed(1)} -> ${mean(late).toFixed(1)}`,
    );
    tf.dispose([x, ...params]);
  }, 600_000);
});
