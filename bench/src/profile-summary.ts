// Summarizes a V8 CPU profile (`node --cpu-prof`) of a workload: where the
// time of the steps goes, by the package or file of the function running
// (self time) and by the phase of the step it runs in (guide + model +
// ELBO forward, tfjs backward pass, optimizer update).
// Usage: tsx src/profile-summary.ts <file.cpuprofile> [--top 25]
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Maps bundled positions back to original sources with the bundle's source map (tfjs ships them). */
class SourceResolver {
  private readonly maps = new Map<string, SourceMap | null>();
  resolve(frame: CallFrame): string {
    if (!frame.url.startsWith('file://') || !frame.url.endsWith('.js')) return frame.url;
    let map = this.maps.get(frame.url);
    if (map === undefined) {
      map = null;
      try {
        const path = fileURLToPath(frame.url);
        if (existsSync(`${path}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
      } catch {
        map = null;
      }
      this.maps.set(frame.url, map);
    }
    if (map === null) return frame.url;
    const e = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number };
    return e.originalSource ? `${frame.url} -> ${e.originalSource}:${(e.originalLine ?? 0) + 1}` : frame.url;
  }
}

/** The category of a function by where it is defined (`source`: its url, with the original source after ' -> ' when mapped). */
export function categorize(frame: CallFrame, source = frame.url): string {
  const { functionName } = frame;
  const url = source;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)' || functionName === '(root)') return 'V8 / native (program)';
  if (url.startsWith('wasm://') || functionName.startsWith('wasm-function') || /^\$?[a-zA-Z_]+\.wasm/.test(url)) return 'wasm kernels (compiled code)';
  const pkg = /\/packages\/([^/]+)\/src\//.exec(url);
  if (pkg) {
    const name = pkg[1] as string;
    if (name === 'poutine' || name === 'primitives') return 'pyro-ts handlers (poutine, primitives)';
    if (name === 'distributions') return 'pyro-ts distributions';
    if (name === 'infer') return 'pyro-ts infer (SVI, ELBO)';
    if (name === 'autoguide') return 'pyro-ts autoguide';
    if (name === 'optim') return 'pyro-ts optim';
    if (name === 'param-store') return 'pyro-ts param-store';
    if (name === 'tensor') return 'pyro-ts tensor (helpers, RNG)';
    if (name === 'backend') return 'pyro-ts backend (cpu fallback)';
    return `pyro-ts ${name}`;
  }
  if (url.includes('/bench/src/')) return 'bench script';
  const orig = url.includes(' -> ') ? (url.split(' -> ')[1] as string) : '';
  if (url.includes('tfjs-backend-wasm')) {
    if (/wasm-out|emscripten/.test(orig) || /^(ccall|getCFunc|stackAlloc|stackSave|stackRestore|stringToUTF8|_[a-z])/.test(functionName)) return 'wasm kernel calls (emscripten glue)';
    return 'tfjs-backend-wasm JS (kernel wrappers, data)';
  }
  if (url.includes('tfjs-backend-cpu')) return 'tfjs-backend-cpu kernels';
  if (url.includes('@tensorflow/tfjs')) {
    if (/\/tape\.ts|\/gradients\.ts|\/gradients\/|_grad\.ts/.test(orig) || functionName === 'backpropagateGradients' || functionName === 'getFilteredNodesXToY')
      return 'tfjs gradients (tape, gradient functions)';
    if (/\/ops\//.test(orig) && !/operation\.ts/.test(orig)) return 'tfjs op functions (ops/*)';
    return 'tfjs dispatch (engine, kernel registry, tensor bookkeeping)';
  }
  if (url.includes('backend-native')) return 'native backend';
  if (url.includes('webppl') || url.includes('adnn')) return 'webppl';
  if (url.startsWith('node:') || url === '') return 'node / V8 builtins';
  return 'other JS';
}

const VALIDATION_FUNCTIONS = new Set([
  'validateParams',
  'validateSample',
  'checkedValue',
  'warnIfNonFinite',
  'checkModelGuideMatch',
  'checkSiteShape',
  'checkIfEnumerated',
  'nonFiniteSites',
]);
const LOG_PROB_FUNCTIONS = new Set(['logProb', 'scoreParts', 'computeLogProb', 'computeScoreParts', 'logProbSum']);
const MODEL_FILES = /\/bench\/src\/(w\d|w1-model|linear)\.ts$/;

/**
 * The phase of a step a sample falls in, from its stack (root first): the
 * innermost of validation checks, log-densities, the guide (autoguide), the
 * model (the workload's code), the backward pass, the optimizer update; the
 * rest of `svi.step` is ELBO/SVI bookkeeping (traces, handlers, sums).
 */
export function phaseOf(stack: readonly CallFrame[]): string {
  let inStep = false;
  let phase: string | undefined;
  for (const f of stack) {
    const { url, functionName } = f;
    const name = functionName.split('.').pop() as string;
    if (url.includes('/packages/infer/src/svi.ts') && name === 'step') inStep = true;
    if (!inStep) continue;
    if (url.includes('/packages/optim/src/')) phase = 'optimizer update';
    else if (name === 'backpropagateGradients' || name === 'getFilteredNodesXToY') phase = 'backward pass (tfjs tape)';
    else if (VALIDATION_FUNCTIONS.has(name)) phase = 'validation checks';
    else if (LOG_PROB_FUNCTIONS.has(name) && (url.includes('/packages/distributions/') || url.includes('/packages/poutine/'))) phase = 'log-densities (logProb)';
    else if (url.includes('/packages/autoguide/src/') && phase === undefined) phase = 'guide (AutoNormal: params, sampling)';
    else if (MODEL_FILES.test(url) && phase === undefined) phase = 'model (user code, sample statements)';
  }
  if (!inStep) return 'outside svi.step';
  return phase ?? 'ELBO and SVI bookkeeping';
}

export interface Summary {
  totalMs: number;
  stepMs: number;
  byCategory: Array<[string, number]>;
  byPhase: Array<[string, number]>;
  byPhaseCategory: Record<string, Array<[string, number]>>;
  topFunctions: Array<[string, number]>;
}

/** Self time per category, phase and function, over the samples inside `svi.step` (ms). */
export function summarizeProfile(profile: CpuProfile, top = 25): Summary {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const nd of profile.nodes) {
    byId.set(nd.id, nd);
    for (const c of nd.children ?? []) parent.set(c, nd.id);
  }
  const stackCache = new Map<number, CallFrame[]>();
  const stackOf = (id: number): CallFrame[] => {
    const cached = stackCache.get(id);
    if (cached) return cached;
    const frames: CallFrame[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) frames.push((byId.get(cur) as ProfileNode).callFrame);
    frames.reverse();
    stackCache.set(id, frames);
    return frames;
  };
  const add = (m: Map<string, number>, k: string, v: number): void => {
    m.set(k, (m.get(k) ?? 0) + v);
  };
  const cat = new Map<string, number>();
  const phase = new Map<string, number>();
  const phaseCat = new Map<string, Map<string, number>>();
  const fn = new Map<string, number>();
  const resolver = new SourceResolver();
  const sourceCache = new Map<number, string>();
  let total = 0;
  let stepTotal = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000; // the time until the next sample
    total += dt;
    const stack = stackOf(id);
    const self = stack[stack.length - 1] as CallFrame;
    let p = phaseOf(stack);
    // GC and (program) samples have no JS stack: charge them to the steps when they interrupt them is impossible to know; keep separate
    if (p === 'outside svi.step' && (self.functionName === '(garbage collector)' || self.functionName === '(program)')) p = 'GC / program (no stack)';
    add(phase, p, dt);
    if (p === 'outside svi.step') continue;
    stepTotal += dt;
    let src = sourceCache.get(id);
    if (src === undefined) {
      src = resolver.resolve(self);
      sourceCache.set(id, src);
    }
    const c = categorize(self, src);
    add(cat, c, dt);
    if (!phaseCat.has(p)) phaseCat.set(p, new Map());
    add(phaseCat.get(p) as Map<string, number>, c, dt);
    const file = src.includes(' -> ') ? (src.split(' -> ')[1] as string).replace(/^(\.\.\/)+/, '') : src.replace(/^.*\/(packages|node_modules\/\.pnpm\/[^/]+\/node_modules)\//, '');
    add(fn, `${self.functionName || '(anonymous)'} ${src.includes(' -> ') ? file : `${file}:${self.lineNumber + 1}`}`, dt);
  }
  const sorted = (m: Map<string, number>): Array<[string, number]> => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return {
    totalMs: total,
    stepMs: stepTotal,
    byCategory: sorted(cat),
    byPhase: sorted(phase),
    byPhaseCategory: Object.fromEntries([...phaseCat.entries()].map(([k, v]) => [k, sorted(v)])),
    topFunctions: sorted(fn).slice(0, top),
  };
}

/** A markdown report of a summary; `steps` converts totals to ms per step. */
export function formatSummary(s: Summary, steps: number, top = 15): string {
  const pct = (v: number): string => `${((100 * v) / s.stepMs).toFixed(1)}%`;
  const per = (v: number): string => (v / steps).toFixed(3);
  const lines: string[] = [];
  lines.push(`${(s.stepMs / steps).toFixed(3)} ms/step under the profiler (${steps} steps; GC and (program) samples without a JS stack included)`);
  lines.push('', '| phase of the step | ms/step | share | where its time goes (self time) |', '|---|---:|---:|---|');
  for (const [k, v] of s.byPhase) {
    if (k === 'outside svi.step') continue;
    const cats = (s.byPhaseCategory[k] ?? []).slice(0, 3).map(([c, x]) => `${c} ${((100 * x) / v).toFixed(0)}%`);
    lines.push(`| ${k} | ${per(v)} | ${pct(v)} | ${cats.join('; ')} |`);
  }
  lines.push('', '| self time by category | ms/step | share |', '|---|---:|---:|');
  for (const [k, v] of s.byCategory) if (v / s.stepMs >= 0.002) lines.push(`| ${k} | ${per(v)} | ${pct(v)} |`);
  lines.push('', '| top functions (self time) | ms/step | share |', '|---|---:|---:|');
  for (const [k, v] of s.topFunctions.slice(0, top)) lines.push(`| \`${k}\` | ${per(v)} | ${pct(v)} |`);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() as string)) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [--steps N] [--top 25]');
  const i = process.argv.indexOf('--steps');
  const t = process.argv.indexOf('--top');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const s = summarizeProfile(profile, t > 0 ? Number(process.argv[t + 1]) : 25);
  process.stdout.write(`${formatSummary(s, i > 0 ? Number(process.argv[i + 1]) : 1)}\n`);
}
