// The suites the runner executes: the core cases of this package, and the
// special-function cases and linear-algebra checks that @pyro-ts/tensor/testing
// publishes.
import { linalgConformanceChecks, specialConformanceCases } from '@pyro-ts/tensor/testing';
import type { ConformanceSuite } from './cases.js';
import { coreConformanceCases, coreConformanceChecks } from './core-cases.js';

export function conformanceSuites(): ConformanceSuite[] {
  return [
    { name: 'core', cases: coreConformanceCases(), checks: coreConformanceChecks() },
    { name: 'special', cases: specialConformanceCases(), checks: [] },
    { name: 'linalg', cases: [], checks: linalgConformanceChecks() },
  ];
}
