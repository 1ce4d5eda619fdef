// A training loop around SVI.step, so that apps need not write one.
import type { SVI } from './svi.js';

/** What `onStep` receives after each step. */
export interface StepInfo {
  /** The step just taken, from 0. */
  step: number;
  /** Its loss. */
  loss: number;
  /** Steps in all. */
  numSteps: number;
}

export interface ProgressOptions {
  /** Report every this many steps (default: about 20 reports per run). */
  every?: number;
  /** Where the lines go (default console.log). */
  log?: (line: string) => void;
}

export interface TrainOptions<A extends unknown[]> {
  /** Number of steps. */
  numSteps: number;
  /** The model and guide arguments: fixed, or a function of the step (e.g. a minibatch). */
  args?: A | ((step: number) => A);
  /** Called after every step; returning `false` stops training. */
  onStep?: (info: StepInfo) => void | boolean;
  /** Progress lines (`step 200/1000  loss 12.345  0.61 ms/step`): true, or options. */
  progress?: boolean | ProgressOptions;
}

export interface TrainResult {
  /** The loss of every step taken. */
  losses: number[];
  /** Steps taken (fewer than asked when `onStep` stopped training). */
  steps: number;
}

function argsFor<A extends unknown[]>(args: TrainOptions<A>['args'], step: number): A {
  if (args === undefined) return [] as unknown as A;
  return typeof args === 'function' ? args(step) : args;
}

function progressReporter(progress: TrainOptions<unknown[]>['progress'], numSteps: number): ((step: number, loss: number) => void) | null {
  if (progress === undefined || progress === false) return null;
  const o: ProgressOptions = progress === true ? {} : progress;
  const every = o.every ?? Math.max(1, Math.round(numSteps / 20));
  const log = o.log ?? ((line: string) => console.log(line));
  const width = String(numSteps).length;
  let last = Date.now();
  let lastStep = -1;
  return (step, loss) => {
    if ((step + 1) % every !== 0 && step + 1 !== numSteps) return;
    const now = Date.now();
    const ms = (now - last) / (step - lastStep);
    last = now;
    lastStep = step;
    log(`step ${String(step + 1).padStart(width)}/${numSteps}  loss ${loss.toPrecision(6)}  ${ms.toFixed(2)} ms/step`);
  };
}

/**
 * Runs `svi.step` `numSteps` times and returns the losses. A NaN or
 * infinite loss stops training with SVI's `NonFiniteLossError` (naming the
 * sites whose log-probability is not finite), with the step number added.
 */
export function train<A extends unknown[]>(svi: SVI<A>, options: TrainOptions<A>): TrainResult {
  const losses: number[] = [];
  const report = progressReporter(options.progress, options.numSteps);
  for (let step = 0; step < options.numSteps; step++) {
    const loss = stepAt(svi, step, argsFor(options.args, step));
    losses.push(loss);
    report?.(step, loss);
    if (options.onStep?.({ step, loss, numSteps: options.numSteps }) === false) break;
  }
  return { losses, steps: losses.length };
}

/**
 * `train` that yields to the event loop every `yieldEvery` steps (default
 * 10), so that a page stays responsive, and accepts an async `onStep`.
 */
export async function trainAsync<A extends unknown[]>(
  svi: SVI<A>,
  options: Omit<TrainOptions<A>, 'onStep'> & { onStep?: (info: StepInfo) => void | boolean | Promise<void | boolean>; yieldEvery?: number },
): Promise<TrainResult> {
  const losses: number[] = [];
  const report = progressReporter(options.progress, options.numSteps);
  const yieldEvery = options.yieldEvery ?? 10;
  for (let step = 0; step < options.numSteps; step++) {
    const loss = stepAt(svi, step, argsFor(options.args, step));
    losses.push(loss);
    report?.(step, loss);
    if ((await options.onStep?.({ step, loss, numSteps: options.numSteps })) === false) break;
    if ((step + 1) % yieldEvery === 0) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { losses, steps: losses.length };
}

function stepAt<A extends unknown[]>(svi: SVI<A>, step: number, args: A): number {
  try {
    return svi.step(...args);
  } catch (e) {
    if (e instanceof Error && e.name === 'NonFiniteLossError') e.message = `at step ${step}: ${e.message}`;
    throw e;
  }
}
