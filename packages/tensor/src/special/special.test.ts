import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';
import * as S from './index.js';
import { type Nested, compareClose, expectClose, expectNoLeaks, flatten, loadConformance, specialConformanceCases, useCpuForTests } from '../testing/index.js';

beforeAll(useCpuForTests);

const cases = specialConformanceCases();

describe('special.json conformance (cpu)', () => {
  it('maps every fixture case', () => {
    expect(cases).toHaveLength(62);
    expect(new Set(cases.map((c) => c.id)).size).toBe(62);
  });
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    expectNoLeaks(() => {
      const out = c.compute();
      try {
        expect(out.dtype).toBe('float32');
        expect(out.shape).toEqual(c.expectedShape);
        const msg = compareClose(out.dataSync() as Float32Array, c.expected, c.tol);
        if (msg !== null) throw new Error(`${c.id}: ${msg}`);
      } finally {
        out.dispose();
      }
    });
  });
});

describe('log1p/expm1 compositions (backends without accurate Log1p/Expm1 kernels)', () => {
  // cpu's kernels are declared accurate, so the other tests take the kernel
  // path; here the declaration is withdrawn to exercise the series.
  beforeAll(() => S.declareAccurateKernels('cpu', []));
  afterAll(() => S.declareAccurateKernels('cpu', ['Log1p', 'Expm1']));
  const uses = ['log1p', 'expm1', 'softplus', 'logsigmoid', 'log_ndtr', 'grid/log_ndtr', 'xlog1py', 'betaln/lgamma', 'pyro_log_beta/tol', 'probs_to_logits_binary', 'bessel/vonmises_log_I0', 'gammainc', 'gammaincc'];
  it.each(cases.filter((c) => uses.includes(c.id)).map((c) => [c.id, c] as const))('%s', (_id, c) => {
    expect(S.accurateKernels('cpu')).toEqual([]);
    expectNoLeaks(() => {
      const out = c.compute();
      const msg = compareClose(out.dataSync() as Float32Array, c.expected, c.tol);
      out.dispose();
      if (msg !== null) throw new Error(`${c.id}: ${msg}`);
    });
  });
  it('match Math.log1p / Math.expm1 to 2e-7 relative across scales, with their gradients', () => {
    expectNoLeaks(() => {
      const xs: number[] = [];
      for (let e = -30; e <= 1; e += 0.25) xs.push(10 ** e, -(10 ** e) * 0.5);
      xs.push(-1, -0.75, -0.5, 0.99, 1.01, 3, 1e6, Infinity);
      const f32 = xs.map(Math.fround);
      expectClose(valuesAt(S.log1p, f32), f32.map(Math.log1p), { rtol: 2e-7 });
      expectClose(valuesAt(S.expm1, f32.slice(0, -4)), f32.slice(0, -4).map(Math.expm1), { rtol: 2e-7 });
      const g = [-0.9, -0.3, 1e-6, 0.4, 2];
      expectClose(gradAt(S.log1p, g), g.map((v) => 1 / (1 + Math.fround(v))), { rtol: 1e-6 });
      expectClose(gradAt(S.expm1, g), g.map((v) => Math.exp(Math.fround(v))), { rtol: 1e-6 });
    });
  });
});

/** tf.grad of sum(f) at `xs`, as numbers. */
function gradAt(f: (x: Tensor) => Tensor, xs: number[]): number[] {
  return tf.tidy(() => Array.from(tf.grad((v: Tensor) => tf.sum(f(v)))(tf.tensor1d(xs, 'float32')).dataSync()));
}
/** f at `xs`, as numbers. */
function valuesAt(f: (x: Tensor) => Tensor, xs: number[]): number[] {
  return tf.tidy(() => Array.from(f(tf.tensor1d(xs, 'float32')).dataSync()));
}

describe('dense grids: gradients against the neighbouring reference grids', () => {
  const fixture = loadConformance<{ id: string; inputs: Nested[]; output: Nested }>('special.json');
  const grid = (id: string): { x: number[]; y: number[] } => {
    const c = fixture.find((k) => k.id === id);
    if (c === undefined) throw new Error(`no fixture case ${id}`);
    return { x: flatten(c.inputs[0] as Nested), y: flatten(c.output) };
  };
  it('d/dx lgamma on grid/lgamma is grid/digamma', () => {
    expectNoLeaks(() => {
      const g = grid('grid/lgamma');
      expect(g.x).toEqual(grid('grid/digamma').x);
      expectClose(gradAt(S.lgamma, g.x), grid('grid/digamma').y, { rtol: 1e-5, atol: 1e-6 });
    });
  });
  it('d/dx digamma on grid/digamma is grid/polygamma1', () => {
    expectNoLeaks(() => {
      const g = grid('grid/digamma');
      expect(g.x).toEqual(grid('grid/polygamma1').x);
      expectClose(gradAt(S.digamma, g.x), grid('grid/polygamma1').y, { rtol: 1e-5 });
    });
  });
  it('d/dy erfinv on grid/erfinv is sqrt(pi)/2 exp(erfinv(y)^2)', () => {
    expectNoLeaks(() => {
      // The expected values with the float32 overrides (±0.999 is ±0.99900001287 in float32).
      const g = grid('grid/erfinv');
      const y = cases.find((c) => c.id === 'grid/erfinv')?.expected ?? [];
      expectClose(gradAt(S.erfinv, g.x), y.map((v) => (Math.sqrt(Math.PI) / 2) * Math.exp(v * v)), { rtol: 1e-5 });
    });
  });
  it('d/dx logNdtr on grid/log_ndtr is pdf/cdf (from the reference log cdf)', () => {
    expectNoLeaks(() => {
      const g = grid('grid/log_ndtr');
      const ref = g.x.map((x, i) => Math.exp(-0.5 * x * x - 0.5 * Math.log(2 * Math.PI) - (g.y[i] as number)));
      expectClose(gradAt(S.logNdtr, g.x), ref, { rtol: 1e-5 });
    });
  });
  it('d/dx i0e and i1e on grid/i0e follow from grid/i0e and grid/i1e', () => {
    expectNoLeaks(() => {
      const { x, y: i0e } = grid('grid/i0e');
      const i1e = grid('grid/i1e').y;
      expect(grid('grid/i1e').x).toEqual(x);
      const d0 = x.map((v, i) => (i1e[i] as number) - Math.sign(v) * (i0e[i] as number));
      const d1 = x.map((v, i) => (v === 0 ? 0.5 : (i0e[i] as number) - (i1e[i] as number) * (1 + 1 / v)));
      expectClose(gradAt(S.i0e, x), d0, { rtol: 5e-6, atol: 1e-7 });
      expectClose(gradAt(S.i1e, x), d1, { rtol: 5e-6, atol: 1e-7 });
    });
  });
});

describe('identities and independent reference values (mpmath, 30 digits, at the float32 inputs)', () => {
  const xs = [0.1, 0.35, 0.9, 1.3, 2.2, 4.7, 9.5, 18, 31];
  it('recurrences: lgamma(x+1) - lgamma(x) = log x, psi(x+1) - psi(x) = 1/x, psi1(x+1) - psi1(x) = -1/x^2', () => {
    expectNoLeaks(() => {
      const d = (f: (t: Tensor) => Tensor): number[] => valuesAt((t) => tf.sub(f(tf.add(t, 1)), f(t)), xs);
      expectClose(d(S.lgamma), xs.map(Math.log), { rtol: 1e-5, atol: 3e-6 });
      expectClose(d(S.digamma), xs.map((x) => 1 / x), { rtol: 1e-5, atol: 2e-6 });
      expectClose(d((t) => S.polygamma(1, t)), xs.map((x) => -1 / (x * x)), { rtol: 1e-5, atol: 2e-6 });
    });
  });
  it('lgamma and polygamma(3) at negative and large arguments', () => {
    expectNoLeaks(() => {
      expectClose(valuesAt(S.lgamma, [-0.001, -5.5, -20.25, -100.5, 0.01, 2.5e4]), [6.908333270045072, -4.517832174007741, -41.60096191534053, -364.90096830942736, 4.599479900519132, 228161.63322257306], { rtol: 2e-6 });
      expectClose(valuesAt((t) => S.polygamma(3, t), [0.25, 1.5, 7, 30, -0.5, -3.3]), [1538.7821440091884, 1.4090910340024372, 0.007198198563125445, 7.78600366473613e-5, 193.40909103400244, 768.986122634595], { rtol: 2e-6 });
    });
  });
  it('erf + erfc = 1, erf odd, erfinv(erf(x)) = x, ndtri(ndtr(x)) = x, exp(logNdtr) = ndtr', () => {
    expectNoLeaks(() => {
      const x = [-2.4, -1.1, -0.45, -0.05, 0.05, 0.3, 0.6, 1.7, 2.4];
      expectClose(valuesAt((t) => tf.add(S.erf(t), S.erfc(t)), x), x.map(() => 1), { rtol: 2e-7 });
      expectClose(valuesAt((t) => tf.add(S.erf(t), S.erf(tf.neg(t))), x), x.map(() => 0), { atol: 1e-7 });
      expectClose(valuesAt((t) => S.erfinv(S.erf(t)), x), x, { rtol: 2e-5 });
      const z = [-5, -2.5, -0.7, 0, 0.4, 1.9, 3];
      expectClose(valuesAt((t) => S.ndtri(S.ndtr(t)), z), z, { rtol: 2e-5, atol: 1e-6 });
      expectClose(valuesAt((t) => tf.exp(S.logNdtr(t)), [-10, ...z]), valuesAt(S.ndtr, [-10, ...z]), { rtol: 2e-6 });
    });
  });
  it('Bessel: i0 = e^|x| i0e, i1 = e^|x| i1e, logBesselI = log I', () => {
    expectNoLeaks(() => {
      const x = [-7, -0.3, 0.2, 3.7, 3.8, 12, 40];
      const scale = (f: (t: Tensor) => Tensor) => valuesAt((t) => tf.mul(f(t), tf.exp(tf.abs(t))), x);
      expectClose(valuesAt(S.i0, x), scale(S.i0e), { rtol: 1e-5 });
      expectClose(valuesAt(S.i1, x), scale(S.i1e), { rtol: 1e-5 });
      const xp = x.map(Math.abs);
      expectClose(valuesAt((t) => S.logBesselI(t, 0), xp), valuesAt((t) => tf.log(S.i0(t)), xp), { rtol: 2e-6, atol: 1e-6 });
      expectClose(valuesAt((t) => S.logBesselI(t, 1), xp), valuesAt((t) => tf.log(S.i1(t)), xp), { rtol: 2e-6, atol: 1e-6 });
    });
  });
  it('logI1 of a scalar has shape [orders + 1, 1] (as Pyro) and the series values', () => {
    expectNoLeaks(() => {
      const out = S.logI1(3, 2.5);
      expect(out.shape).toEqual([4, 1]);
      expectClose(out, [1.190838671196028, 0.9229549745134935, 0.24409543781713305, -0.7457668093443535], { rtol: 2e-6 });
      out.dispose();
    });
  });
  it('gammainc and gammaincc in every region (series, fraction, small a, Temme)', () => {
    expectNoLeaks(() => {
      const a = [0.01, 0.05, 0.5, 0.3, 2.5, 4, 10, 40, 100, 250, 1000, 5000, 1e4, 60, 60, 0.7];
      const x = [0.5, 0.9, 0.02, 1.05, 3, 2.5, 30, 45, 95, 260, 1050, 4900, 1.03e4, 20, 150, 25];
      const P = [0.9943732439324422, 0.9863864252725841, 0.15851941713010897, 0.9215703269029805, 0.6937810815867216, 0.24242386686693404, 0.9999928782491372, 0.7916181799674072, 0.3173568111698, 0.7406105173923527, 0.9413288886226819, 0.07794495622651391, 0.9985295051036143, 4.233284694712903e-13, 1.0, 0.9999999999959731];
      const Q = [0.005626756067557822, 0.013613574727415858, 0.841480582869891, 0.07842967309701954, 0.3062189184132784, 0.7575761331330659, 7.121750862815577e-6, 0.20838182003259278, 0.6826431888302, 0.25938948260764727, 0.05867111137731808, 0.9220550437734861, 0.0014704948963856813, 0.9999999999995767, 2.0761530190828102e-17, 4.026906117287396e-12];
      const p = S.gammainc(a, x);
      const q = S.gammaincc(a, x);
      expectClose(p, P, { rtol: 2e-5 }, 'gammainc');
      expectClose(q, Q, { rtol: 2e-5 }, 'gammaincc');
      tf.dispose([p, q]);
    });
  });
  it('d/da gammainc (finite-difference approximation) matches the exact derivative to 5e-4', () => {
    expectNoLeaks(() => {
      const a = [0.7, 0.05, 2.5, 4, 40, 1000];
      const x = tf.tensor1d([0.3, 0.9, 3, 2.5, 45, 1050], 'float32');
      const exact = [-0.6376217835623321, -0.28414962101863167, -0.22754855127826082, -0.1744749261819712, -0.04462581864678252, -0.0036718379194951804];
      expectClose(gradAt((t) => S.gammainc(t, x), a), exact, { rtol: 5e-4 });
      expectClose(gradAt((t) => S.gammaincc(t, x), a), exact.map((v) => -v), { rtol: 5e-4 });
      x.dispose();
    });
  });
  it('logBeta and logBinomial keep float32 accuracy for large arguments', () => {
    expectNoLeaks(() => {
      const lb = S.logBeta([3, 1e5, 0.5, 20, 1e-3, 12], [1e5, 1e5, 1e6, 30, 50, 1e4]);
      expectClose(lb, [-33.84565921410074, -138633.92706134808, -6.335390211057437, -33.968820791977386, 6.903276837899703, -93.0283740892913], { rtol: 2e-6 });
      const swapped = S.logBeta([1e5, 1e5, 1e6, 30, 50, 1e4], [3, 1e5, 0.5, 20, 1e-3, 12]);
      expectClose(swapped, lb, { rtol: 0, atol: 0 });
      const lbin = S.logBinomial([1e6, 1e6, 123456, 50], [3, 5e5, 789, 25]);
      expectClose(lbin, [39.654769204662266, 693140.0470130637, 4768.939572796974, 32.47055650581199], { rtol: 2e-6 });
      tf.dispose([lb, swapped, lbin]);
    });
  });
});

describe('gradients at extreme points are finite and right (no NaN from unused branches)', () => {
  it.each([
    ['softplus', S.softplus, [-800, -40, 0, 40, 800], [0, 4.248354255291589e-18, 0.5, 1, 1]],
    ['logsigmoid', S.logsigmoid, [-800, 0, 800], [1, 0.5, 0]],
    ['erfc', S.erfc, [-30, 0, 30], [0, -2 / Math.sqrt(Math.PI), 0]],
    ['logNdtr', S.logNdtr, [-1e4, -30, -3, 40], [10000.000099999997, 30.033259667433676, 3.2830986549304364, 0]],
    ['lgamma', S.lgamma, [1e-10, 1e10], [-1e10, 23.025850929890456]],
    ['logBesselI(0)', (t: Tensor) => S.logBesselI(t, 0), [0, 1e4], [0, 0.9999499987499375]],
    ['i1', S.i1, [0], [0.5]],
    ['i1e', S.i1e, [0], [0.5]],
    ['expm1', S.expm1, [-800, 0, 80], [0, 1, 5.54062238439351e34]],
    ['log1p', S.log1p, [0, 1e-10, 1e30], [1, 1, 1e-30]],
    ['logit(eps = 0.1)', (t: Tensor) => S.logit(t, 0.1), [0, 0.05, 0.5, 0.95, 1], [0, 0, 4, 0, 0]],
  ] as [string, (t: Tensor) => Tensor, number[], number[]][])('%s', (_name, f, x, expected) => {
    expectNoLeaks(() => expectClose(gradAt(f, x), expected, { rtol: 1e-5, atol: 1e-30 }));
  });
  it('logsumexp: -Infinity entries get gradient 0, an all -Infinity slice too', () => {
    expectNoLeaks(() => {
      expectClose(gradAt((t) => S.logsumexp(t), [-Infinity, 0, -Infinity, 1]), [0, 0.2689414213699951, 0, 0.7310585786300049], { rtol: 1e-6 });
      expectClose(gradAt((t) => S.logsumexp(t), [-Infinity, -Infinity]), [0, 0], { atol: 0 });
    });
  });
  it('xlogy/xlog1py at x = 0: value 0, gradients 0 in x (torch) and x/y = 0 in y', () => {
    expectNoLeaks(() => {
      const y = tf.tensor1d([0, 2, 5], 'float32');
      const zero = tf.zeros([3]);
      expectClose(gradAt((t) => S.xlogy(t, y), [0, 0, 0]), [0, 0, 0], { atol: 0 });
      expectClose(gradAt((t) => S.xlog1py(t, y), [0, 0, 0]), [0, 0, 0], { atol: 0 });
      expectClose(gradAt((t) => S.xlogy(zero, t), [1, 2, 5]), [0, 0, 0], { atol: 0 });
      tf.dispose([y, zero]);
    });
  });
  it('gammainc: d/dx at x = 0 is the density limit (inf, 1, 0 for a < 1, = 1, > 1)', () => {
    expectNoLeaks(() => {
      const a = tf.tensor1d([0.5, 1, 2], 'float32');
      expectClose(gradAt((t) => S.gammainc(a, t), [0, 0, 0]), [Infinity, 1, 0], { atol: 0 });
      a.dispose();
    });
  });
});

describe('arguments, shapes and errors', () => {
  it('accepts numbers, nested arrays and int tensors, returns float32, leaves inputs alone', () => {
    expectNoLeaks(() => {
      const ints = tf.tensor1d([1, 2, 3], 'int32');
      const a = S.lgamma(ints);
      const b = S.lgamma([[1, 2, 3]]);
      const c = S.lgamma(3);
      expect([a.dtype, b.dtype, c.dtype]).toEqual(['float32', 'float32', 'float32']);
      expect([a.shape, b.shape, c.shape]).toEqual([[3], [1, 3], []]);
      expectClose(a, [0, 0, Math.log(2)], { atol: 2e-6 });
      expect(ints.isDisposed).toBe(false);
      tf.dispose([ints, a, b, c]);
    });
  });
  it('binary functions broadcast', () => {
    expectNoLeaks(() => {
      const outs = [S.xlogy([[1], [2]], [1, 2, 3]), S.xlog1py([[1], [2]], [1, 2, 3]), S.logBeta([[1], [2]], [1, 2, 3]), S.logBinomial([[5], [6]], [1, 2, 3]), S.gammainc([[1], [2]], [1, 2, 3]), S.gammaincc([[1], [2]], [1, 2, 3])];
      for (const o of outs) expect(o.shape).toEqual([2, 3]);
      expectClose(outs[2] as Tensor, [0, -Math.log(2), -Math.log(3), -Math.log(2), -Math.log(6), -Math.log(12)], { rtol: 1e-5, atol: 2e-6 });
      tf.dispose(outs);
    });
  });
  it('logsumexp, softmax and logSoftmax reduce any axes', () => {
    expectNoLeaks(() => {
      const x = tf.tensor2d([[0, 1, 2], [3, -1, -Infinity]]);
      const all = S.logsumexp(x);
      const both = S.logsumexp(x, [0, 1], true);
      const zeros = tf.zeros([2, 0, 3]);
      const empty = S.logsumexp(zeros, 1, true);
      const sm0 = S.softmax(x, 0);
      const ls0 = S.logSoftmax(x, 0);
      expect([all.shape, both.shape, empty.shape]).toEqual([[], [1, 1], [2, 1, 3]]);
      const ref = Math.log(1 + Math.E + Math.exp(2) + Math.exp(3) + Math.exp(-1));
      expectClose(all, ref, { rtol: 1e-6 });
      expectClose(empty, new Array(6).fill(-Infinity));
      const e = (v: number) => Math.exp(v);
      expectClose(sm0, [1 / (1 + e(3)), e(1) / (e(1) + e(-1)), 1, e(3) / (1 + e(3)), e(-1) / (e(1) + e(-1)), 0], { rtol: 1e-6, atol: 1e-7 });
      expectClose(ls0.dataSync().map(Math.exp), sm0, { rtol: 1e-6, atol: 1e-7 });
      tf.dispose([x, zeros, all, both, empty, sm0, ls0]);
    });
  });
  it('rejects invalid static arguments with a message', () => {
    expect(() => S.polygamma(1.5, 1)).toThrow('polygamma: the order n must be an integer >= 0');
    expect(() => S.mvlgamma(1, 0)).toThrow('mvlgamma: p must be an integer >= 1');
    expect(() => S.logBeta(1, 1, { tol: -1 })).toThrow('logBeta: tol must be a number >= 0');
    expect(() => S.logBesselI(1, 2 as 0)).toThrow('logBesselI: order must be 0 or 1');
    expect(() => S.logI1(-1, 1)).toThrow('logI1: orders must be an integer >= 0');
    expect(() => S.logsumexp([[1]], 2)).toThrow('logsumexp: axis 2 is out of range');
    expect(() => S.logit(0.5, 0.7)).toThrow('logit: eps must be in [0, 0.5)');
  });
});
