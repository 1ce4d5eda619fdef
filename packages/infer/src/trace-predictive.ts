// TracePredictive (Pyro's deprecated `TracePredictive`): posterior
// predictive traces from a TracePosterior's traces.
import { tf, randomNumber } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { isSubsample, replay, trace, type SampleMessage, type Trace } from '@pyro-ts/poutine';
import { TracePosterior, type WeightedTrace } from './trace-posterior.js';
import { snapshotTrace } from './trace-snapshot.js';
import { tidyValue } from './tidy.js';
import type { Model } from './types.js';

export interface TracePredictiveOptions {
  /** The sites to take from the posterior traces (default: all). */
  keepSites?: string[];
}

/**
 * Pyro's `TracePredictive(model, posterior, num_samples, keep_sites)`:
 * `run(...args)` draws `numSamples` traces from `posterior` (running it
 * first if it has none), fits their plate sites and plate-indexed values to
 * the new arguments' plate sizes (indices drawn with replacement), and
 * replays the model against each, collecting the resulting traces with new
 * observations and `_RETURN` values. Prefer `Predictive`.
 */
export class TracePredictive<A extends unknown[] = any[]> extends TracePosterior<A> {
  readonly model: Model<A>;
  readonly posterior: TracePosterior<A>;
  readonly numSamples: number;
  readonly keepSites: string[] | undefined;
  private dataTrace: Trace | undefined;

  constructor(model: Model<A>, posterior: TracePosterior<A>, numSamples: number, options: TracePredictiveOptions = {}) {
    super();
    this.model = model;
    this.posterior = posterior;
    this.numSamples = numSamples;
    this.keepSites = options.keepSites;
  }

  protected override beginRun(args: A): void {
    if (this.posterior.execTraces.length === 0) this.posterior.run(...args);
    this.dataTrace = tidyValue(() => snapshotTrace(trace(this.model).getTrace(...args)));
  }

  protected override endRun(): void {
    this.dataTrace?.dispose();
    this.dataTrace = undefined;
  }

  protected nextTrace(i: number, args: A): WeightedTrace | null {
    if (i >= this.numSamples) return null;
    const t = this.posterior.sampleTrace();
    if (this.keepSites !== undefined) for (const name of [...t.nodes.keys()]) if (!this.keepSites.includes(name)) t.removeNode(name);
    this.adjustToData(t, this.dataTrace as Trace);
    return { trace: trace(replay(this.model, t)).getTrace(...args), logWeight: 0, chainId: 0 };
  }

  /** Pyro's `_adjust_to_data`, on copies of the sites (the posterior's traces are left as they are). */
  private adjustToData(t: Trace, data: Trace): void {
    const idxs = new Map<string, Tensor>();
    for (const [name, site0] of [...t.iterStochasticNodes()]) {
      const d = data.nodes.get(name);
      if (d === undefined || d.type !== 'sample') continue;
      const site: SampleMessage = { ...site0 };
      if (isSubsample(site.fn)) {
        site.fn = d.fn;
        site.value = d.value;
        t.nodes.set(name, site);
        continue;
      }
      const orig = site.condIndepStack;
      site.condIndepStack = d.condIndepStack;
      site.fn = d.fn;
      orig.forEach((o, k) => {
        const c = d.condIndepStack[k];
        if (c === undefined || c.dim === null || o.dim === null || site.value === undefined) return;
        let idx = idxs.get(c.name);
        if (idx === undefined) {
          const ints = new Int32Array(c.size);
          for (let j = 0; j < c.size; j++) ints[j] = Math.floor(randomNumber() * o.size);
          idx = tf.tensor1d(ints, 'int32');
          idxs.set(c.name, idx);
        }
        const axis = site.value.rank + c.dim - site.fn.eventDim;
        site.value = tf.gather(site.value, idx, axis);
      });
      t.nodes.set(name, site);
    }
  }
}
