// Per-step timing: a monotonic clock (performance.now) around each step,
// the median per step and the smallest median over consecutive chunks of 5%
// of the steps (robust to a noisy shared machine).

/** The median of `xs` (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** The smallest median over consecutive, non-overlapping chunks of `fraction` of the steps (at least one step each). */
export function bestChunkMedian(xs: readonly number[], fraction = 0.05): number {
  if (xs.length === 0) return NaN;
  const size = Math.max(1, Math.round(xs.length * fraction));
  let best = Infinity;
  for (let i = 0; i + size <= xs.length; i += size) best = Math.min(best, median(xs.slice(i, i + size)));
  return best;
}

export interface StepSummary {
  median_ms: number;
  best_chunk_median_ms: number;
  mean_ms: number;
  steps: number;
}

/** Median, best-chunk median and mean of per-step times in ms (rounded to 4 significant digits). */
export function summarize(times: readonly number[]): StepSummary {
  const r = (x: number): number => Number(x.toPrecision(4));
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { median_ms: r(median(times)), best_chunk_median_ms: r(bestChunkMedian(times)), mean_ms: r(mean), steps: times.length };
}

/** Runs `step` `n` times, appending each step's wall time in ms to `times`; returns the last step's value. */
export function timeSteps<T>(step: (i: number) => T, n: number, times: number[], offset = 0): T | undefined {
  let last: T | undefined;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    last = step(offset + i);
    times.push(performance.now() - t0);
  }
  return last;
}
