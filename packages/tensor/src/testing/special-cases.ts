// The special-function conformance cases: every case of
// ../shared/conformance/special.json mapped to a call of @pyro-ts/tensor's
// special functions, with a float32 tolerance per function. Runnable under
// any backend (no jest dependency): `compute()` returns a new tensor the
// caller disposes.
//
// Fixture inputs are float64. Where float32 cannot hold an input (1e-300
// underflows to 0, 1e+300 overflows, 0.9999999999 rounds to 1) or the
// result (1e+304, 5e-324), the expected value of that element is replaced
// by what the float32 input implies, and `note` says so.
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import * as S from '../special/index.js';
import { type Nested, flatten, loadConformance } from './index.js';

export interface SpecialCase {
  id: string;
  /** Computes the function on the fixture's inputs (as float32); the caller disposes the result. */
  compute: () => Tensor;
  /** Expected values, flattened (float32-implied overrides applied). */
  expected: number[];
  expectedShape: number[];
  tol: { rtol: number; atol: number };
  note?: string;
}

interface FixtureCase {
  id: string;
  function: string;
  inputs: Nested[];
  input_shapes: number[][];
  output: Nested;
  output_shape: number[];
}

type Tol = { rtol: number; atol: number };

// Tolerances, float32 (eps = 1.2e-7 relative per rounding).
const TOL = {
  /** ~1e-6 absolute error near the zeros of lgamma (x = 1, 2, -2.46, ...), where Lanczos terms of size ~4 cancel. */
  lgamma: { rtol: 1e-5, atol: 2e-6 },
  /** digamma's root at 1.4616: ~1e-6 absolute there (psi(x+6) ~ 2 minus a sum ~ 2). */
  digamma: { rtol: 1e-5, atol: 1e-6 },
  polygamma: { rtol: 1e-5, atol: 0 },
  /** A sum of two lgammas (see lgamma). */
  mvlgamma: { rtol: 1e-5, atol: 4e-6 },
  /**
   * log1p, exp, log, xlogy, xlog1py: a few ulps on cpu/wasm; WGSL (WebGPU)
   * only bounds log's absolute error by 2^-21 on [0.5, 2] (7e-7 relative at
   * log 0.5) and exp's by 3 + 2|x| ulps.
   */
  elementary: { rtol: 2e-6, atol: 0 },
  /** expm1 up to x = 50: exp's own error on GPUs, 3 + 2|x| ulps (6e-6 at 50; measured 1.1e-6 on Dawn/SwiftShader). */
  expLarge: { rtol: 1e-5, atol: 0 },
  erf: { rtol: 2e-6, atol: 0 },
  /**
   * erfc, erfcx, ndtr, logNdtr: exp(-x^2) with x^2 rounded to float32 gives
   * a relative error up to 2 x^2 * 6e-8 in the tails (erfc's own condition
   * number): 7e-6 at x = 8.5.
   */
  erfcTail: { rtol: 1e-5, atol: 0 },
  /** AS 241 PPND7 is accurate to ~4e-7. */
  ndtri: { rtol: 2e-6, atol: 0 },
  /** Built on lgamma (absolute ~1e-6 where the value is near 0). */
  logBeta: { rtol: 1e-5, atol: 2e-6 },
  /** A&S 9.8.1-9.8.4 polynomials: ~6e-7 relative. */
  besselScaled: { rtol: 2e-6, atol: 0 },
  /** i0, i1 = e^|x| times the scaled value: exp's condition number |x| adds |x| * 6e-8 (3e-6 at 50). */
  besselUnscaled: { rtol: 1e-5, atol: 0 },
  logBessel: { rtol: 2e-6, atol: 1e-7 },
  /** log-space sums of 250 terms of size up to ~20. */
  logI1: { rtol: 1e-5, atol: 2e-6 },
  /**
   * ~1e-6 typically; the tails' relative condition number grows like |x - a|.
   * atol 1e-37: results below float32's smallest normal (1.2e-38, e.g.
   * gammaincc(3, 100) = 1.9e-40) are subnormal on cpu and flushed to 0 on GPUs.
   */
  gammainc: { rtol: 1e-5, atol: 1e-37 },
  /** logsumexp, softmax, logSoftmax, probability helpers. */
  logSpace: { rtol: 2e-6, atol: 1e-7 },
  /** sigmoid family: exp/log/log1p compositions (GPU log/exp bounds as for `elementary`). */
  sigmoid: { rtol: 2e-6, atol: 0 },
} satisfies Record<string, Tol>;

const EPS32 = 2 ** -23;

interface Spec {
  fn: (...args: Tensor[]) => Tensor;
  tol: Tol;
  /** element index -> the value implied by the float32 input (or float32 result) */
  overrides?: Record<number, number>;
  note?: string;
}

const lgammaSpec: Spec = { fn: (x) => S.lgamma(x), tol: TOL.lgamma };
const lse = (axis: number, keepDims = false): Spec => ({ fn: (x) => S.logsumexp(x, axis, keepDims), tol: TOL.logSpace });

const SPECS: Record<string, Spec> = {
  'lgamma/positive': {
    ...lgammaSpec,
    overrides: { 0: Infinity, 17: Infinity },
    note: '1e-300 is 0 in float32 (lgamma(0) = Infinity); 1e+300 is Infinity in float32 (lgamma = Infinity)',
  },
  'lgamma/edges': lgammaSpec,
  'digamma/positive': { fn: (x) => S.digamma(x), tol: TOL.digamma },
  'digamma/edges': { fn: (x) => S.digamma(x), tol: TOL.digamma },
  'polygamma1/positive': { fn: (x) => S.polygamma(1, x), tol: TOL.polygamma },
  'polygamma1/edges': { fn: (x) => S.polygamma(1, x), tol: TOL.polygamma },
  polygamma2: { fn: (x) => S.polygamma(2, x), tol: TOL.polygamma },
  'mvlgamma/p2': { fn: (x) => S.mvlgamma(x, 2), tol: TOL.mvlgamma },
  log1p: {
    fn: (x) => S.log1p(x),
    tol: TOL.elementary,
    overrides: { 1: -13.80231898938247, 6: 0, 12: Infinity },
    note: '-0.999999 is -0.99999898672 in float32 (log1p = -13.8023190); 1e-300 is 0; 1e+300 is Infinity',
  },
  expm1: {
    fn: (x) => S.expm1(x),
    tol: TOL.expLarge,
    overrides: { 6: 0, 11: Infinity },
    note: '1e-300 is 0 in float32; expm1(700) = 1.01e+304 overflows float32 to Infinity',
  },
  exp_log: {
    fn: (x) => tf.exp(x),
    tol: TOL.elementary,
    overrides: { 2: 0, 3: 0, 6: Infinity },
    note: 'tf.exp (no wrapper needed); exp(-745) = 5e-324 and exp(-700) = 9.9e-305 underflow float32 to 0, exp(709) = 8.2e+307 overflows',
  },
  log: {
    fn: (x) => tf.log(x),
    tol: TOL.elementary,
    overrides: { 1: -Infinity, 2: -Infinity, 5: Infinity },
    note: 'tf.log (no wrapper needed); 1e-320 and 1e-300 are 0 in float32 (log = -Infinity), 1e+300 is Infinity',
  },
  'logsumexp/vector': lse(-1),
  'logsumexp/with_neg_inf': lse(-1),
  'logsumexp/all_neg_inf': lse(-1),
  'logsumexp/with_pos_inf': lse(-1),
  'logsumexp/large': lse(-1),
  'logsumexp/tiny': lse(-1),
  'logsumexp/matrix_dim0': lse(0),
  'logsumexp/matrix_dim1_keepdim': lse(1, true),
  'logsumexp/empty': lse(-1),
  erf: { fn: (x) => S.erf(x), tol: TOL.erf },
  erfc: { fn: (x) => S.erfc(x), tol: TOL.erfcTail },
  erfcx: { fn: (x) => S.erfcx(x), tol: TOL.erfcTail },
  erfinv: {
    fn: (x) => S.erfinv(x),
    tol: TOL.ndtri,
    overrides: { 1: -Infinity, 10: 2.3267563267961546, 11: Infinity },
    note: '±0.999999999 round to ±1 in float32 (erfinv = ±Infinity); 0.999 is 0.99900001287 in float32 (erfinv = 2.32675633)',
  },
  ndtri: {
    fn: (x) => S.ndtri(x),
    tol: TOL.ndtri,
    overrides: { 1: -Infinity, 12: Infinity },
    note: '1e-300 is 0 in float32 (ndtri = -Infinity); 0.9999999999 rounds to 1 (ndtri = Infinity)',
  },
  ndtr: { fn: (x) => S.ndtr(x), tol: TOL.erfcTail },
  log_ndtr: { fn: (x) => S.logNdtr(x), tol: TOL.erfcTail },
  normal_icdf: {
    fn: (p) => S.ndtri(p),
    tol: TOL.ndtri,
    overrides: { 4: Infinity },
    note: 'Normal(0, 1).icdf(p) mapped to ndtri(p) (torch computes sqrt(2) erfinv(2p - 1), which in float32 loses p = 1e-10 entirely); 0.9999999999 rounds to 1 in float32',
  },
  'betaln/lgamma': { fn: (a, b) => S.logBeta(a, b), tol: TOL.logBeta, note: 'logBeta (exact mode) computes lgamma(a) + lgamma(b) - lgamma(a + b)' },
  'pyro_log_beta/exact': { fn: (a, b) => S.logBeta(a, b), tol: TOL.logBeta },
  'pyro_log_beta/tol': { fn: (a, b) => S.logBeta(a, b, { tol: 0.02 }), tol: TOL.logBeta },
  pyro_log_binomial: { fn: (n, k) => S.logBinomial(n, k), tol: TOL.logBeta },
  xlogy: { fn: (x, y) => S.xlogy(x, y), tol: TOL.elementary },
  xlog1py: { fn: (x, y) => S.xlog1py(x, y), tol: TOL.elementary },
  'bessel/i0': {
    fn: (x) => S.i0(x),
    tol: TOL.besselUnscaled,
    overrides: { 9: Infinity, 10: Infinity, 11: Infinity },
    note: 'I0(100) = 1.07e+42, I0(500), I0(700) overflow float32 (max 3.4e+38) to Infinity',
  },
  'bessel/i0e': { fn: (x) => S.i0e(x), tol: TOL.besselScaled },
  'bessel/i1': {
    fn: (x) => S.i1(x),
    tol: TOL.besselUnscaled,
    overrides: { 9: Infinity, 10: Infinity, 11: Infinity },
    note: 'I1(100) = 1.07e+42, I1(500), I1(700) overflow float32 (max 3.4e+38) to Infinity',
  },
  'bessel/i1e': { fn: (x) => S.i1e(x), tol: TOL.besselScaled },
  'bessel/vonmises_log_I0': { fn: (x) => S.logBesselI(x, 0), tol: TOL.logBessel },
  'bessel/vonmises_log_I1': { fn: (x) => S.logBesselI(x, 1), tol: TOL.logBessel },
  'bessel/pyro_log_I1': { fn: (x) => S.logI1(3, x), tol: TOL.logI1 },
  gammainc: { fn: (a, x) => S.gammainc(a, x), tol: TOL.gammainc },
  gammaincc: {
    fn: (a, x) => S.gammaincc(a, x),
    tol: TOL.gammainc,
    note: 'gammaincc(3, 100) = 1.9e-40 is a float32 subnormal (0 on GPUs that flush them); atol 1e-37 covers it',
  },
  softplus: { fn: (x) => S.softplus(x), tol: TOL.sigmoid },
  sigmoid: { fn: (x) => S.sigmoid(x), tol: TOL.sigmoid },
  logsigmoid: { fn: (x) => S.logsigmoid(x), tol: TOL.sigmoid },
  logit: {
    fn: (p) => S.logit(p),
    tol: TOL.sigmoid,
    overrides: { 1: -Infinity, 6: Infinity },
    note: '1e-300 is 0 in float32 (logit = -Infinity); 0.9999999999 rounds to 1 (logit = Infinity)',
  },
  logit_eps: { fn: (p) => S.logit(p, 1e-6), tol: TOL.sigmoid },
  clamp_probs: {
    fn: (p) => S.clampProbs(p),
    tol: TOL.sigmoid,
    overrides: { 0: EPS32, 1: EPS32, 3: 1 - EPS32, 4: 1 - EPS32 },
    note: 'eps is the float32 machine epsilon 2^-23 = 1.19e-7 (torch uses the dtype eps; the fixture is float64, 2.2e-16)',
  },
  log_softmax: { fn: (x) => S.logSoftmax(x, -1), tol: TOL.logSpace },
  softmax: { fn: (x) => S.softmax(x, -1), tol: TOL.logSpace },
  probs_to_logits: {
    fn: (p) => S.probsToLogits(p),
    tol: TOL.sigmoid,
    overrides: { 3: Math.log(EPS32) },
    note: 'clamp eps is float32 epsilon 2^-23: log(eps) = -15.9424 (float64 torch: -36.04)',
  },
  probs_to_logits_binary: {
    fn: (p) => S.probsToLogits(p, true),
    tol: TOL.sigmoid,
    overrides: { 0: Math.log(EPS32) - Math.log1p(-EPS32), 3: Math.log1p(-EPS32) - Math.log(EPS32) },
    note: 'clamp eps is float32 epsilon 2^-23: logit(eps) = -15.9424 (float64 torch: -36.04)',
  },
  logits_to_probs: { fn: (x) => S.logitsToProbs(x), tol: TOL.logSpace },
  'grid/lgamma': lgammaSpec,
  'grid/digamma': { fn: (x) => S.digamma(x), tol: TOL.digamma },
  'grid/polygamma1': { fn: (x) => S.polygamma(1, x), tol: TOL.polygamma },
  'grid/erfinv': {
    fn: (x) => S.erfinv(x),
    tol: TOL.ndtri,
    overrides: { 0: -2.3267563267961546, 40: 2.3267563267961546 },
    note: '±0.999 is ±0.99900001287 in float32 (erfinv = ±2.32675633)',
  },
  'grid/log_ndtr': { fn: (x) => S.logNdtr(x), tol: TOL.erfcTail },
  'grid/i0e': { fn: (x) => S.i0e(x), tol: TOL.besselScaled },
  'grid/i1e': { fn: (x) => S.i1e(x), tol: TOL.besselScaled },
};

/**
 * Every case of special.json with its computation and expected values.
 * Throws if the fixture and this mapping disagree on the set of ids.
 */
export function specialConformanceCases(): SpecialCase[] {
  const fixture = loadConformance<FixtureCase>('special.json');
  const ids = new Set(fixture.map((c) => c.id));
  const unmapped = fixture.filter((c) => !(c.id in SPECS)).map((c) => c.id);
  const stale = Object.keys(SPECS).filter((id) => !ids.has(id));
  if (unmapped.length > 0 || stale.length > 0)
    throw new Error(`specialConformanceCases: fixture ids without a mapping: [${unmapped.join(', ')}]; mappings without a fixture case: [${stale.join(', ')}]`);
  return fixture.map((c) => {
    const spec = SPECS[c.id] as Spec;
    const expected = flatten(c.output);
    for (const [i, v] of Object.entries(spec.overrides ?? {})) expected[Number(i)] = v;
    const inputs = c.inputs.map((v, i) => ({ values: flatten(v), shape: c.input_shapes[i] as number[] }));
    const out: SpecialCase = {
      id: c.id,
      compute: () => tf.tidy(() => spec.fn(...inputs.map((x) => tf.tensor(x.values, x.shape, 'float32')))),
      expected,
      expectedShape: c.output_shape,
      tol: spec.tol,
    };
    if (spec.note !== undefined) out.note = spec.note;
    return out;
  });
}
