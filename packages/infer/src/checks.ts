// Validation of model/guide pairs and of the sites' shapes (Pyro's
// `check_model_guide_match`, `check_site_shape`, `check_if_enumerated`,
// `check_fully_reparametrized`). Run when poutine's validation is on.
import { isSubsample, type SampleMessage, type Trace } from '@pyro-ts/poutine';
import { NotImplementedError } from '@pyro-ts/distributions';
import { warnOnce } from './warn.js';

function sampleSites(trace: Trace): Array<[string, SampleMessage]> {
  const out: Array<[string, SampleMessage]> = [];
  for (const [name, n] of trace.nodes) if (n.type === 'sample') out.push([name, n]);
  return out;
}

const list = (names: Iterable<string>): string => [...names].map((n) => `'${n}'`).join(', ');

/** A shape as Pyro prints it in these messages (a Python list). */
const fmt = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/**
 * Checks that the guide's sample sites match the model's:
 * - a non-auxiliary guide site must be a latent site of the model (throws, naming it);
 * - a guide site must not be observed unless it is auxiliary (a `factor`) (throws);
 * - model latent sites absent from the guide are sampled from the prior (warns);
 * - at sites in both, the event dims and shapes must agree, up to
 *   broadcasting left of `maxPlateNesting` (throws, naming the site);
 * - a `factor` in the guide must say whether it is reparameterized (throws).
 */
export function checkModelGuideMatch(modelTrace: Trace, guideTrace: Trace, maxPlateNesting = Infinity): void {
  const guide = sampleSites(guideTrace).filter(([, s]) => !isSubsample(s.fn));
  const model = sampleSites(modelTrace).filter(([, s]) => !isSubsample(s.fn));
  const guideVars = new Set(guide.map(([n]) => n));
  const auxVars = new Set(guide.filter(([, s]) => s.infer.isAuxiliary === true).map(([n]) => n));
  const modelVars = new Set(model.filter(([, s]) => !s.isObserved).map(([n]) => n));
  const modelObserved = new Set(model.filter(([, s]) => s.isObserved).map(([n]) => n));
  const enumVars = new Set(
    model.filter(([n, s]) => !s.isObserved && s.infer._enumerateDim !== undefined && s.infer._enumerateDim !== null && !guideVars.has(n)).map(([n]) => n),
  );

  const observedInGuide = guide.filter(([n, s]) => s.isObserved && !auxVars.has(n)).map(([n]) => n);
  if (observedInGuide.length > 0) {
    throw new Error(
      `Found observed site(s) in the guide: ${list(observedInGuide)}. A guide samples the latent variables only: ` +
        'remove obs from the guide (observations belong in the model), or use factor() for an extra log-density term.',
    );
  }
  const auxInModel = [...auxVars].filter((n) => modelVars.has(n));
  if (auxInModel.length > 0) warnOnce(`Found auxiliary vars in the model: ${list(auxInModel)}`);
  const missing = [...guideVars].filter((n) => !auxVars.has(n) && !modelVars.has(n));
  if (missing.length > 0) {
    const observed = missing.filter((n) => modelObserved.has(n));
    const detail =
      observed.length > 0
        ? ` (${list(observed)} ${observed.length === 1 ? 'is' : 'are'} observed in the model, so the guide must not sample ${observed.length === 1 ? 'it' : 'them'})`
        : '';
    throw new Error(
      `Found guide site(s) ${list(missing)} that are not latent sites of the model${detail}. Every sample site of the guide must be a ` +
        "latent sample site of the model with the same name; mark extra guide variables with infer: { isAuxiliary: true }.",
    );
  }
  const notInGuide = [...modelVars].filter((n) => !guideVars.has(n) && !enumVars.has(n));
  if (notInGuide.length > 0) {
    for (const n of notInGuide) {
      const site = modelTrace.sampleSite(n);
      if (site.infer.enumerate === 'sequential') {
        throw new NotImplementedError(`At site '${n}', model-side sequential enumeration is not implemented. Try parallel enumeration or guide-side enumeration.`);
      }
    }
    warnOnce(`Found vars in model but not guide: ${list(notInGuide)}`);
  }

  for (const name of modelVars) {
    if (!guideVars.has(name)) continue;
    const m = modelTrace.sampleSite(name);
    const g = guideTrace.sampleSite(name);
    if (m.fn.eventDim !== g.fn.eventDim) {
      throw new Error(`Model and guide event_dims disagree at site '${name}': ${m.fn.eventDim} vs ${g.fn.eventDim}`);
    }
    let ms = m.fn.shape();
    let gs = g.fn.shape();
    if (shapesMatch(ms, gs)) continue;
    if (ms.length > maxPlateNesting) ms = ms.slice(ms.length - maxPlateNesting - m.fn.eventDim);
    if (gs.length > maxPlateNesting) gs = gs.slice(gs.length - maxPlateNesting - g.fn.eventDim);
    if (shapesMatch(ms, gs)) continue;
    const n = Math.max(ms.length, gs.length);
    for (let i = 1; i <= n; i++) {
      const a = ms.length - i >= 0 ? (ms[ms.length - i] as number) : 1;
      const b = gs.length - i >= 0 ? (gs[gs.length - i] as number) : 1;
      if (a !== b) {
        throw new Error(
          `Model and guide shapes disagree at site '${name}': ${fmt(m.fn.shape())} vs ${fmt(g.fn.shape())} ` +
            `(the shape is batch shape + event shape of the site's distribution; make the guide's distribution match the model's, ` +
            'e.g. sample it inside the same plates or reshape its parameters)',
        );
      }
    }
  }

  const modelPlates = new Set(sampleSites(modelTrace).filter(([, s]) => !s.isObserved && isSubsample(s.fn)).map(([n]) => n));
  const guidePlates = sampleSites(guideTrace)
    .filter(([, s]) => isSubsample(s.fn))
    .map(([n]) => n)
    .filter((n) => !modelPlates.has(n));
  if (guidePlates.length > 0) warnOnce(`Found plate statements in guide but not model: ${list(guidePlates)}`);

  for (const [name, s] of sampleSites(guideTrace)) {
    if (s.infer.isAuxiliary !== true || s.fn.className !== 'Unit') continue;
    if (!Object.prototype.hasOwnProperty.call(s.fn, 'hasRsample')) {
      throw new Error(
        `At guide site factor('${name}', ...), missing specification of hasRsample. Please either set hasRsample: true if the factor ` +
          'statement arises from reparametrized sampling or hasRsample: false otherwise.',
      );
    }
  }
}

function shapesMatch(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Checks that a site's log-probability has the shape its plates imply
 * (Pyro's `check_site_shape`): each plate's size at its dim, size 1 at dims
 * no plate uses, and no more plate dims than `maxPlateNesting`. Dims left of
 * `maxPlateNesting` are not checked. Needs `site.logProb`.
 */
export function checkSiteShape(site: SampleMessage, maxPlateNesting: number): void {
  const lp = site.logProb;
  if (lp === undefined) return;
  let actual = lp.shape.slice();
  let expected: Array<number | null> = [];
  for (const f of site.condIndepStack) {
    if (f.dim === null) continue;
    if (expected.length < -f.dim) expected = [...new Array<null>(-f.dim - expected.length).fill(null), ...expected];
    const i = expected.length + f.dim;
    if (expected[i] !== null) {
      throw new Error(`at site "${site.name}" within plate("${f.name}", dim=${f.dim}), dim collision\n  Try setting dim arg in other plates.`);
    }
    expected[i] = f.size;
  }
  const exp = expected.map((e) => (e === null ? -1 : e));
  if (exp.length > maxPlateNesting) {
    throw new Error(`at site "${site.name}", plate stack overflow\n  Try increasing maxPlateNesting to at least ${exp.length}`);
  }
  if (maxPlateNesting < actual.length) actual = actual.slice(actual.length - maxPlateNesting);
  const n = Math.max(actual.length, exp.length);
  for (let i = 1; i <= n; i++) {
    const a = actual.length - i >= 0 ? (actual[actual.length - i] as number) : 1;
    const e = exp.length - i >= 0 ? (exp[exp.length - i] as number) : 1;
    if (e !== -1 && e !== a) {
      throw new Error(
        [
          `at site "${site.name}", invalid log_prob shape`,
          `Expected ${fmt(exp)}, actual ${fmt(actual)}`,
          'Try one of the following fixes:',
          '- enclose the batched tensor in a plate(...) scope',
          '- .toEvent(...) the distribution being sampled',
          '- transpose data dimensions',
        ].join('\n  '),
      );
    }
  }
  const enumDim = site.infer._enumerateDim;
  if (typeof enumDim === 'number') {
    const bs = site.fn.batchShape;
    if (bs.length >= -enumDim && bs[bs.length + enumDim] !== 1) {
      throw new Error(
        `Enumeration dim conflict at site "${site.name}": its enumeration dim ${enumDim} is used by its batch shape ${fmt(bs)}. ` +
          'Try increasing maxPlateNesting.',
      );
    }
  }
}

/** Warns about sites configured for enumeration in a guide used by a non-enumerating ELBO. */
export function checkIfEnumerated(guideTrace: Trace): void {
  const sites = sampleSites(guideTrace)
    .filter(([, s]) => s.infer.enumerate !== undefined)
    .map(([n]) => n);
  if (sites.length > 0) {
    warnOnce(`Found sample sites configured for enumeration: ${sites.join(', ')}\nIf you want to enumerate sites, you need to use TraceEnumELBO instead.`);
  }
}

/** Throws unless the guide site is fully reparameterized (TraceMeanFieldELBO's requirement). */
export function checkFullyReparametrized(site: SampleMessage): void {
  const parts = site.scoreParts;
  const fullyRep = site.fn.hasRsample && parts !== undefined && parts.entropyTerm !== 0 && parts.scoreFunction === 0;
  if (!fullyRep) {
    throw new NotImplementedError(`All distributions in the guide must be fully reparameterized (site '${site.name}' is not).`);
  }
}
