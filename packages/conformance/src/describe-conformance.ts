// One conformance suite, re-run under each backend: `describeConformance(name)`
// declares a jest test per case and per check. Cases are read back with the
// asynchronous `data()`, which every backend supports (WebGPU in Node cannot
// read GPU buffers synchronously). Every test checks that no tensor and no
// backend data is left behind. A summary per backend is printed at the end.
import { tf } from '@pyro-ts/tensor';
import type { KernelBackend, Tensor } from '@pyro-ts/tensor';
import { compareClose } from '@pyro-ts/tensor/testing';
import { checkBackends, useBackend } from '@pyro-ts/backend';
import type { ConformanceCase, ConformanceCheck, ConformanceSuite } from './cases.js';
import { conformanceSuites } from './suites.js';
import { BACKEND_TOLERANCES, toleranceFor } from './backend-tolerances.js';
import { replaySyncReads } from './replay-reads.js';

export interface ConformanceOptions {
  /** Runs after the backend is available and before it is selected (e.g. configureWebGPU). */
  before?: () => void | Promise<void>;
  /** Runs after the last test (e.g. releasing a GPU device). */
  after?: () => void | Promise<void>;
  /** Backend-specific assertions, run as tests after the suites while the backend is active. */
  finalChecks?: Array<{ name: string; run: () => void }>;
  /** The suites to run (default: `conformanceSuites()`, the tensor suites). */
  suites?: () => ConformanceSuite[];
  /** Title of the top-level describe (default `conformance on <backend>`). */
  title?: string;
}

type Outcome = 'passed' | 'failed' | 'not runnable' | 'known defect';

/**
 * Errors that mean "this backend cannot read data synchronously here", not
 * "wrong numbers": tfjs-webgpu's readSync needs OffscreenCanvas (browsers only),
 * and the cpu fallback reports the same limitation for its inputs.
 */
export function isSyncReadLimitation(e: unknown): boolean {
  const m = e instanceof Error ? e.message : String(e);
  return /OffscreenCanvas is not defined/.test(m) || /cannot read its \w+ input synchronously/.test(m);
}

/** Whether the active backend can read a shader's result synchronously. */
function canReadSync(): boolean {
  const x = tf.tensor([1, 2]);
  const y = tf.add(x, 1);
  try {
    y.dataSync();
    return true;
  } catch (e) {
    if (isSyncReadLimitation(e)) return false;
    throw e;
  } finally {
    tf.dispose([x, y]);
  }
}

function dataCounts(backend: string): number[] {
  return [backend, 'cpu'].map((b) => (tf.findBackend(b) as KernelBackend | null)?.numDataIds() ?? 0);
}

export function describeConformance(backend: string, options: ConformanceOptions = {}): void {
  const suites = (options.suites ?? conformanceSuites)();
  const title = options.title ?? `conformance on ${backend}`;
  let skipReason: string | undefined;
  // Without synchronous reads (WebGPU in Node), code that reads with dataSync
  // runs under replaySyncReads.
  let syncReads = true;
  const tally = new Map<string, Record<Outcome, string[]>>();
  const record = (suite: string, outcome: Outcome, what: string): void => {
    let t = tally.get(suite);
    if (t === undefined) {
      t = { passed: [], failed: [], 'not runnable': [], 'known defect': [] };
      tally.set(suite, t);
    }
    t[outcome].push(what);
  };

  describe(title, () => {
    beforeAll(async () => {
      const status = (await checkBackends()).find((b) => b.name === backend);
      if (status === undefined || !status.available) {
        skipReason = status?.reason ?? `backend '${backend}' is not registered`;
        console.warn(`${title} skipped: ${skipReason}`);
        return;
      }
      await options.before?.();
      await useBackend(backend);
      syncReads = canReadSync();
      if (!syncReads) console.log(`${title}: no synchronous reads here; dataSync reads are replayed (see replay-reads.ts)`);
    });

    afterAll(async () => {
      if (skipReason === undefined) {
        const lines = [...tally].map(([suite, t]) => {
          const list = (xs: string[]): string => (xs.length > 5 ? `${xs.slice(0, 5).join('; ')}; ... ${xs.length - 5} more` : xs.join('; '));
          const nr =
            (t['not runnable'].length ? `, ${t['not runnable'].length} not runnable (${list(t['not runnable'])})` : '') +
            (t['known defect'].length ? `, ${t['known defect'].length} known backend defect(s) (${t['known defect'].join('; ')})` : '');
          const failed = t.failed.length ? ` FAILED: ${t.failed.join('; ')}` : '';
          return `  ${suite}: ${t.passed.length} passed, ${t.failed.length} failed${nr}${failed}`;
        });
        for (const [id, o] of Object.entries(BACKEND_TOLERANCES[backend] ?? {})) lines.push(`  tolerance for ${id} on ${backend}: rtol ${o.rtol}, atol ${o.atol} (${o.reason})`);
        console.log(`${options.title === undefined ? `conformance summary on ${backend}` : `${title}, summary`}:\n${lines.join('\n')}`);
        await options.after?.();
      }
    });

    for (const suite of suites) {
      describe(suite.name, () => {
        for (const c of suite.cases) it(c.id, () => runCase(suite.name, c));
        for (const k of suite.checks) it(k.name, () => runCheck(suite.name, k));
        if (suite.cases.length + suite.checks.length === 0) {
          it('has cases', () => {
            throw new Error(`suite ${suite.name} is empty`);
          });
        }
      });
    }
    for (const f of options.finalChecks ?? []) {
      it(f.name, () => {
        if (skipReason === undefined) f.run();
      });
    }
  });

  async function runCase(suite: string, c: ConformanceCase): Promise<void> {
    if (skipReason !== undefined) return;
    const tol = toleranceFor(backend, suite, c.id, c.tol);
    const tensorsBefore = tf.memory().numTensors;
    const dataBefore = dataCounts(backend);
    let problem: string | null = null;
    let leakedInReplay = 0;
    try {
      let t: Tensor;
      if (syncReads) t = c.compute();
      else ({ result: t, leaked: leakedInReplay } = await replaySyncReads(() => c.compute()));
      try {
        if (JSON.stringify(t.shape) !== JSON.stringify(c.expectedShape)) problem = `shape [${t.shape}] != expected [${c.expectedShape}]`;
        else problem = compareClose(await t.data(), c.expected, tol);
      } finally {
        t.dispose();
      }
    } catch (e) {
      if (isSyncReadLimitation(e)) {
        record(suite, 'not runnable', `${c.id}: needs a synchronous read`);
        return;
      }
      record(suite, 'failed', `${c.id}: threw ${(e as Error).message}`);
      throw e;
    }
    const leaks = leakReport(tensorsBefore, dataBefore, leakedInReplay);
    if (problem !== null || leaks !== null) {
      record(suite, 'failed', c.id);
      throw new Error(`${c.id}${c.note ? ` (${c.note})` : ''}: ${problem ?? ''}${leaks ?? ''}`);
    }
    record(suite, 'passed', c.id);
  }

  async function runCheck(suite: string, k: ConformanceCheck): Promise<void> {
    if (skipReason !== undefined) return;
    const tensorsBefore = tf.memory().numTensors;
    const dataBefore = dataCounts(backend);
    let leakedInReplay = 0;
    try {
      if (syncReads) k.run();
      else ({ leaked: leakedInReplay } = await replaySyncReads(() => k.run()));
    } catch (e) {
      if (isSyncReadLimitation(e)) {
        record(suite, 'not runnable', `${k.name}: needs a synchronous read`);
        return;
      }
      if (k.knownDefect !== undefined && k.knownDefect.error.test(e instanceof Error ? e.message : String(e))) {
        record(suite, 'known defect', `${k.name}: ${k.knownDefect.reason}`);
        return;
      }
      record(suite, 'failed', k.name);
      throw e;
    }
    if (k.knownDefect !== undefined) {
      record(suite, 'failed', k.name);
      throw new Error(`${k.name} passes on ${backend} now: remove its known-defect entry (${k.knownDefect.reason})`);
    }
    const leaks = leakReport(tensorsBefore, dataBefore, leakedInReplay);
    if (leaks !== null) {
      record(suite, 'failed', k.name);
      throw new Error(`${k.name}: ${leaks}`);
    }
    record(suite, 'passed', k.name);
  }

  function leakReport(tensorsBefore: number, dataBefore: number[], leakedInReplay: number): string | null {
    const tensors = tf.memory().numTensors - tensorsBefore + leakedInReplay;
    const data = dataCounts(backend).map((n, i) => n - (dataBefore[i] as number));
    if (tensors === 0 && data.every((d) => d === 0)) return null;
    return ` leak: ${tensors} tensor(s), backend data ${backend} ${data[0]}, cpu ${data[1]}`;
  }
}
