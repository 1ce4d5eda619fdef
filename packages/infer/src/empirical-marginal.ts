// EmpiricalMarginal (Pyro's): the empirical distribution of one site (or
// several of the same shape, stacked) over a TracePosterior's traces.
import { tf, isTensor } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Empirical } from '@pyro-ts/distributions';
import type { TracePosterior } from './trace-posterior.js';

function siteValue(trace: { nodes: Map<string, { value?: unknown }> }, site: string): Tensor {
  const v = trace.nodes.get(site)?.value;
  if (!isTensor(v)) throw new Error(`EmpiricalMarginal: the traces have no tensor value at site '${site}'`);
  return v;
}

/**
 * `new EmpiricalMarginal(posterior, sites = '_RETURN')`: an `Empirical`
 * over the values of `sites` in the posterior's traces, weighted by their
 * log-weights. Several sites (of one shape) are stacked along a new first
 * event dim. With several chains, the chain is the batch dim. Owns its
 * samples: call `dispose()` when done.
 */
export class EmpiricalMarginal extends Empirical {
  /** The stacked samples: `[numSamples, ...]` (or `[numChains, numSamples, ...]`). */
  readonly samples: Tensor;
  /** Their log-weights: `[numSamples]` (or `[numChains, numSamples]`). */
  readonly sampleLogWeights: Tensor;

  constructor(posterior: TracePosterior<any>, sites: string | string[] = '_RETURN') {
    const { samples, logWeights } = collect(posterior, sites);
    super(samples, logWeights);
    this.samples = samples;
    this.sampleLogWeights = logWeights;
  }

  override get className(): string {
    return 'EmpiricalMarginal';
  }

  /** Frees the samples and weights. */
  dispose(): void {
    this.samples.dispose();
    this.sampleLogWeights.dispose();
  }
}

function collect(posterior: TracePosterior<any>, sites: string | string[]): { samples: Tensor; logWeights: Tensor } {
  const n = posterior.execTraces.length;
  if (n === 0) throw new Error('EmpiricalMarginal: the posterior has no traces; call run(...) first');
  return tf.tidy(() => {
    const byChain = new Map<number, { values: Tensor[]; weights: number[] }>();
    posterior.execTraces.forEach((tr, i) => {
      const value = typeof sites === 'string' ? siteValue(tr, sites) : tf.stack(sites.map((s) => siteValue(tr, s)), 0);
      const chain = posterior.chainIds[i] ?? 0;
      const c = byChain.get(chain) ?? { values: [], weights: [] };
      c.values.push(value);
      c.weights.push(posterior.logWeights[i] as number);
      byChain.set(chain, c);
    });
    const chains = [...byChain.keys()].sort((a, b) => a - b).map((k) => byChain.get(k) as { values: Tensor[]; weights: number[] });
    const per = chains.map((c) => ({ samples: tf.stack(c.values, 0), weights: tf.tensor1d(c.weights, 'float32') }));
    if (per.length === 1) return { samples: (per[0] as { samples: Tensor }).samples, logWeights: (per[0] as { weights: Tensor }).weights };
    return { samples: tf.stack(per.map((p) => p.samples)), logWeights: tf.stack(per.map((p) => p.weights)) };
  });
}
