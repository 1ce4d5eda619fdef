// cpu versus wasm on the work pyro-ts does, measured side by side in one run
// (rounds alternate the backends so that a noisy shared machine hurts both
// alike). Prints progress on stderr and ONE JSON line on stdout:
//   {"bench":"backend-choice", ..., "workloads": {"<name>": {"cpu_ms", "wasm_ms", "cpu_over_wasm"}}}
// Usage: pnpm --filter @pyro-ts/bench backend-choice [--rounds 5] [--quick]
import { wasmVariant } from '@pyro-ts/backend';
import { Flags, sig } from './cli.js';
import { compareBackends, matmulWorkload, mlpWorkload, smallSviWorkload } from './backend-workloads.js';

const flags = new Flags();
const quick = flags.bool('quick');
const rounds = flags.num('rounds', quick ? 2 : 5);

const workloads = [
  smallSviWorkload(() => (quick ? 100 : 400)),
  matmulWorkload(256, () => (quick ? 5 : 20)),
  matmulWorkload(1024, () => (quick ? 1 : 3)),
  mlpWorkload(() => (quick ? 5 : 15)),
];

async function main(): Promise<void> {
  const { medianMs, agree } = await compareBackends(workloads, ['cpu', 'wasm'], rounds);
  const out: Record<string, { cpu_ms: number; wasm_ms: number; cpu_over_wasm: number; agree: boolean }> = {};
  for (const w of workloads) {
    const { cpu, wasm } = medianMs[w.name] as { cpu: number; wasm: number };
    out[w.name] = { cpu_ms: sig(cpu), wasm_ms: sig(wasm), cpu_over_wasm: sig(cpu / wasm), agree: agree[w.name] as boolean };
    process.stderr.write(`${w.name}: cpu ${cpu.toFixed(3)} ms, wasm ${wasm.toFixed(3)} ms, cpu/wasm ${(cpu / wasm).toFixed(2)}\n`);
  }
  const line = {
    bench: 'backend-choice',
    node: process.version,
    wasm_variant: await wasmVariant(),
    rounds,
    steps_per_round: Object.fromEntries(workloads.map((w) => [w.name, w.steps('cpu')])),
    workloads: out,
  };
  process.stdout.write(JSON.stringify(line) + '\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
