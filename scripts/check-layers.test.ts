import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLayers, importsOf, layersFromArchitecture, type LayerRules } from './check-layers.js';

const root = join(__dirname, '..');
const rules = JSON.parse(readFileSync(join(root, 'scripts', 'layers.json'), 'utf8')) as LayerRules;

describe('layer table (ARCHITECTURE.md §1)', () => {
  it('the workspace has no upward or same-layer import, no forbidden dependency and no cycle', () => {
    expect(checkLayers(root, rules)).toEqual([]);
  });

  it('layers.json agrees with the table in ARCHITECTURE.md', () => {
    const arch = join(root, '..', 'shared', 'design', 'ARCHITECTURE.md');
    if (!existsSync(arch)) {
      console.warn(`skipped: ${arch} not present`);
      return;
    }
    const fromDoc = layersFromArchitecture(readFileSync(arch, 'utf8'));
    expect(Object.keys(fromDoc).length).toBeGreaterThan(8);
    expect(rules.layers).toEqual(fromDoc);
  });

  it('finds every kind of import', () => {
    const text = [
      "import { a } from '@x/a';",
      "import type { B } from '@x/b';",
      "export * from '@x/c';",
      "import '@x/d';",
      "const e = await import('@x/e');",
      "const f = require('@x/f');",
      "// import { g } from '@x/g';",
      "export { type H } from '@x/h';",
    ].join('\n');
    expect(importsOf(text).sort()).toEqual(['@x/a', '@x/b', '@x/c', '@x/d', '@x/e', '@x/f', '@x/h']);
  });

  it('reports upward imports, undeclared imports, backend choices in libraries and cycles', () => {
    const ws = mkdtempSync(join(tmpdir(), 'layers-'));
    const pkg = (dir: string, name: string, deps: Record<string, string>, src: string): void => {
      mkdirSync(join(ws, 'packages', dir, 'src'), { recursive: true });
      writeFileSync(join(ws, 'packages', dir, 'package.json'), JSON.stringify({ name, dependencies: deps }));
      writeFileSync(join(ws, 'packages', dir, 'src', 'index.ts'), src);
    };
    pkg('tensor', '@pyro-ts/tensor', { '@pyro-ts/poutine': 'workspace:^' }, "import type { X } from '@pyro-ts/poutine';\n");
    pkg('poutine', '@pyro-ts/poutine', { '@pyro-ts/tensor': 'workspace:^', '@pyro-ts/backend': 'workspace:^' }, "import { useBackend } from '@pyro-ts/backend';\nimport { tf } from '@pyro-ts/distributions';\nimport * as core from '@tensorflow/tfjs-core';\n");
    pkg('backend', '@pyro-ts/backend', { '@pyro-ts/tensor': 'workspace:^' }, "import { tf } from '@pyro-ts/tensor';\n");
    pkg('distributions', '@pyro-ts/distributions', { '@pyro-ts/tensor': 'workspace:^' }, "import { tf } from '@pyro-ts/tensor';\n");
    // a test may use a same-layer package it lists as a devDependency; library code may not
    pkg('infer', '@pyro-ts/infer', { '@pyro-ts/tensor': 'workspace:^' }, "import { tf } from '@pyro-ts/tensor';\n");
    mkdirSync(join(ws, 'packages', 'autoguide', 'src'), { recursive: true });
    writeFileSync(join(ws, 'packages', 'autoguide', 'package.json'), JSON.stringify({ name: '@pyro-ts/autoguide', dependencies: { '@pyro-ts/tensor': 'workspace:^' }, devDependencies: { '@pyro-ts/infer': 'workspace:^' } }));
    writeFileSync(join(ws, 'packages', 'autoguide', 'src', 'fit.test.ts'), "import { SVI } from '@pyro-ts/infer';\n");
    writeFileSync(join(ws, 'packages', 'autoguide', 'src', 'guide.ts'), "import type { SVI } from '@pyro-ts/infer';\n");
    const problems = checkLayers(ws, rules).join('\n');
    expect(problems).not.toContain('fit.test.ts');
    expect(problems).toContain('packages/autoguide/src/guide.ts: imports @pyro-ts/infer: layer 5 may import only lower layers, and @pyro-ts/infer is layer 5');
    expect(problems).toContain('@pyro-ts/tensor: dependencies on @pyro-ts/poutine: layer 0 may import only lower layers, and @pyro-ts/poutine is layer 3');
    expect(problems).toContain("packages/tensor/src/index.ts: imports @pyro-ts/poutine");
    expect(problems).toContain('@pyro-ts/poutine: dependencies on @pyro-ts/backend: library packages never depend on a backend package');
    expect(problems).toContain("imports @pyro-ts/distributions, which @pyro-ts/poutine's package.json does not list");
    expect(problems).toContain('only @pyro-ts/tensor may import @tensorflow/tfjs-core');
    expect(problems).toMatch(/dependency cycle: @pyro-ts\/(tensor|poutine) -> .* -> @pyro-ts\/(tensor|poutine)/);
    // the allowed same-layer exception raises nothing
    expect(problems).not.toContain('@pyro-ts/backend: dependencies on @pyro-ts/tensor');
  });
});
