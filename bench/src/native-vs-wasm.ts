// The native backend (libtorch through N-API) against wasm and cpu, side by
// side in one run: per-op overhead on tiny tensors, matMul throughput
// (GFLOP/s), a small SVI step and a VAE-sized MLP forward + backward.
// Rounds alternate the backends' order. Prints progress on stderr and ONE
// JSON line on stdout:
//   {"bench":"native-vs-wasm", ..., "workloads": {"<name>": {"native_ms", "wasm_ms", "cpu_ms", ...}}}
// Usage: pnpm --filter @pyro-ts/bench native-vs-wasm [--rounds 3] [--quick]
import '@pyro-ts/backend-native';
import { checkBackends, wasmVariant } from '@pyro-ts/backend';
import { nativeInfo } from '@pyro-ts/backend-native';
import { Flags, sig } from './cli.js';
import { compareBackends, matmulWorkload, mlpWorkload, perOpWorkload, smallSviWorkload } from './backend-workloads.js';

const flags = new Flags();
const quick = flags.bool('quick');
const rounds = flags.num('rounds', quick ? 1 : 3);

const workloads = [
  perOpWorkload(() => (quick ? 2000 : 20000)),
  matmulWorkload(256, (b) => (b === 'cpu' ? 3 : quick ? 3 : 50)),
  matmulWorkload(1024, (b) => (b === 'cpu' ? 1 : quick ? 3 : 10)),
  smallSviWorkload(() => (quick ? 100 : 500)),
  mlpWorkload((b) => (b === 'cpu' ? 2 : quick ? 3 : 15)),
];

async function main(): Promise<void> {
  const status = await checkBackends();
  const backends = ['native', 'wasm', 'cpu'].filter((b) => {
    const s = status.find((x) => x.name === b);
    if (!s?.available) process.stderr.write(`skipping ${b}: ${s?.reason ?? 'not registered'}\n`);
    return s?.available === true;
  });
  const info = backends.includes('native') ? nativeInfo() : undefined;
  const { medianMs, agree } = await compareBackends(workloads, backends, rounds);
  const out: Record<string, Record<string, number | boolean>> = {};
  for (const w of workloads) {
    const row: Record<string, number | boolean> = {};
    const parts: string[] = [];
    for (const b of backends) {
      const ms = (medianMs[w.name] as Record<string, number>)[b] as number;
      row[`${b}_ms`] = sig(ms);
      if (w.opsPerStep !== undefined) row[`${b}_us_per_op`] = sig((ms * 1000) / w.opsPerStep);
      if (w.flops !== undefined) row[`${b}_gflops`] = sig(w.flops / (ms * 1e6));
      parts.push(`${b} ${w.flops !== undefined ? `${(w.flops / (ms * 1e6)).toFixed(1)} GFLOP/s` : w.opsPerStep !== undefined ? `${(ms * 1000).toFixed(2)} us/op` : `${ms.toFixed(3)} ms`}`);
    }
    row.agree = agree[w.name] as boolean;
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
