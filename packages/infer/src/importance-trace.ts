// One guide trace and the model replayed against it, with log-probabilities
// computed and the pair validated (Pyro's `get_importance_trace`).
import { isValidationEnabled, pruneSubsampleSites, replay, trace, type GraphType, type Trace } from '@pyro-ts/poutine';
import { checkModelGuideMatch, checkSiteShape } from './checks.js';
import type { Guide, Model } from './types.js';

/** Throws when the guide observes a site (before the model runs, so the error names it plainly). */
function checkGuideObservations(guideTrace: Trace): void {
  const bad: string[] = [];
  for (const [name, n] of guideTrace.nodes) if (n.type === 'sample' && n.isObserved && n.infer.isAuxiliary !== true) bad.push(`'${name}'`);
  if (bad.length > 0) {
    throw new Error(
      `Found observed site(s) in the guide: ${bad.join(', ')}. A guide samples the latent variables only: ` +
        'remove obs from the guide (observations belong in the model), or use factor() for an extra log-density term.',
    );
  }
}

/**
 * Runs the guide under a trace, then the model with its latent sites
 * replayed from the guide's trace; validates the pair (when validation is
 * on), removes the plates' subsample sites, and computes the model's
 * log-probabilities and the guide's score parts. With `detach`, the guide's
 * values are detached first. Call inside `tf.tidy` (or dispose both traces).
 */
export function getImportanceTrace<A extends unknown[]>(
  graphType: GraphType,
  maxPlateNesting: number,
  model: Model<A>,
  guide: Guide<A>,
  args: A,
  detach = false,
): { modelTrace: Trace; guideTrace: Trace } {
  const validate = isValidationEnabled();
  let guideTrace = trace(guide, { graphType }).getTrace(...args);
  if (validate) checkGuideObservations(guideTrace);
  if (detach) guideTrace.detach_();
  let modelTrace = trace(replay(model, guideTrace), { graphType }).getTrace(...args);
  if (validate) checkModelGuideMatch(modelTrace, guideTrace, maxPlateNesting);
  guideTrace = pruneSubsampleSites(guideTrace);
  modelTrace = pruneSubsampleSites(modelTrace);
  modelTrace.computeLogProb();
  guideTrace.computeScoreParts();
  if (validate) {
    for (const n of modelTrace.nodes.values()) if (n.type === 'sample') checkSiteShape(n, maxPlateNesting);
    for (const n of guideTrace.nodes.values()) if (n.type === 'sample') checkSiteShape(n, maxPlateNesting);
  }
  return { modelTrace, guideTrace };
}
