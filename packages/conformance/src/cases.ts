// The two shapes of conformance work, as @pyro-ts/tensor/testing publishes
// them (specialConformanceCases / linalgConformanceChecks).
import type { Tensor } from '@pyro-ts/tensor';

/** A value to compute and compare with reference numbers. */
export interface ConformanceCase {
  id: string;
  /** Builds the result (the runner disposes it and reads it asynchronously). */
  compute: () => Tensor;
  expected: number[];
  expectedShape: number[];
  tol: { rtol: number; atol: number };
  note?: string;
}

/** A self-checking routine that throws on failure. */
export interface ConformanceCheck {
  name: string;
  run: () => void;
}

/** A named group of cases and checks (e.g. "special", "linalg", "core"). */
export interface ConformanceSuite {
  name: string;
  cases: ConformanceCase[];
  checks: ConformanceCheck[];
}
