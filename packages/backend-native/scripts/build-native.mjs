#!/usr/bin/env node
/* global process */
// Builds the native addon (build/Release/pyro_native.node) with node-gyp and
// records the outcome in build/native-status.json, which the package reads to
// say why the backend is unavailable.
//
//   node scripts/build-native.mjs                 build if stale; exit 1 when libtorch was found but the build failed
//   node scripts/build-native.mjs --force         rebuild even when up to date
//   node scripts/build-native.mjs --require       also exit 1 when libtorch is not found
//   node scripts/build-native.mjs --if-possible   the install lifecycle: never fails, prints the reason instead
//
// Environment: LIBTORCH / PYTHON (see native/find-libtorch.cjs),
// PYRO_TS_NATIVE_JOBS (parallel compile jobs, default 1),
// PYRO_TS_NATIVE_SKIP_BUILD=1 (the install lifecycle does nothing).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(root, 'build');
const statusFile = path.join(buildDir, 'native-status.json');
const addonFile = path.join(buildDir, 'Release', 'pyro_native.node');

const args = new Set(process.argv.slice(2));
const ifPossible = args.has('--if-possible');
const force = args.has('--force');
const requireLibtorch = args.has('--require');

const log = (msg) => process.stderr.write(`@pyro-ts/backend-native: ${msg}\n`);

function writeStatus(status) {
  fs.mkdirSync(buildDir, { recursive: true });
  fs.writeFileSync(statusFile, `${JSON.stringify({ ...status, at: new Date().toISOString() }, null, 2)}\n`);
}

function readStatus() {
  try {
    return JSON.parse(fs.readFileSync(statusFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** A hash of everything the addon is built from: sources, gyp file, libtorch config. */
function sourceHash(config) {
  const h = createHash('sha256');
  const files = ['binding.gyp', 'native/find-libtorch.cjs', ...fs.readdirSync(path.join(root, 'native', 'src')).sort().map((f) => `native/src/${f}`)];
  for (const f of files) {
    h.update(f);
    h.update(fs.readFileSync(path.join(root, f)));
  }
  h.update(JSON.stringify(config));
  return h.digest('hex').slice(0, 16);
}

/**
 * node-gyp: the one the package manager running this script provides
 * (npm and pnpm set npm_config_node_gyp), else an installed one, else the
 * one bundled with npm next to this node.
 */
function nodeGypScript() {
  const fromPm = process.env.npm_config_node_gyp;
  if (fromPm && fs.existsSync(fromPm)) return fromPm;
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const bundled = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    return fs.existsSync(bundled) ? bundled : undefined;
  }
}

/** Node's headers next to the running node (e.g. /usr/include/node), so that node-gyp need not download them. */
function nodeDirArgs() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

function main() {
  if (ifPossible && process.env.PYRO_TS_NATIVE_SKIP_BUILD === '1') {
    log('PYRO_TS_NATIVE_SKIP_BUILD=1: not building the addon');
    return 0;
  }
  const { find } = require('../native/find-libtorch.cjs');
  const found = find();
  if (!found.found) {
    writeStatus({ ok: false, reason: found.reason });
    log(`not built: ${found.reason}. The 'native' backend reports itself unavailable; install libtorch and run 'pnpm --filter @pyro-ts/backend-native build:native'.`);
    return requireLibtorch ? 1 : 0;
  }
  const { config } = found;
  const hash = sourceHash(config);
  const previous = readStatus();
  if (!force && previous?.ok && previous.hash === hash && fs.existsSync(addonFile)) {
    log(`up to date (libtorch ${config.version ?? '?'} from ${config.source}, ${config.cuda ? 'with' : 'without'} CUDA)`);
    return 0;
  }
  const gyp = nodeGypScript();
  if (gyp === undefined) {
    writeStatus({ ok: false, reason: 'node-gyp not found (run this through npm or pnpm, or install node-gyp)', libtorch: config });
    log('not built: node-gyp not found');
    return ifPossible ? 0 : 1;
  }
  const jobs = process.env.PYRO_TS_NATIVE_JOBS ?? '1';
  log(`building with libtorch ${config.version ?? '?'} from ${config.source} (${config.libDir}), ${config.cuda ? 'with' : 'without'} CUDA, ${jobs} job(s)...`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [gyp, 'rebuild', `--jobs=${jobs}`, ...nodeDirArgs()], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PYRO_TS_LIBTORCH_CONFIG: JSON.stringify(config) },
  });
  if (r.status !== 0 || !fs.existsSync(addonFile)) {
    const reason = `the addon failed to build with libtorch from ${config.source} (node-gyp exited with ${r.status ?? r.error?.message}); see the compiler output above`;
    writeStatus({ ok: false, reason, libtorch: config });
    log(`not built: ${reason}`);
    return ifPossible ? 0 : 1;
  }
  writeStatus({ ok: true, hash, libtorch: config, seconds: Math.round((Date.now() - t0) / 1000) });
  log(`built ${path.relative(root, addonFile)} in ${Math.round((Date.now() - t0) / 1000)} s`);
  return 0;
}

let code;
try {
  code = main();
} catch (e) {
  // The install lifecycle never fails, whatever happened.
  try {
    writeStatus({ ok: false, reason: `build script error: ${e.message}` });
  } catch {
    // nothing more to record
  }
  log(`not built: ${e.message}`);
  code = ifPossible ? 0 : 1;
}
process.exit(code);
