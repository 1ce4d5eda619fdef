// The Distribution base: constructor forms, validation, memory rules,
// toEvent / expand / expandBy / mask, and the wrappers' sampling.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { NotImplementedError } from '../errors.js';
import { Bernoulli, Binomial, Categorical, Normal, Exponential, Uniform } from '../families/index.js';
import { Delta, Distribution, ExpandedDistribution, Independent, MaskedDistribution, Unit, ValueError, getValidateArgs, setValidateArgs, withValidateArgs } from './index.js';

beforeAll(useCpuForTests);
afterEach(() => setValidateArgs(true));

describe('constructor forms', () => {
  it('accepts positional, keyword, and positional + keyword arguments alike', () =>
    expectNoLeaks(() => {
      tf.tidy(() => {
        const forms = [new Normal(1, 2), new Normal({ loc: 1, scale: 2 }), new (Normal as any)(1, { scale: 2 }) as Normal, new Normal(tf.scalar(1), tf.scalar(2))];
        for (const d of forms) expectClose(d.logProb(0.5), -Math.log(2) - 0.5 * Math.log(2 * Math.PI) - 0.5 * (0.25 / 4), { rtol: 1e-6 });
      });
    }));

  it('accepts nested arrays, typed arrays and tensors of other dtypes', () =>
    expectNoLeaks(() => {
      tf.tidy(() => {
        const a = new Normal([[0], [1]], new Float32Array([1, 2, 3]));
        expect(a.batchShape).toEqual([2, 3]);
        const b = new Normal(tf.tensor([0, 1], undefined, 'int32'), 1);
        expectClose(b.mean, [0, 1]);
      });
    }));

  it('names the distribution in argument errors', () => {
    expect(() => new Normal({ loc: 0 } as never)).toThrow("Normal: missing required argument 'scale'");
    expect(() => new Normal({ loc: 0, scale: 1, sacle: 2 } as never)).toThrow("Normal: unexpected argument 'sacle'");
    expect(() => new (Normal as any)(0, 1, 2)).toThrow('Normal: expected at most 2 positional argument(s), got 3');
    expect(() => new Normal(0, { loc: 1, scale: 1 } as never)).toThrow("got multiple values for argument 'loc'");
  });
});

describe('validation', () => {
  it('checks parameters at construction with torch-like messages', () => {
    expect(getValidateArgs()).toBe(true);
    expect(() => new Normal(0, [1, -1])).toThrow(ValueError);
    expect(() => new Normal(0, [1, -1])).toThrow(
      'Expected parameter scale (Tensor of shape (2,)) of distribution Normal(loc: (2,), scale: (2,)) to satisfy the constraint GreaterThan(lower_bound=0.0), but found invalid values:\ntensor([ 1., -1.])',
    );
  });

  it('checks values in logProb against the support and the shapes', () =>
    expectNoLeaks(() => {
      const d = new Exponential([1, 2, 3]);
      expect(() => d.logProb([1, -1, 2])).toThrow(
        'Expected value argument (Tensor of shape (3,)) to be within the support (GreaterThanEq(lower_bound=0.0)) of the distribution Exponential(rate: (3,)), but found invalid values:',
      );
      expect(() => d.logProb([1, 2])).toThrow('Value is not broadcastable with batch_shape+event_shape: (2,) vs (3,).');
      expect(() => new Normal(0, 1).toEvent().expand([3]).toEvent(1).logProb([1, 2])).toThrow(ValueError);
    }));

  it('follows the global switch unless an instance has its own option', () =>
    expectNoLeaks(() => {
      setValidateArgs(false);
      expect(() => new Normal(0, -1)).not.toThrow();
      const d = new Exponential(1);
      tf.tidy(() => expect(d.logProb(-1).dataSync()[0]).toBe(1));
      expect(() => new Normal(0, -1, { validateArgs: true })).toThrow(ValueError);
      setValidateArgs(true);
      expect(() => d.logProb(-1)).toThrow(ValueError);
      expect(() => new Exponential(1, { validateArgs: false }).logProb(-1).dispose()).not.toThrow();
      expect(withValidateArgs(false, () => getValidateArgs())).toBe(false);
      expect(getValidateArgs()).toBe(true);
    }));

  it('reads nothing back from the device when validation is off', () =>
    expectNoLeaks(() => {
      const spies = [jest.spyOn(tf.Tensor.prototype, 'dataSync'), jest.spyOn(tf.Tensor.prototype, 'arraySync'), jest.spyOn(tf.Tensor.prototype, 'data')];
      try {
        withValidateArgs(false, () =>
          tf.tidy(() => {
            const d = new Normal(tf.zeros([3]), tf.ones([3])).toEvent(1);
            d.logProb(tf.ones([5, 3]));
            new Exponential(tf.ones([2])).expand([4, 2]).logProb(tf.ones([4, 2]));
          }),
        );
        for (const s of spies) expect(s).not.toHaveBeenCalled();
        tf.tidy(() => {
          new Normal(tf.zeros([3]), tf.ones([3])).logProb(tf.ones([3]));
        });
        expect(spies[0]).toHaveBeenCalled();
      } finally {
        for (const s of spies) s.mockRestore();
      }
    }));
});

describe('memory', () => {
  it('owns nothing: construction and logProb inside tidy leak nothing and keep the caller tensors alive', () => {
    const loc = tf.tensor([0, 1, 2]);
    const scale = tf.tensor([1, 2, 3]);
    expectNoLeaks(() => {
      tf.tidy(() => {
        const d = new Normal(loc, scale).expand([2, 3]).toEvent(1).mask(tf.tensor([true, false]));
        d.logProb(tf.ones([2, 3]));
        d.sample([4]);
        new Normal(0.5, [1, 2]).logProb([[1, 2]]);
      });
    });
    expect(loc.isDisposed || scale.isDisposed).toBe(false);
    tf.dispose([loc, scale]);
  });

  it('construction from numbers outside any tidy creates no tensors', () =>
    expectNoLeaks(() => {
      const d = new Normal(0, [1, 2]).toEvent(1);
      expect(d.batchShape).toEqual([]);
    }));

  it('getters return new tensors the caller may dispose', () => {
    const loc = tf.tensor([0, 1]);
    expectNoLeaks(() => {
      const d = new Normal(loc, 1);
      const m = d.mean;
      expect(m).not.toBe(loc);
      m.dispose();
      expect(loc.isDisposed).toBe(false);
    });
    loc.dispose();
  });
});

describe('toEvent, expand, expandBy, mask', () => {
  it('toEvent merges nested Independents and validates n', () =>
    expectNoLeaks(() => tf.tidy(() => {
      const base = new Normal(tf.zeros([2, 3, 4]), 1);
      const d = base.toEvent(1).toEvent(1) as Independent;
      expect(d).toBeInstanceOf(Independent);
      expect(d.baseDist).toBe(base);
      expect([d.batchShape, d.eventShape, d.reinterpretedBatchNdims]).toEqual([[2], [3, 4], 2]);
      expect(base.toEvent(0)).toBe(base);
      expect(d.toEvent(0)).toBeInstanceOf(Independent);
      expect(() => new Normal(tf.zeros([2]), 1).toEvent(2)).toThrow('Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), actual 2 vs 1');
      expect(() => base.toEvent(-1)).toThrow(ValueError);
      expect(String(new Normal([0, 1], 1).toEvent(1))).toBe('Independent(Normal(loc: (2,), scale: (2,)), 1)');
      expect(d.support.toString()).toBe('IndependentConstraint(Real(), 2)');
    })));

  it('expand keeps the family and rejects shapes that do not broadcast', () =>
    expectNoLeaks(() => {
      const d = new Normal([[0], [1]], 2).expand([2, 3]);
      expect(d).toBeInstanceOf(Normal);
      expect(d.batchShape).toEqual([2, 3]);
      tf.tidy(() => expectClose(d.logProb([[0, 1, 2], [1, 1, 1]]), [-1.612085713764618, -1.737085713764618, -2.112085713764618, -1.612085713764618, -1.612085713764618, -1.612085713764618], { rtol: 1e-6 }));
      expect(() => new Normal([0, 1], 1).expand([3])).toThrow(ValueError);
      expect(() => new Normal([0, 1], 1).expand([])).toThrow(ValueError);
      expect(new Normal(0, 1).expandBy([4, 2]).batchShape).toEqual([4, 2]);
    }));

  it('expand of Independent expands the base with the reinterpreted dims', () =>
    expectNoLeaks(() => {
      const d = new Normal(0, 1).expand([3]).toEvent(1).expand([5]);
      expect([d.batchShape, d.eventShape]).toEqual([[5], [3]]);
      tf.tidy(() => expect(d.sample([2]).shape).toEqual([2, 5, 3]));
    }));

  it('mask zeroes logProb where false and broadcasts the batch shape', () =>
    expectNoLeaks(() => {
      tf.tidy(() => {
        const d = new Normal(tf.zeros([3]), 1).mask(tf.tensor([[true], [false]]));
        expect(d).toBeInstanceOf(MaskedDistribution);
        expect(d.batchShape).toEqual([2, 3]);
        expectClose(d.logProb([1, 2, 3]), [-1.4189385332046727, -2.9189385332046727, -5.418938533204672, 0, 0, 0], { rtol: 1e-6 });
        const off = new Normal(tf.zeros([3]), 1).mask(false);
        const lp = off.logProb(tf.ones([4, 3]));
        expect(lp.shape).toEqual([4, 3]);
        expectClose(lp, new Array(12).fill(0));
        expectClose(new Normal(0, 1).mask(true).logProb(1), -1.4189385332046727, { rtol: 1e-6 });
        expectClose(new Normal(tf.zeros([2]), 1).mask([true, false]).logProb([1, 1]), [-1.4189385332046727, 0], { rtol: 1e-6 });
        expectClose(new Normal(tf.zeros([2]), 1).mask(tf.tensor([1, 0])).logProb([1, 1]), [-1.4189385332046727, 0], { rtol: 1e-6 });
      });
    }));

  it('shape and sample shapes follow sampleShape + batchShape + eventShape', () =>
    expectNoLeaks(() => {
      const d = new Normal([0, 0, 0], 1).expand([4, 5, 3]).toEvent(0).expand([4, 5, 3]);
      expect(d.batchShape).toEqual([4, 5, 3]);
      const e = new Normal(0, 1).expand([3, 4, 5]).toEvent(2);
      expect(e.shape([2])).toEqual([2, 3, 4, 5]);
    }));

  it('samples have shape sampleShape + batchShape + eventShape', () =>
    expectNoLeaks(() => {
      const d = new Normal(0, 1).expand([3, 4, 5]).toEvent(2);
      for (const s of [[], [5], [2, 1]]) {
        expect(d.shape(s)).toEqual([...s, 3, 4, 5]);
        tf.tidy(() => {
          expect(d.sample(s).shape).toEqual([...s, 3, 4, 5]);
          expect(d.rsample(s).shape).toEqual([...s, 3, 4, 5]);
          expect(d.logProb(d.sample(s)).shape).toEqual([...s, 3]);
        });
      }
    }));
});

describe('ExpandedDistribution', () => {
  it('draws independent samples for grown interstitial and leading dims', () =>
    expectNoLeaks(() => {
      setRngSeed(1);
      tf.tidy(() => {
        // Base (2, 1) with means 0 and 100; expanded to (3, 2, 4).
        const base = new Normal([[0], [100]], 1);
        const d = new ExpandedDistribution(base, [3, 2, 4]);
        expect(d.batchShape).toEqual([3, 2, 4]);
        const x = d.sample([500]);
        expect(x.shape).toEqual([500, 3, 2, 4]);
        const m = tf.mean(x, 0);
        expectClose(m, [0, 0, 0, 0, 100, 100, 100, 100, 0, 0, 0, 0, 100, 100, 100, 100, 0, 0, 0, 0, 100, 100, 100, 100], { atol: 0.2 });
        // Entries along the grown dims are independent: their sample correlation is ~0.
        const a = tf.slice(x, [0, 0, 0, 0], [500, 1, 1, 1]).flatten();
        const b = tf.slice(x, [0, 0, 0, 1], [500, 1, 1, 1]).flatten();
        const corr = tf.mean(tf.mul(tf.sub(a, tf.mean(a)), tf.sub(b, tf.mean(b)))).dataSync()[0]!;
        expect(Math.abs(corr)).toBeLessThan(0.15);
        const lp = d.logProb(tf.zeros([3, 2, 4]));
        expect(lp.shape).toEqual([3, 2, 4]);
        expect(() => new ExpandedDistribution(base, [3])).toThrow('Cannot broadcast distribution of shape (2, 1) to shape (3,)');
      });
    }));

  it('expandBy falls back to ExpandedDistribution for distributions without their own expand', () =>
    expectNoLeaks(() => {
      class Plain extends Distribution {
        constructor() {
          super([2], []);
        }
        override logProb(v: tf.Tensor): tf.Tensor {
          return tf.zerosLike(v);
        }
        override sample(s: readonly number[] = []): tf.Tensor {
          return tf.zeros(this.shape(s));
        }
      }
      const d = new Plain().expandBy([3]);
      expect(d).toBeInstanceOf(ExpandedDistribution);
      expect(d.batchShape).toEqual([3, 2]);
      tf.tidy(() => expect(d.sample([4]).shape).toEqual([4, 3, 2]));
      expect(() => new Plain().entropy()).toThrow(NotImplementedError);
    }));
});

describe('Delta and Unit', () => {
  it('Delta: rsample returns v, logProb is logDensity on v and -inf elsewhere, gradients reach v', () =>
    expectNoLeaks(() => {
      tf.tidy(() => {
        const d = new Delta([[1, 2], [3, 4]], [0.5, -1], 1);
        expect([d.batchShape, d.eventShape]).toEqual([[2], [2]]);
        expectClose(d.rsample([3]), [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);
        expectClose(d.logProb([[1, 2], [3, 4.5]]), [0.5, -Infinity]);
        const g = tf.grad((v: tf.Tensor) => tf.sum(tf.square(new Delta(v).rsample([2]))))(tf.tensor([1, 2]));
        expectClose(g, [4, 8]);
        expect(() => new Delta(1, 0, 1)).toThrow('Expected event_dim <= v.dim(), actual 1 vs 0');
        expect(new Delta(1.5).toString()).toBe('Delta(v: 1.5, logDensity: 0.0)');
      });
    }));

  it('Unit: event shape (0,), logProb broadcasts logFactor', () =>
    expectNoLeaks(() => {
      tf.tidy(() => {
        const u = new Unit([1, 2]);
        expect([u.batchShape, u.eventShape]).toEqual([[2], [0]]);
        expect(u.sample([3]).shape).toEqual([3, 2, 0]);
        const lp = u.logProb(tf.zeros([3, 2, 0]));
        expect(lp.shape).toEqual([3, 2]);
        expectClose(lp, [1, 2, 1, 2, 1, 2]);
        expect(new Unit(0, { hasRsample: true }).hasRsample).toBe(true);
        expect(new Unit(0).hasRsample).toBe(false);
      });
    }));
});

describe('hasRsample_ and draw', () => {
  it('overrides reparameterization per instance', () =>
    expectNoLeaks(() => {
      const d = new Uniform(0, 1).hasRsample_(false);
      expect(d.hasRsample).toBe(false);
      expect(d.expand([2]).hasRsample).toBe(false);
      tf.tidy(() => {
        const g = tf.grad((loc: tf.Tensor) => tf.sum(new Normal(loc, 1).draw([3])))(tf.scalar(0));
        expectClose(g, 3);
        const g0 = tf.grad((loc: tf.Tensor) => tf.sum(tf.add(new Normal(loc, 1).hasRsample_(false).draw([3]), tf.mul(loc, 0))))(tf.scalar(0));
        expectClose(g0, 0);
      });
    }));
});

describe('enumerateSupport through the wrappers', () => {
  it('expand / mask / toEvent(0) keep enumeration with the expanded batch shape; toEvent(n > 0) does not enumerate', () =>
    expectNoLeaks(() =>
      tf.tidy(() => {
        const c = new Categorical([[0.2, 0.8], [0.5, 0.5]]); // batch [2], 2 categories
        const e = c.expand([3, 2]);
        expect(e.enumerateSupport().shape).toEqual([2, 3, 2]);
        expect(e.enumerateSupport(false).shape).toEqual([2, 1, 1]);
        expect(e.enumerateSupport().dtype).toBe('int32');
        const m = new Bernoulli(0.3).mask(tf.tensor([true, false, true]));
        expect(m.hasEnumerateSupport).toBe(true);
        expect(m.enumerateSupport().shape).toEqual([2, 3]);
        expect(new Bernoulli([0.1, 0.2]).toEvent(1).hasEnumerateSupport).toBe(false);
        expect(() => new Bernoulli([0.1, 0.2]).toEvent(1).enumerateSupport()).toThrow('Enumeration over cartesian product is not implemented');
        // ExpandedDistribution reshapes the base's unexpanded support.
        const x = new ExpandedDistribution(new Bernoulli([[0.1], [0.9]]), [4, 2, 3]);
        expect(x.enumerateSupport().shape).toEqual([2, 4, 2, 3]);
        expect(x.enumerateSupport(false).shape).toEqual([2, 1, 1, 1]);
        // Scoring the unexpanded support broadcasts against the batch: [K, ...batch].
        expect(c.logProb(c.enumerateSupport(false)).shape).toEqual([2, 2]);
        expectClose(c.logProb(c.enumerateSupport(false)), [Math.log(0.2), Math.log(0.5), Math.log(0.8), Math.log(0.5)], { rtol: 1e-6 });
        expect(() => new Binomial([5, 10], 0.5).enumerateSupport()).toThrow(NotImplementedError);
        expectClose(new Categorical([0.2, 0.8]).logProb(tf.tensor([1, 0], undefined, 'int32')), [Math.log(0.8), Math.log(0.2)], { rtol: 1e-6 });
      }),
    ));
});
