// Errors that name the site: model/guide mismatches, shapes, non-finite losses.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Bernoulli, Delta, Exponential, Normal, setValidateArgs } from '@pyro-ts/distributions';
import { factor, param, plate, resetRuntime, sample } from '@pyro-ts/primitives';
import { SGD } from '@pyro-ts/optim';
import { NonFiniteLossError, SVI, TraceELBO, TraceGraphELBO, TraceMeanFieldELBO, resetWarnings, train } from './index.js';

describe('model/guide validation', () => {
  beforeAll(useCpuForTests);
  beforeEach(() => {
    resetRuntime();
    resetWarnings();
  });

  const model = (): void => {
    const z = sample('z', new Normal(0, 1));
    sample('x', new Normal(z, 1), { obs: tf.scalar(0.5) });
  };

  it('a guide site missing from the model throws, naming it', () => {
    const guide = (): void => {
      sample('z', new Normal(0, 1));
      sample('w', new Normal(0, 1));
    };
    expectNoLeaks(() => expect(() => new TraceELBO().loss(model, guide)).toThrow(/'w'.*not latent sites of the model/));
    // thrown while the gradient tape records: the tape's saved tensors are freed too
    const svi = new SVI(model, guide, new SGD({ lr: 0.1 }), new TraceELBO());
    expectNoLeaks(() => expect(() => svi.step()).toThrow(/'w'.*not latent sites of the model/));
    expectNoLeaks(() => expect(Number.isFinite(new SVI(model, (): void => void sample('z', new Normal(0, 1)), new SGD({ lr: 0.1 }), new TraceELBO()).step())).toBe(true));
  });

  it('a guide site observed in the model throws, naming it', () => {
    const guide = (): void => {
      sample('z', new Normal(0, 1));
      sample('x', new Normal(0, 1));
    };
    expectNoLeaks(() => expect(() => new TraceELBO().loss(model, guide)).toThrow(/'x'.*is observed in the model/));
  });

  it('an auxiliary guide site is allowed', () => {
    const guide = (): void => {
      const u = sample('u', new Normal(0, 1), { infer: { isAuxiliary: true } });
      sample('z', new Delta(u));
    };
    expectNoLeaks(() => expect(Number.isFinite(new TraceELBO().loss(model, guide))).toBe(true));
  });

  it('an observed site in the guide throws, naming it', () => {
    const guide = (): void => {
      sample('z', new Normal(0, 1), { obs: tf.scalar(0.1) });
    };
    expectNoLeaks(() => expect(() => new TraceELBO().loss(model, guide)).toThrow(/observed site\(s\) in the guide: 'z'/));
  });

  it('a factor in the guide needs hasRsample', () => {
    const guide = (): void => {
      sample('z', new Normal(0, 1));
      factor('f', tf.scalar(0.3));
    };
    const ok = (): void => {
      sample('z', new Normal(0, 1));
      factor('f', tf.scalar(0.3), { hasRsample: true });
    };
    expectNoLeaks(() => {
      expect(() => new TraceELBO().loss(model, guide)).toThrow(/factor\('f', \.\.\.\), missing specification of hasRsample/);
      expect(Number.isFinite(new TraceELBO().loss(model, ok))).toBe(true);
    });
  });

  it('model and guide shapes that disagree throw, naming the site', () => {
    const m = (): void => {
      plate('p', 3, () => sample('z', new Normal(0, 1)));
    };
    const g = (): void => {
      plate('p', 3, () => sample('z', new Normal(tf.zeros([2, 3]), 1)));
    };
    const ev = (): void => {
      plate('p', 3, () => sample('z', new Normal(tf.zeros([3]), 1).toEvent(1)));
    };
    expectNoLeaks(() => {
      expect(() => new TraceELBO().loss(m, g)).toThrow(/Model and guide shapes disagree at site 'z': \[3\] vs \[2, 3\]/);
      expect(() => new TraceELBO().loss(m, ev)).toThrow(/event_dims disagree at site 'z': 0 vs 1/);
    });
  });

  it('a batched site outside any plate throws with the log_prob shape', () => {
    const m = (): void => {
      sample('z', new Normal(tf.zeros([3]), 1));
    };
    const g = (): void => {
      sample('z', new Normal(tf.zeros([3]), 1));
    };
    expectNoLeaks(() => expect(() => new TraceELBO().loss(m, g)).toThrow(/at site "z", invalid log_prob shape\n {2}Expected \[\], actual \[3\]/));
  });

  it('a model site missing from the guide warns once', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const g = (): void => undefined;
    expectNoLeaks(() => {
      new TraceELBO().loss(model, g);
      new TraceELBO().loss(model, g);
    });
    expect(warn.mock.calls.filter((c) => String(c[0]).includes("Found vars in model but not guide: 'z'"))).toHaveLength(1);
    warn.mockRestore();
  });

  it('TraceMeanFieldELBO rejects a non-reparameterized guide site', () => {
    const m = (): void => {
      sample('z', new Exponential(1));
    };
    const g = (): void => {
      sample('z', new Exponential(2).hasRsample_(false));
    };
    expectNoLeaks(() => expect(() => new TraceMeanFieldELBO().loss(m, g)).toThrow(/must be fully reparameterized \(site 'z'/));
  });

  it('unknown baseline options throw, naming the site', () => {
    const m = (): void => {
      sample('b', new Bernoulli({ probs: 0.5 }));
    };
    const g = (): void => {
      sample('b', new Bernoulli({ probs: 0.4 }), { infer: { baseline: { useDecayingAverage: true } } });
    };
    expectNoLeaks(() => expect(() => new TraceGraphELBO().differentiableLoss(m, g).dispose()).toThrow(/Unrecognized baseline options at site 'b': useDecayingAverage/));
  });
});

describe('a NaN or infinite loss', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('SVI.step throws naming the sites, and leaves the parameters unchanged', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    setValidateArgs(false);
    // a scale parameter gone negative: log p(x) is NaN
    const m = (): void => {
      const z = sample('z', new Normal(0, 1));
      sample('x', new Normal(z, param('s', -1)), { obs: tf.scalar(0.3) });
    };
    const g = (): void => {
      sample('z', new Delta(param('z_q', 0.2)));
    };
    const svi = new SVI(m, g, new SGD({ lr: 0.1 }), new TraceELBO());
    setRngSeed(0);
    new TraceELBO().loss(m, g); // creates the parameters
    expectNoLeaks(() => {
      let err: unknown;
      try {
        svi.step();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NonFiniteLossError);
      expect((err as NonFiniteLossError).sites).toEqual(["model site 'x' (log_prob_sum = NaN)"]);
      expect((err as Error).message).toMatch(/The loss is NaN: the log-probability is not finite at model site 'x'/);
      expect(() => train(svi, { numSteps: 3 })).toThrow(/at step 0: The loss is NaN/);
    });
    expect(svi.store.get('z_q').dataSync()[0]).toBe(Math.fround(0.2));
    expect(svi.store.get('s').dataSync()[0]).toBe(-1);
    warn.mockRestore();
  });
});
