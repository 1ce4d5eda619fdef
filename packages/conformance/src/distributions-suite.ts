// The distributions suite: every case of @pyro-ts/distributions/testing
// (distributions.json's distribution, KL and validation cases and
// shapes.json's distribution_shape cases), each a check that reads with
// dataSync (replayed on backends without synchronous reads).
import { distributionConformanceCases } from '@pyro-ts/distributions/testing';
import type { ConformanceSuite } from './cases.js';
import { DISTRIBUTION_TOLERANCES } from './backend-tolerances.js';

/**
 * backend -> case id -> the backend defect the case hits (the check must
 * fail there until the defect is fixed where it lives; see cases.ts).
 */
export const KNOWN_DEFECTS: Record<string, Record<string, { reason: string; error: RegExp }>> = {
  webgpu: {
    'GammaPoisson/batched': {
      reason:
        "logProb NaN: tfjs-backend-webgpu 4.22's BinaryOpProgram shared-memory path writes `sharedBuf[coords[4]]` for rank-5 outputs, " +
        "invalid WGSL (cannot index type 'vec5'), hit by logBeta on rank-3 inputs (fix in @pyro-ts/backend-webgpu or @pyro-ts/tensor's logBeta)",
      error: /^GammaPoisson\/batched\.logProb\[0\] \(sampled\): 12 of 12 differ .*got NaN/,
    },
  },
};

export function distributionsSuite(backend: string): ConformanceSuite {
  const overrides = DISTRIBUTION_TOLERANCES[backend] ?? {};
  const tolerances = Object.fromEntries(Object.entries(overrides).map(([id, o]) => [id, o.tolerances]));
  const defects = KNOWN_DEFECTS[backend] ?? {};
  const checks = distributionConformanceCases({ tolerances }).map((c) => ({ name: c.id, run: c.run, knownDefect: defects[c.id] }));
  return { name: 'distributions', cases: [], checks };
}
