// Finds libtorch for the native addon's build. Discovery order:
//   1. $LIBTORCH: a libtorch folder (the official zip, or any prefix) with
//      include/ and lib/;
//   2. an installed PyTorch (`python3 -c "import torch"`; $PYTHON overrides
//      the interpreter): its bundled libtorch (which carries CUDA when the
//      wheel does);
//   3. Debian's libtorch-dev: headers in /usr/include, libraries in
//      /usr/lib/<multiarch>.
// `find()` returns { found: true, config } or { found: false, reason, tried }.
// Used by scripts/build-native.mjs and, as a command, by binding.gyp:
//   node native/find-libtorch.cjs <include_dirs|libraries|defines|json>
// (binding.gyp reads $PYRO_TS_LIBTORCH_CONFIG, set by the build script, so
// that the discovery runs once per build).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const MULTIARCH = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu', ppc64: 'powerpc64le-linux-gnu', s390x: 's390x-linux-gnu' };

function exists(p) {
  try {
    fs.accessSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The libtorch version from torch/version.h (TORCH_VERSION "x.y.z"), if found. */
function readVersion(includeDirs) {
  for (const dir of includeDirs) {
    const f = path.join(dir, 'torch', 'version.h');
    if (!exists(f)) continue;
    const m = /#define\s+TORCH_VERSION\s+\\?\s*"([^"]+)"/.exec(fs.readFileSync(f, 'utf8'));
    if (m) return m[1];
  }
  return undefined;
}

/**
 * Whether libc10 was built with the C++11 string ABI: its symbols then
 * mention std::__cxx11 (the pre-C++11 ABI builds of the official zip and
 * older pip wheels do not).
 */
function cxx11Abi(libDir) {
  const lib = path.join(libDir, 'libc10.so');
  try {
    return fs.readFileSync(lib).includes('__cxx11') ? 1 : 0;
  } catch {
    return 1;
  }
}

/** Builds the config for headers in `includeRoot` and libraries in `libDir`, or says what is missing. */
function configFor(source, includeRoot, libDir, abi) {
  const includeDirs = [includeRoot, path.join(includeRoot, 'torch', 'csrc', 'api', 'include')];
  if (!exists(path.join(includeRoot, 'ATen', 'ATen.h'))) return { missing: `no ATen/ATen.h under ${includeRoot}` };
  for (const lib of ['libc10.so', 'libtorch.so']) {
    if (!exists(path.join(libDir, lib))) return { missing: `no ${lib} in ${libDir}` };
  }
  const libs = ['torch', 'c10'];
  if (exists(path.join(libDir, 'libtorch_cpu.so'))) libs.push('torch_cpu');
  const cuda = exists(path.join(libDir, 'libtorch_cuda.so'));
  if (cuda) libs.push('torch_cuda');
  if (exists(path.join(libDir, 'libc10_cuda.so'))) libs.push('c10_cuda');
  // The CUDA caching allocator's statistics need the CUDA runtime's headers,
  // which a libtorch without the toolkit does not carry.
  const cudaInclude = cuda ? findCudaRuntimeHeaders(includeRoot) : undefined;
  if (cudaInclude !== undefined) includeDirs.push(cudaInclude);
  return {
    config: {
      source,
      includeDirs,
      libDir,
      libs,
      cuda,
      cudaStats: cudaInclude !== undefined,
      cxx11Abi: abi ?? cxx11Abi(libDir),
      version: readVersion(includeDirs),
    },
  };
}

function findCudaRuntimeHeaders(includeRoot) {
  const candidates = [
    process.env.CUDA_HOME && path.join(process.env.CUDA_HOME, 'include'),
    '/usr/local/cuda/include',
    // pip wheels: site-packages/torch/include -> site-packages/nvidia/cuda_runtime/include
    path.join(includeRoot, '..', '..', 'nvidia', 'cuda_runtime', 'include'),
    '/usr/include',
  ].filter(Boolean);
  return candidates.find((d) => exists(path.join(d, 'cuda_runtime_api.h')));
}

function fromEnv(tried) {
  const root = process.env.LIBTORCH;
  if (!root) {
    tried.push('$LIBTORCH: not set');
    return undefined;
  }
  const r = configFor('LIBTORCH', path.join(root, 'include'), path.join(root, 'lib'));
  if (r.config) return r.config;
  tried.push(`$LIBTORCH=${root}: ${r.missing}`);
  return undefined;
}

function fromPython(tried) {
  const python = process.env.PYTHON || 'python3';
  const code = 'import os, torch; print(os.path.dirname(torch.__file__)); print(int(torch._C._GLIBCXX_USE_CXX11_ABI))';
  const r = spawnSync(python, ['-c', code], { encoding: 'utf8', timeout: 60000 });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr || '').trim().split('\n').pop();
    tried.push(`PyTorch via ${python}: ${why || 'not importable'}`);
    return undefined;
  }
  const [dir, abi] = r.stdout.trim().split('\n');
  const c = configFor('pytorch', path.join(dir, 'include'), path.join(dir, 'lib'), Number(abi));
  if (c.config) return c.config;
  tried.push(`PyTorch at ${dir}: ${c.missing}`);
  return undefined;
}

function fromDebian(tried) {
  const arch = MULTIARCH[process.arch];
  if (process.platform !== 'linux' || arch === undefined) {
    tried.push(`libtorch-dev: not a Debian-style Linux (${process.platform}/${process.arch})`);
    return undefined;
  }
  const r = configFor('libtorch-dev', '/usr/include', `/usr/lib/${arch}`);
  if (r.config) return r.config;
  tried.push(`libtorch-dev: ${r.missing} (apt-get install libtorch-dev)`);
  return undefined;
}

/** Runs the discovery: { found: true, config } or { found: false, reason, tried }. */
function find() {
  const tried = [];
  for (const step of [fromEnv, fromPython, fromDebian]) {
    const config = step(tried);
    if (config) return { found: true, config, tried };
  }
  return { found: false, reason: `libtorch not found (tried: ${tried.join('; ')})`, tried };
}

/** The gyp values for one key of a config. */
function gypValues(config, key) {
  switch (key) {
    case 'include_dirs':
      // The compiler searches /usr/include already; naming it again with -I
      // breaks libstdc++'s #include_next <stdlib.h>.
      return config.includeDirs.filter((d) => d !== '/usr/include' && d !== '/usr/local/include');
    case 'libraries':
      return [`-L${config.libDir}`, `-Wl,-rpath,${config.libDir}`, '-Wl,--no-as-needed', ...config.libs.map((l) => `-l${l}`), '-Wl,--as-needed'];
    case 'defines':
      return [`_GLIBCXX_USE_CXX11_ABI=${config.cxx11Abi}`, ...(config.cuda ? ['PYRO_TS_WITH_CUDA=1'] : []), ...(config.cudaStats ? ['PYRO_TS_WITH_CUDA_STATS=1'] : [])];
    default:
      throw new Error(`find-libtorch: unknown key '${key}'`);
  }
}

module.exports = { find, gypValues };

if (require.main === module) {
  const key = process.argv[2] ?? 'json';
  let config;
  if (process.env.PYRO_TS_LIBTORCH_CONFIG) config = JSON.parse(process.env.PYRO_TS_LIBTORCH_CONFIG);
  else {
    const r = find();
    if (!r.found) {
      process.stderr.write(`${r.reason}\n`);
      process.exit(1);
    }
    config = r.config;
  }
  if (key === 'json') process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
  // gyp splits the output of <!@(...) on whitespace: one value per line, no spaces inside values.
  else process.stdout.write(gypValues(config, key).join('\n') + '\n');
}
