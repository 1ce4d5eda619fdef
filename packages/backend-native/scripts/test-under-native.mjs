#!/usr/bin/env node
/* global process */
// Runs a workspace package's jest suite on the native backend: tfjs's
// setBackend('cpu') (useCpuForTests) selects 'native' instead, through the
// setup file src/test-utils/jest-under-native.ts.
//
//   node packages/backend-native/scripts/test-under-native.mjs packages/distributions [jest args...]
//
// Exits 1 with the reason when the native backend cannot run here, unless
// --skip-if-unavailable is given (then it prints the reason and exits 0).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const skip = args.includes('--skip-if-unavailable');
const rest = args.filter((a) => a !== '--skip-if-unavailable');
const target = rest.shift();
if (target === undefined) {
  process.stderr.write('usage: test-under-native.mjs <package dir> [jest args...]\n');
  process.exit(2);
}
const dir = path.resolve(target);
const require = createRequire(import.meta.url);

function unavailable() {
  const addon = process.env.PYRO_TS_NATIVE_ADDON ?? path.join(root, 'build', 'Release', 'pyro_native.node');
  if (!fs.existsSync(addon)) {
    let why = 'the addon is not built';
    try {
      const s = JSON.parse(fs.readFileSync(path.join(root, 'build', 'native-status.json'), 'utf8'));
      if (s.ok === false) why += `: ${s.reason}`;
    } catch {
      // never built
    }
    return why;
  }
  try {
    require(addon);
    return undefined;
  } catch (e) {
    return `the addon could not be loaded: ${e.message}`;
  }
}

const why = unavailable();
if (why !== undefined) {
  process.stderr.write(`test-under-native: the native backend is unavailable (${why})\n`);
  process.exit(skip ? 0 : 1);
}
const config = createRequire(path.join(dir, 'package.json'))(path.join(dir, 'jest.config.cjs'));
config.setupFilesAfterEnv = [...(config.setupFilesAfterEnv ?? []), path.join(root, 'src', 'test-utils', 'jest-under-native.ts')];
const jestPkg = createRequire(path.join(dir, 'package.json')).resolve('jest/package.json');
const jest = path.join(path.dirname(jestPkg), JSON.parse(fs.readFileSync(jestPkg, 'utf8')).bin);
process.stderr.write(`test-under-native: ${path.relative(process.cwd(), dir) || '.'} on the native backend\n`);
const r = spawnSync(process.execPath, [jest, '--config', JSON.stringify(config), ...rest], { cwd: dir, stdio: 'inherit' });
process.exit(r.status ?? 1);
