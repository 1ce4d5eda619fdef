// Runs the workloads one after another, each in its own Node process, and
// prints each one's JSON line (JSON lines on stdout; progress on stderr).
// Usage: pnpm --filter @pyro-ts/bench all -- [--backend wasm] [--only w0,w1] [--quick] [other flags passed on]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { log } from './cli.js';

const WORKLOADS = ['w0', 'w1', 'w2', 'w3', 'w5', 'w7'] as const;
/** Small sizes for a smoke run (`--quick`). */
const QUICK: Record<string, string[]> = {
  w0: ['--steps', '200', '--warmup', '20'],
  w1: ['--steps', '300', '--warmup', '20'],
  w2: ['--steps', '60', '--warmup', '10'],
  w3: ['--epochs', '1', '--max-steps', '5', '--eval-batch', '2000'],
  w5: ['--steps', '30', '--warmup', '5', '--eval-particles', '10'],
  w7: ['--samples', '50', '--train-steps', '100'],
};

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2).filter((a) => a !== '--');
let only: string[] = [...WORKLOADS];
let quick = false;
const passOn: string[] = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i] as string;
  if (a === '--only') only = (argv[++i] ?? '').split(',').filter(Boolean);
  else if (a === '--quick') quick = true;
  else passOn.push(a);
}

let failed = 0;
for (const w of only) {
  if (!(WORKLOADS as readonly string[]).includes(w)) throw new Error(`unknown workload '${w}' (one of ${WORKLOADS.join(', ')})`);
  const args = ['--import', 'tsx', '--conditions=source', join(here, `${w}.ts`), ...(quick ? (QUICK[w] as string[]) : []), ...passOn];
  log(`--- ${w}: node ${args.slice(3).join(' ')}`);
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 26 });
  const lines = (r.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{'));
  const last = lines[lines.length - 1];
  if (r.status !== 0 || last === undefined) {
    failed++;
    process.stdout.write(`${JSON.stringify({ workload: w.toUpperCase(), error: `exit ${r.status ?? r.signal}` })}\n`);
  } else process.stdout.write(`${last}\n`);
}
process.exitCode = failed > 0 ? 1 : 0;
