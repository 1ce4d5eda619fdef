// A NaN or infinite loss, and the sites that caused it.
import type { Trace } from '@pyro-ts/poutine';

/** Thrown by `SVI.step` (and `train`) when the loss is NaN or infinite. */
export class NonFiniteLossError extends Error {
  constructor(
    /** The loss value (NaN, Infinity or -Infinity). */
    readonly loss: number,
    /** Descriptions of the sites whose log-probability is not finite, e.g. `model site 'x' (log_prob_sum = -Infinity)`. */
    readonly sites: string[],
  ) {
    super(
      sites.length > 0
        ? `The loss is ${loss}: the log-probability is not finite at ${sites.join('; ')}. ` +
            'Check that the guide only proposes values in the support of the model, that observations are in the support, ' +
            'and that parameters (scales, probabilities) stay valid.'
        : `The loss is ${loss}, though every site's log-probability is finite: a term outside the sites ` +
            '(an analytic KL divergence, a baseline, a custom loss) is not finite.',
    );
    this.name = 'NonFiniteLossError';
  }
}

/**
 * The sample sites of the given traces whose `logProbSum` is not finite,
 * as `'<role> site '<name>' (log_prob_sum = <value>)'` (reads each value back).
 */
export function nonFiniteSites(traces: ReadonlyArray<{ modelTrace: Trace; guideTrace: Trace }>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const { modelTrace, guideTrace } of traces) {
    for (const [role, tr] of [
      ['model', modelTrace],
      ['guide', guideTrace],
    ] as const) {
      for (const [name, n] of tr.nodes) {
        if (n.type !== 'sample' || n.logProbSum === undefined) continue;
        const v = n.logProbSum.dataSync()[0] as number;
        if (Number.isFinite(v)) continue;
        const key = `${role} site '${name}'`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(`${key} (log_prob_sum = ${v})`);
      }
    }
  }
  return out;
}
