import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import * as T from './index.js';
import * as C from '../constraints/index.js';
import { NotImplementedError } from '../errors.js';

beforeAll(useCpuForTests);

class Even extends C.Constraint {
  readonly className = '_Even';
  constructor() {
    super('even');
  }
  protected checkTensor(value: Tensor): Tensor {
    return tf.equal(tf.mod(value, 2), 0);
  }
}

describe('constraint registries', () => {
  it('a fresh registry is empty and names the constraint class it cannot transform', () => {
    const reg = T.createConstraintRegistry();
    expect(reg.has(C.positive)).toBe(false);
    expect(() => reg(C.positive)).toThrow(NotImplementedError);
    expect(() => reg(C.positive)).toThrow('Cannot transform _GreaterThan constraints');
    expect(() => T.bijectTo(C.lowerCholesky)).toThrow('Cannot transform _LowerCholesky constraints');
  });

  it('register accepts a constraint class or an instance (standing for its class) and returns the factory', () => {
    const reg = T.createConstraintRegistry();
    const f = (): T.Transform => new T.AffineTransform(0, 2);
    expect(reg.register(Even, f)).toBe(f);
    expect(reg(new Even())).toBeInstanceOf(T.AffineTransform);
    reg.register(C.positive, () => new T.SoftplusTransform());
    // keyed by class: every GreaterThan gets the factory, a subclass does not
    expect(reg(C.greaterThan(3)).className).toBe('SoftplusTransform');
    expect(reg.has(C.softplusPositive)).toBe(false);
    expect(() => reg.register({} as unknown as C.Constraint, f)).toThrow(TypeError);
  });

  it('users can extend the global registries', () => {
    T.bijectTo.register(Even, (c) => new T.IndependentTransform(new T.AffineTransform(0, 2), c.eventDim));
    expectNoLeaks(() => {
      const t = T.bijectTo(new Even());
      const y = t.forward([1.5, -2]);
      expectClose(y, [3, -4]);
      y.dispose();
    });
  });

  it('factories receive the constraint (bounds flow into the transform)', () => {
    expectNoLeaks(() => {
      const lo = tf.tensor([0, 1]);
      const hi = tf.tensor([1, 3]);
      const t = T.transformTo(C.interval(lo, hi));
      const y = t.forward([
        [0, 0],
        [100, -100],
      ]);
      expectClose(y, [0.5, 2, 1 - 1.1920928955078125e-7, 1 + 2 * 1.1754943508222875e-38], { rtol: 1e-6, atol: 1e-6 });
      // gradients reach the bounds through the transform
      const g = tf.grads((l: Tensor, h: Tensor) => tf.sum(T.transformTo(C.interval(l, h)).forward([0, 0])))([lo, hi]);
      expectClose(g[0]!, [0.5, 0.5]);
      expectClose(g[1]!, [0.5, 0.5]);
      tf.dispose([lo, hi, y, ...g]);
    });
  });

  it('reproduces torch 1.13 structures: biject_to(positive) = Exp ∘ Affine(0, 1), biject_to(real) = Compose([])', () => {
    const p = T.bijectTo(C.positive) as T.ComposeTransform;
    expect(p.toString()).toBe('ComposeTransform(\n    ExpTransform(),\n    AffineTransform()\n)');
    expect(T.bijectTo(C.real)).toBe(T.identityTransform);
    expect(T.transformTo(C.unitInterval).className).toBe('SigmoidTransform');
    expect(T.transformTo(C.positiveSemidefinite).className).toBe('PositiveDefiniteTransform');
    expect(T.transformTo(C.positiveDefinite).toString()).toBe(
      'ComposeTransform(\n    LowerCholeskyTransform(),\n    _InverseTransform(CholeskyTransform())\n)',
    );
    expect(T.transformTo(C.cat([C.positive, C.real], 0, [2, 3])).className).toBe('CatTransform');
    expect(T.bijectTo(C.stack([C.positive, C.real])).className).toBe('StackTransform');
  });
});

describe('transform objects', () => {
  it('inv is cached and t.inv.inv is t; a composition inverts part by part', () => {
    const e = new T.ExpTransform();
    expect(e.inv).toBe(e.inv);
    expect(e.inv.inv).toBe(e);
    const c = new T.ComposeTransform([new T.AffineTransform(1, 2), new T.ExpTransform()]);
    const ci = c.inv as T.ComposeTransform;
    expect(ci).toBeInstanceOf(T.ComposeTransform);
    expect(ci.parts.map((p) => p.toString())).toEqual(['_InverseTransform(ExpTransform())', '_InverseTransform(AffineTransform())']);
    expect(ci.inv).toBe(c);
    expectNoLeaks(() => {
      const x = ci.forward([1, Math.E]);
      expectClose(x, [-0.5, 0]);
      x.dispose();
    });
  });

  it('eventDim follows torch: defined when domain and codomain agree', () => {
    expect(new T.StickBreakingTransform().eventDim).toBe(1);
    expect(new T.AffineTransform(0, 1, 2).eventDim).toBe(2);
    expect(() => new T.CorrCholeskyTransform().eventDim).toThrow('Please use either');
    expect(new T.IndependentTransform(new T.ExpTransform(), 2).domain.eventDim).toBe(2);
  });

  it('equality as torch: parameterless transforms by class, parameters by value', () => {
    expect(new T.ExpTransform().equals(new T.ExpTransform())).toBe(true);
    expect(new T.ExpTransform().equals(new T.SigmoidTransform())).toBe(false);
    expect(new T.AffineTransform(1, 2).equals(new T.AffineTransform(1, 2))).toBe(true);
    expect(new T.AffineTransform(1, 2).equals(new T.AffineTransform(1, 3))).toBe(false);
    expect(new T.ExpTransform().inv.equals(new T.ExpTransform().inv)).toBe(true);
    expectNoLeaks(() => {
      expect(new T.AffineTransform([1, 2], 2).equals(new T.AffineTransform([1, 2], 2))).toBe(true);
      expect(new T.PowerTransform([1, 2]).equals(new T.PowerTransform([1, 3]))).toBe(false);
    });
  });

  it('sign: numbers for number parameters, a tensor (caller-owned) for tensor scales; undefined signs throw', () => {
    expectNoLeaks(() => {
      expect(new T.AffineTransform(0, -3).sign).toBe(-1);
      const s = new T.ComposeTransform([new T.AffineTransform(0, [2, -1]), new T.AffineTransform(0, -1)]).sign as Tensor;
      expectClose(s, [-1, 1]);
      s.dispose();
      expect(() => new T.StickBreakingTransform().sign).toThrow(NotImplementedError);
      expect(() => new T.ComposeTransform([new T.OrderedTransform(), new T.ExpTransform()]).sign).toThrow(NotImplementedError);
    });
  });

  it('cat and stack transforms apply each part to its slice', () => {
    expectNoLeaks(() => {
      const cat = new T.CatTransform([new T.ExpTransform(), new T.AffineTransform(1, 2)], -1, [2, 1]);
      const x = [
        [0, 1, 2],
        [1, 0, -1],
      ];
      const y = cat.forward(x);
      expectClose(y, [1, Math.E, 5, Math.E, 1, -1], { rtol: 1e-6 });
      const back = cat.inverse(y);
      expectClose(back, x.flat(), { rtol: 1e-6, atol: 1e-6 });
      const ladj = cat.logAbsDetJacobian(x, y);
      expect(ladj.shape).toEqual([2, 3]);
      expectClose(ladj, [0, 1, Math.LN2, 1, 0, Math.LN2], { rtol: 1e-6, atol: 1e-7 });
      expect(cat.domain.toString()).toBe('Cat()');
      const st = new T.StackTransform([new T.ExpTransform(), new T.SigmoidTransform()], 0);
      const ys = st.forward([
        [0, 1],
        [0, 100],
      ]);
      expectClose(ys, [1, Math.E, 0.5, 1 - 1.1920928955078125e-7], { rtol: 1e-6 });
      const ls = st.logAbsDetJacobian(
        [
          [0, 1],
          [0, 1],
        ],
        ys,
      );
      expectClose(ls, [0, 1, -2 * Math.log(2), -1 - 2 * Math.log(1 + Math.exp(-1))], { rtol: 1e-6, atol: 1e-6 });
      tf.dispose([y, back, ladj, ys, ls]);
    });
  });

  it('reshape, power, positive power, abs, positive-definite and cdf transforms', () => {
    expectNoLeaks(() => {
      const r = new T.ReshapeTransform([2, 3], [6]);
      expect(r.forwardShape([5, 2, 3])).toEqual([5, 6]);
      expect(() => r.forwardShape([5, 3, 2])).toThrow('Shape mismatch');
      const rx = tf.ones([4, 2, 3]);
      const ry = r.forward(rx);
      expect(ry.shape).toEqual([4, 6]);
      const rl = r.logAbsDetJacobian(rx, ry);
      expect(rl.shape).toEqual([4]);

      const pp = new T.PositivePowerTransform(3);
      const py = pp.forward([-2, 0.5]);
      expectClose(py, [-8, 0.125]);
      const pl = pp.logAbsDetJacobian([-2, 0.5], py);
      expectClose(pl, [Math.log(12), Math.log(0.75)], { rtol: 1e-6 });
      expect(() => new T.PositivePowerTransform(-1)).toThrow('Expected exponent > 0');

      const a = new T.AbsTransform();
      const ay = a.forward([-2, 3]);
      expectClose(ay, [2, 3]);
      expect(a.bijective).toBe(false);

      const pd = new T.PositiveDefiniteTransform();
      const m = pd.forward([
        [0, 0],
        [1, Math.log(2)],
      ]);
      expectClose(m, [1, 1, 1, 5], { rtol: 1e-6 });
      const mi = pd.inverse(m);
      expectClose(mi, [0, 0, 1, Math.log(2)], { rtol: 1e-5, atol: 1e-6 });

      const logistic = {
        support: C.real,
        cdf: (v: Tensor) => tf.sigmoid(v),
        icdf: (q: Tensor) => tf.log(tf.div(q, tf.sub(1, q))),
        logProb: (v: Tensor) => tf.neg(tf.add(tf.softplus(v), tf.softplus(tf.neg(v)))),
      };
      const cdf = new T.CumulativeDistributionTransform(logistic);
      const cy = cdf.forward([0, 2]);
      expectClose(cy, [0.5, 1 / (1 + Math.exp(-2))], { rtol: 1e-6 });
      const cl = cdf.logAbsDetJacobian([0, 2], cy);
      expectClose(cl, [Math.log(0.25), Math.log(cy.dataSync()[1]! * (1 - cy.dataSync()[1]!))], { rtol: 1e-5 });
      tf.dispose([rx, ry, rl, py, pl, ay, m, mi, cy, cl]);
    });
  });

  it('inputs may be numbers, nested arrays or tensors of another dtype, and the inputs are left intact', () => {
    expectNoLeaks(() => {
      const e = new T.ExpTransform();
      const a = e.forward(0);
      expect(a.shape).toEqual([]);
      const xi = tf.tensor([0, 1], undefined, 'int32');
      const b = e.forward(xi);
      expect(b.dtype).toBe('float32');
      expectClose(b, [1, Math.E], { rtol: 1e-6 });
      const xf = tf.tensor([1, 2]);
      const l = e.logAbsDetJacobian(xf, b); // Exp's log-Jacobian is x: a copy, not the input itself
      l.dispose();
      expect(xf.isDisposed).toBe(false);
      const id = T.identityTransform.forward(xf);
      expect(id).not.toBe(xf);
      tf.dispose([a, b, xi, xf, id]);
    });
  });
});
