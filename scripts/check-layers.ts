// Enforces the layer table of ARCHITECTURE.md §1 (see scripts/layers.json):
// on package.json dependencies and on every import in each package's src/,
// and fails on cycles between workspace packages.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface LayerRules {
  layers: Record<string, number>;
  sameLayerExceptions: Record<string, string[]>;
  backendPackages: string[];
  backendChoosersAllowed: string[];
  externalRestrictions: Record<string, string[]>;
}

interface Pkg {
  name: string;
  dir: string;
  deps: Map<string, string>; // dependency name -> kind (dependencies / devDependencies / peerDependencies)
}

const WORKSPACE_GLOBS = ['packages', 'apps', 'examples'];

export function findPackages(root: string): Pkg[] {
  const dirs: string[] = [];
  for (const g of WORKSPACE_GLOBS) {
    const base = join(root, g);
    if (!existsSync(base)) continue;
    for (const d of readdirSync(base)) {
      const p = join(base, d);
      if (statSync(p).isDirectory() && existsSync(join(p, 'package.json'))) dirs.push(p);
    }
  }
  if (existsSync(join(root, 'bench', 'package.json'))) dirs.push(join(root, 'bench'));
  return dirs.map((dir) => {
    const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, any>;
    const deps = new Map<string, string>();
    for (const kind of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const name of Object.keys((json[kind] as Record<string, string> | undefined) ?? {})) deps.set(name, kind);
    }
    return { name: json.name as string, dir, deps };
  });
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      if (e === 'node_modules' || e === 'dist') continue;
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(e) && !e.endsWith('.d.ts')) out.push(p);
    }
  };
  if (existsSync(join(dir, 'src'))) walk(join(dir, 'src'));
  return out;
}

/** Module specifiers imported by a source text (static, type-only, dynamic, require, re-exports). */
export function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const specs: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) specs.push(m[1] as string);
  return specs;
}

/** The package name of a bare specifier (`@scope/name/sub` -> `@scope/name`), or null for relative/builtin paths. */
export function packageOf(spec: string): string | null {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) return null;
  const parts = spec.split('/');
  return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
}

const isTestFile = (file: string): boolean => /\.test\.[cm]?[tj]sx?$/.test(file) || /[/\\]testing[/\\]/.test(file);

export function checkLayers(root: string, rules: LayerRules): string[] {
  const pkgs = findPackages(root);
  const names = new Set(pkgs.map((p) => p.name));
  const problems: string[] = [];
  const layerOf = (name: string): number | undefined => rules.layers[name];

  const allowedInternal = (from: string, to: string): string | null => {
    const lf = layerOf(from);
    const lt = layerOf(to);
    if (lf === undefined) return null; // top-level package (app, example, bench, test suite)
    if (lt === undefined) return `${to} is not a library package (not in the layer table)`;
    if (rules.backendPackages.includes(to) && lf >= 2 && !rules.backendChoosersAllowed.includes(from))
      return `library packages never depend on a backend package (only apps, examples, benchmarks and tests choose a backend)`;
    if (lt < lf) return null;
    if (rules.sameLayerExceptions[from]?.includes(to)) return null;
    return `layer ${lf} may import only lower layers, and ${to} is layer ${lt}`;
  };

  for (const p of pkgs) {
    if (layerOf(p.name) === undefined && p.name.startsWith('@pyro-ts/') && !existsSync(join(p.dir, 'package.json'))) continue;
    for (const [dep, kind] of p.deps) {
      if (names.has(dep)) {
        const why = allowedInternal(p.name, dep);
        if (why && kind !== 'devDependencies') problems.push(`${p.name}: ${kind} on ${dep}: ${why}`);
      }
      const ext = rules.externalRestrictions[dep];
      if (ext && layerOf(p.name) !== undefined && !ext.includes(p.name) && kind !== 'devDependencies')
        problems.push(`${p.name}: ${kind} on ${dep}: only ${ext.join(', ')} may depend on it`);
    }
    for (const file of listSources(p.dir)) {
      const rel = relative(root, file);
      const test = isTestFile(file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const target = packageOf(spec);
        if (target === null || target === p.name) continue;
        if (names.has(target)) {
          const why = allowedInternal(p.name, target);
          // Library code follows the table. A test may also use a package it
          // lists as a devDependency (a backend to run on, or infer to fit an
          // autoguide), as long as that adds no cycle (checked below).
          const testDev = test && p.deps.get(target) === 'devDependencies';
          if (why && !testDev) problems.push(`${rel}: imports ${spec}: ${why}`);
          if (!p.deps.has(target)) problems.push(`${rel}: imports ${target}, which ${p.name}'s package.json does not list`);
        } else {
          const ext = rules.externalRestrictions[target];
          const testOk = test && target.startsWith('@tensorflow/tfjs-backend-');
          if (ext && layerOf(p.name) !== undefined && !ext.includes(p.name) && !testOk)
            problems.push(`${rel}: imports ${spec}: only ${ext.join(', ')} may import ${target}`);
        }
      }
    }
  }
  for (const cycle of findCycles(pkgs, names)) problems.push(`dependency cycle: ${cycle.join(' -> ')}`);
  return problems;
}

/** Cycles in the graph of workspace packages (all dependency kinds). */
export function findCycles(pkgs: Pkg[], names: Set<string>): string[][] {
  const graph = new Map(pkgs.map((p) => [p.name, [...p.deps.keys()].filter((d) => names.has(d))]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === 'open') cycles.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of graph.keys()) if (!state.has(n)) visit(n);
  return cycles;
}

/** Layer numbers as ARCHITECTURE.md's table states them (package -> layer), for cross-checking layers.json. */
export function layersFromArchitecture(markdown: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of markdown.split('\n')) {
    const m = /^\|\s*(\d+)\s*\|\s*`([^`]+)`\s*\|/.exec(line);
    if (m) out[m[2] as string] = Number(m[1]);
  }
  return out;
}
