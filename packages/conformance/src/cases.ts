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
  /**
   * A backend defect this check is known to hit on the backend being run:
   * the check must fail with an error matching `error` (counted as a known
   * defect, with `reason`); failing otherwise is a failure, and when it
   * passes, the test fails and says to remove the entry.
   */
  knownDefect?: { reason: string; error: RegExp };
}

/** A named group of cases and checks (e.g. "special", "linalg", "core"). */
export interface ConformanceSuite {
  name: string;
  cases: ConformanceCase[];
  checks: ConformanceCheck[];
}
