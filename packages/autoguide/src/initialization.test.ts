import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Bernoulli, Cauchy, Dirichlet, Distribution, Gamma, LogNormal, Normal, Uniform, constraints } from '@pyro-ts/distributions';
import { makeMessage, trace, type SampleMessage } from '@pyro-ts/poutine';
import { plate, resetRuntime, sample } from '@pyro-ts/primitives';
import { InitMessenger, initToFeasible, initToGenerated, initToMean, initToMedian, initToSample, initToUniform, initToValue } from './index.js';
import { values } from './fit.test-util.js';

const site = (name: string, fn: Distribution): SampleMessage => makeMessage<SampleMessage>({ type: 'sample', name, fn });

/** Runs `init` on a site and returns its values (freeing the tensor). */
function initValues(init: (s: SampleMessage) => Tensor, fn: Distribution, name = 'x'): { shape: number[]; v: number[] } {
  const t = init(site(name, fn));
  const out = { shape: t.shape.slice(), v: values(t) };
  t.dispose();
  return out;
}

/** A distribution that cannot sample (its median and mean are undefined). */
class NoSample extends Distribution {
  override get support() {
    return constraints.real;
  }
  override logProb(): Tensor {
    return tf.scalar(0);
  }
}

describe('initialization strategies', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('initToFeasible: zero in the unconstrained space, whatever the parameters', () => {
    expectNoLeaks(() => {
      expect(initValues(initToFeasible, new Normal(5, 3))).toEqual({ shape: [], v: [0] });
      expect(initValues(initToFeasible, new LogNormal(2, 3).expand([2]))).toEqual({ shape: [2], v: [1, 1] });
      expect(initValues(initToFeasible, new Uniform(0, 50)).v).toEqual([25]);
      const d = initValues(initToFeasible, new Dirichlet([1, 2, 3]));
      expect(d.shape).toEqual([3]);
      expectClose(d.v, [1 / 3, 1 / 3, 1 / 3], { atol: 1e-7 });
    });
  });

  it('initToSample: a draw of the prior from the seeded generator', () => {
    expectNoLeaks(() => {
      setRngSeed(4);
      const a = initValues(initToSample, new Gamma(2, 1).expand([3]));
      setRngSeed(4);
      const b = initValues(initToSample, new Gamma(2, 1).expand([3]));
      expect(a).toEqual(b);
      expect(a.v.every((v) => v > 0)).toBe(true);
    });
  });

  it("initToMedian: torch's lower median of numSamples draws; feasible point for multivariate sites; fallbacks", () => {
    expectNoLeaks(() => {
      const fn = new Normal([3, -1], 2);
      for (const n of [15, 4]) {
        setRngSeed(11);
        const draws = fn.sample([n]);
        const d = values(draws);
        draws.dispose();
        const lower = [0, 1].map((j) => Array.from({ length: n }, (_, i) => d[i * 2 + j] as number).sort((x, y) => x - y)[(n - 1) >> 1]);
        setRngSeed(11);
        const got = initValues(n === 15 ? initToMedian : initToMedian({ numSamples: n }), fn);
        expect(got.shape).toEqual([2]);
        expect(got.v).toEqual(lower);
      }
      // Dirichlet: multivariate, so the feasible point (Pyro's rule)
      expectClose(initValues(initToMedian, new Dirichlet([5, 1])).v, [0.5, 0.5], { atol: 1e-7 });
      // no draws: the fallback, or an error without one
      expect(initValues(initToMedian({ fallback: () => tf.scalar(7) }), new NoSample()).v).toEqual([7]);
      expect(() => initToMedian({ fallback: null })(site('q', new NoSample()))).toThrow("No init strategy specified for site 'q'");
    });
  });

  it('initToMean: the prior mean; Cauchy (NaN mean) falls back to the median', () => {
    expectNoLeaks(() => {
      expect(initValues(initToMean, new Normal(3, 2)).v).toEqual([3]);
      expectClose(initValues(initToMean, new Gamma([2, 6], 4)).v, [0.5, 1.5], { rtol: 1e-6 });
      expectClose(initValues(initToMean, new Dirichlet([1, 3])).v, [0.25, 0.75], { rtol: 1e-6 });
      setRngSeed(2);
      const med = initValues(initToMedian, new Cauchy(10, 1));
      setRngSeed(2);
      expect(initValues(initToMean, new Cauchy(10, 1))).toEqual(med);
      expect(initValues(initToMean({ fallback: () => tf.scalar(-1) }), new Cauchy(10, 1)).v).toEqual([-1]);
      expect(() => initToMean({ fallback: null })(site('c', new Cauchy(0, 1)))).toThrow("No init strategy specified for site 'c'");
    });
  });

  it('initToUniform: uniform on (-radius, radius) in the unconstrained space', () => {
    expectNoLeaks(() => {
      setRngSeed(0);
      const v = initValues(initToUniform, new LogNormal(0, 1).expand([200])).v;
      expect(Math.min(...v)).toBeGreaterThan(Math.exp(-2));
      expect(Math.max(...v)).toBeLessThan(Math.exp(2));
      // the logs spread over the whole box: min < -1.8, max > 1.8 with 200 draws
      expect(Math.log(Math.min(...v))).toBeLessThan(-1.8);
      expect(Math.log(Math.max(...v))).toBeGreaterThan(1.8);
      const r = initValues(initToUniform({ radius: 0.5 }), new Normal(100, 1).expand([200])).v;
      expect(Math.max(...r.map(Math.abs))).toBeLessThan(0.5);
      expect(() => initToUniform({ radius: 0 })).toThrow('radius must be positive');
    });
  });

  it('initToValue: given values (tensors or numbers) and a fallback for the rest', () => {
    expectNoLeaks(() => {
      const given = tf.tensor1d([1, 2]);
      const init = initToValue({ values: { a: given, b: 4 }, fallback: initToFeasible });
      const a = init(site('a', new Normal(0, 1).expand([2])));
      expect(a).toBe(given);
      expect(initValues(init, new Normal(0, 1), 'b').v).toEqual([4]);
      expect(initValues(init, new LogNormal(0, 1), 'c').v).toEqual([1]);
      expect(() => initToValue({ values: {}, fallback: null })(site('d', new Normal(0, 1)))).toThrow("No init strategy specified for site 'd'");
      given.dispose();
    });
  });

  it('initToGenerated: generate() is called once per model execution (when the first site comes round again)', () => {
    expectNoLeaks(() => {
      let calls = 0;
      const init = initToGenerated({
        generate: () => {
          calls++;
          const k = calls;
          return (s: SampleMessage) => tf.fill(s.fn.shape(), k);
        },
      });
      const model = (): void => {
        sample('a', new Normal(0, 1));
        sample('b', new Normal(0, 1).expand([2]));
      };
      const run = (): number[] =>
        tf.tidy(() => {
          const tr = trace(new InitMessenger(init).wrap(model)).getTrace();
          return [...values(tr.value('a')), ...values(tr.value('b'))];
        });
      expect(run()).toEqual([1, 1, 1]);
      expect(run()).toEqual([2, 2, 2]);
      expect(calls).toBe(2);
    });
  });
});

describe('InitMessenger', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('initializes latent sites only (not observed sites or plates), inside plates at the plate-broadcast shape, and the trace owns the values', () => {
    const obs = tf.tensor1d([1, 2, 3]);
    const model = (): void => {
      const mu = sample('mu', new Normal(0, 1));
      plate('data', 3, () => {
        sample('z', new LogNormal(mu, 1));
        sample('x', new Normal(mu, 1), { obs });
      });
    };
    expectNoLeaks(() => {
      const tr = trace(new InitMessenger(initToFeasible).wrap(model)).getTrace();
      expect(values(tr.value('mu'))).toEqual([0]);
      expect(tr.value('z').shape).toEqual([3]);
      expect(values(tr.value('z'))).toEqual([1, 1, 1]);
      expect(tr.value('x')).toBe(obs);
      expect(values(tr.value('data'))).toEqual([0, 1, 2]);
      tr.dispose();
    });
    obs.dispose();
  });

  it('checks the shape of an initial value (with validation on) and explains discrete sites', () => {
    const model = (): void => {
      sample('w', new Normal(0, 1).expand([2]));
    };
    expectNoLeaks(() => {
      const bad = initToValue({ values: { w: [1, 2, 3] } });
      expect(() => tf.tidy(() => void trace(new InitMessenger(bad).wrap(model)).getTrace())).toThrow(/invalid shape for site w:\nexpected \(2,\)\nactual \(3,\)/);
      expect(() => new InitMessenger(undefined as never)).toThrow('initFn must be a function');
      const discrete = (): void => void sample('k', new Bernoulli({ probs: 0.3 }));
      expect(() => tf.tidy(() => void trace(new InitMessenger(initToFeasible).wrap(discrete)).getTrace())).toThrow(
        "Continuous inference cannot handle discrete sample site 'k'",
      );
    });
  });
});
