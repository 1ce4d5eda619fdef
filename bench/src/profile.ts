// Profiles W0 and W1 (pyro-ts only, no WebPPL) with `node --cpu-prof` and
// prints where a step's time goes (profile-summary.ts): by phase (forward,
// backward, optimizer) and by the package/file of the running function.
// Usage: pnpm --filter @pyro-ts/bench profile -- [--only w0,w1] [--backend wasm] [--steps N] [--out DIR]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Flags, log } from './cli.js';
import { formatSummary, summarizeProfile, type CpuProfile } from './profile-summary.js';

const flags = new Flags(process.argv.slice(2));
const only = flags.str('only', 'w0,w1').split(',');
const backend = flags.str('backend');
const outDir = flags.str('out', join(tmpdir(), 'pyro-ts-bench-profiles'));
const here = dirname(fileURLToPath(import.meta.url));
const defaults: Record<string, { steps: number; warmup: number; extra: string[] }> = {
  w0: { steps: 2000, warmup: 100, extra: ['--variants', flags.str('variants', 'on')] },
  w1: { steps: 1000, warmup: 100, extra: [] },
};

for (const w of only) {
  const d = defaults[w];
  if (!d) throw new Error(`profile: only w0 and w1 (got ${w})`);
  const steps = flags.num('steps', d.steps);
  const dir = join(outDir, w);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const args = [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    '--import',
    'tsx',
    '--conditions=source',
    join(here, `${w}.ts`),
    '--no-webppl',
    '--steps',
    String(steps),
    '--warmup',
    String(d.warmup),
    ...d.extra,
    ...(backend ? ['--backend', backend] : []),
  ];
  log(`--- profiling ${w}: node ${args.slice(5).join(' ')}`);
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${w} exited with ${r.status}`);
  const json = r.stdout.trim().split('\n').pop() as string;
  // one profile per thread (tsx's loader runs in its own); the script's is the one with its file in it
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const profiles = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile);
  const main = profiles.find((p) => p.nodes.some((n) => n.callFrame.url.endsWith(`/bench/src/${w}.ts`)));
  if (!main) throw new Error(`no profile in ${dir} ran ${w}.ts`);
  // every step (warm-up included) runs svi.step; W0 `steps` is the timed count
  const total = w === 'w0' ? steps + d.warmup : steps;
  process.stdout.write(`\n## ${w.toUpperCase()} (${json})\n\n${formatSummary(summarizeProfile(main), total)}\n`);
}
