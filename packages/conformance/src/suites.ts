// The suites the runner executes: the core cases of this package, and the
// special-function cases and linear-algebra checks that @pyro-ts/tensor/testing
// publishes (looked up by name so that the runner works before they exist).
import * as testing from '@pyro-ts/tensor/testing';
import type { ConformanceCase, ConformanceCheck, ConformanceSuite } from './cases.js';
import { coreConformanceCases, coreConformanceChecks } from './core-cases.js';

function published<T>(name: string): (() => T[]) | undefined {
  const f = (testing as unknown as Record<string, unknown>)[name];
  return typeof f === 'function' ? (f as () => T[]) : undefined;
}

export function conformanceSuites(): ConformanceSuite[] {
  const special = published<ConformanceCase>('specialConformanceCases');
  const linalg = published<ConformanceCheck>('linalgConformanceChecks');
  return [
    { name: 'core', cases: coreConformanceCases(), checks: coreConformanceChecks() },
    special
      ? { name: 'special', cases: special(), checks: [] }
      : { name: 'special', cases: [], checks: [], missing: '@pyro-ts/tensor/testing does not export specialConformanceCases yet' },
    linalg
      ? { name: 'linalg', cases: [], checks: linalg() }
      : { name: 'linalg', cases: [], checks: [], missing: '@pyro-ts/tensor/testing does not export linalgConformanceChecks yet' },
  ];
}
