// Command-line plumbing shared by the workload scripts: flags, the backend,
// progress on stderr and the one JSON line on stdout.
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { currentBackend, ready, useBackend } from '@pyro-ts/backend';

/** `--name value` flags (a `--` separator from pnpm is ignored); `--flag` alone is true. */
export class Flags {
  private readonly values = new Map<string, string | true>();
  constructor(argv: readonly string[] = process.argv.slice(2)) {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i] as string;
      if (a === '--' || !a.startsWith('--')) continue;
      const eq = a.indexOf('=');
      if (eq > 0) {
        this.values.set(a.slice(2, eq), a.slice(eq + 1));
        continue;
      }
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        this.values.set(a.slice(2), next);
        i++;
      } else this.values.set(a.slice(2), true);
    }
  }
  /** A numeric flag, `dflt` when absent. */
  num(name: string, dflt: number): number {
    const v = this.values.get(name);
    if (v === undefined) return dflt;
    const x = Number(v);
    if (v === true || !Number.isFinite(x)) throw new Error(`--${name} expects a number, got ${String(v)}`);
    return x;
  }
  /** A string flag, `dflt` when absent. */
  str(name: string, dflt: string): string;
  str(name: string, dflt?: string): string | undefined;
  str(name: string, dflt?: string): string | undefined {
    const v = this.values.get(name);
    if (v === true) throw new Error(`--${name} expects a value`);
    return v ?? dflt;
  }
  /** Whether a boolean flag is present (`--x`, `--x true`; `--x false` is false). */
  bool(name: string): boolean {
    const v = this.values.get(name);
    return v === true || (v !== undefined && v !== 'false' && v !== '0');
  }
}

/**
 * Starts the backend named by `--backend` (the native backend is loaded on
 * demand; WebGPU is refused in Node, see below), or the embedded default;
 * returns its name.
 */
export async function startBackend(name: string | undefined): Promise<string> {
  if (name === 'native') await import('@pyro-ts/backend-native');
  if (name === 'webgpu') {
    // SVI.step reads each loss synchronously; tfjs-backend-webgpu can only do that in a browser (OffscreenCanvas)
    throw new Error("--backend webgpu: svi.step reads the loss synchronously (dataSync), which tfjs-backend-webgpu cannot do in Node (it needs OffscreenCanvas); run WebGPU workloads in a browser (apps/vae's page)");
  }
  if (name === undefined) await ready();
  else await useBackend(name);
  return currentBackend();
}

/**
 * The common start of a workload: the backend of `--backend` (default: the
 * embedded default). Returns the fields every JSON line carries.
 */
export async function setupRun(flags: Flags): Promise<{ backend: string }> {
  return { backend: await startBackend(flags.str('backend')) };
}

/** Progress and notes go to stderr, so that stdout carries only the JSON line. */
export function log(...parts: unknown[]): void {
  process.stderr.write(`${parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ')}\n`);
}

/** Rounds to `digits` significant digits (keeps the JSON readable). */
export function sig(x: number, digits = 4): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(digits));
}

/** Prints the workload's one JSON line on stdout. */
export function emit(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** The constrained value of a param-store parameter, read into a plain array (temporaries freed; variables kept). */
export function readParam(store: { get(name: string): Tensor }, name: string): number[] {
  let out: number[] = [];
  tf.tidy(() => {
    out = Array.from(store.get(name).dataSync());
  });
  return out;
}

/** The kernels one call of `fn` runs: their count and the most frequent names (tf.profile). */
export async function countKernels(fn: () => void): Promise<{ total: number; top: Record<string, number> }> {
  const info = await tf.profile(() => {
    fn();
  });
  const counts = new Map<string, number>();
  for (const k of info.kernels) counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
  const top = Object.fromEntries([...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8));
  return { total: info.kernels.length, top };
}
