// SVI.step: which parameters it trains, what survives it, custom losses,
// evaluateLoss, run, and the training helpers.
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Delta, Normal, constraints } from '@pyro-ts/distributions';
import { ParamStore } from '@pyro-ts/param-store';
import { Adam, SGD } from '@pyro-ts/optim';
import { getParamStore, module, param, resetRuntime, sample } from '@pyro-ts/primitives';
import { SVI, TraceELBO, train, trainAsync } from './index.js';

const LOG2PI = Math.log(2 * Math.PI);

describe('SVI.step', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  // log p = log N(z | 0, 1) + log N(0.5 | z, 1); loss(z) = −log p; d loss / dz = z − (0.5 − z) = 2z − 0.5
  const model = (): void => {
    const z = sample('z', new Normal(0, 1));
    sample('x', new Normal(z, 1), { obs: tf.scalar(0.5) });
  };

  it('trains a parameter from the step that creates it, with exactly the gradient of the loss', () => {
    const guide = (): void => {
      sample('z', new Delta(param('z_q', 1.5)));
    };
    const svi = new SVI(model, guide, new SGD({ lr: 0.1 }), new TraceELBO());
    const before = tf.memory().numTensors;
    const loss = svi.step();
    // float32: rtol 1e-6
    expectClose(loss, 0.5 * 1.5 ** 2 + 0.5 * (0.5 - 1.5) ** 2 + LOG2PI, { rtol: 1e-6 }, 'loss');
    expectClose(getParamStore().get('z_q'), 1.5 - 0.1 * (2 * 1.5 - 0.5), { rtol: 1e-6 }, 'z_q after one step');
    // what survives: the parameter (SGD keeps no state)
    expect(tf.memory().numTensors - before).toBe(1);
    svi.step();
    expectClose(getParamStore().get('z_q'), 1.25 - 0.1 * (2 * 1.25 - 0.5), { rtol: 1e-6 }, 'z_q after two steps');
    expect(tf.memory().numTensors - before).toBe(1);
  });

  it('steps only the parameters the model and guide touched, by name; parameters created later join', () => {
    let withScale = false;
    const guide = (): void => {
      const loc = param('loc', 0.3);
      const scale = withScale ? param('scale', 0.5, { constraint: constraints.positive }) : tf.scalar(0.5);
      sample('z', new Normal(loc, scale));
    };
    const store = getParamStore();
    store.param('unused', 7);
    const optim = new Adam({ lr: 0.01 });
    const svi = new SVI(model, guide, optim, new TraceELBO());
    setRngSeed(1);
    svi.step();
    expect(optim.paramNames).toEqual(['loc']);
    withScale = true;
    const before = tf.memory().numTensors;
    svi.step();
    expect(optim.paramNames).toEqual(['loc', 'scale']);
    // the new parameter (1) and its two Adam slots
    expect(tf.memory().numTensors - before).toBe(3);
    expect(store.get('scale').dataSync()[0]).not.toBeCloseTo(0.5, 6);
    expect(store.get('unused').dataSync()[0]).toBe(7);
    expectNoLeaks(() => {
      for (let i = 0; i < 20; i++) svi.step();
    });
    optim.dispose();
  });

  it('trains module parameters and uses an explicit param store', () => {
    const store = new ParamStore();
    const w = tf.variable(tf.tensor1d([0.2, -0.1]));
    const net = { w };
    const guide = (): void => {
      const m = module('net', net, { store });
      sample('z', new Delta(tf.sum(m.w)));
    };
    const svi = new SVI(model, guide, new SGD({ lr: 0.1 }), new TraceELBO(), { paramStore: store });
    svi.step();
    // d loss / dz = 2·0.1 − 0.5 = −0.3 for each weight
    expectClose(store.get('net$$$w'), [0.2 + 0.03, -0.1 + 0.03], { rtol: 1e-6 }, 'net weights');
    expect(getParamStore().size).toBe(0);
    store.dispose();
  });

  it('a custom loss function', () => {
    const guide = (): void => {
      sample('z', new Delta(param('z_q', 1)));
    };
    const elbo = new TraceELBO();
    const loss = (m: () => void, g: () => void): tf.Tensor => tf.mul(elbo.differentiableLoss(m, g), 2);
    const svi = new SVI(model, guide, new SGD({ lr: 0.1 }), loss);
    expectClose(svi.step(), 2 * (0.5 + 0.125 + LOG2PI), { rtol: 1e-6 }, 'loss');
    expectClose(getParamStore().get('z_q'), 1 - 0.1 * 2 * 1.5, { rtol: 1e-6 }, 'z_q');
    expectNoLeaks(() => {
      const l = svi.evaluateLoss();
      expect(Number.isFinite(l)).toBe(true);
    });
  });

  it('evaluateLoss changes nothing; run collects traces from the trained guide', () => {
    const guide = (): void => {
      sample('z', new Normal(param('loc', 0), param('scale', 1, { constraint: constraints.positive })));
    };
    const svi = new SVI(model, guide, new Adam({ lr: 0.05 }), new TraceELBO(), { numSteps: 50, numSamples: 7 });
    setRngSeed(2);
    svi.evaluateLoss();
    const loc = getParamStore().get('loc').dataSync()[0];
    svi.evaluateLoss();
    expect(getParamStore().get('loc').dataSync()[0]).toBe(loc);
    const before = tf.memory().numTensors;
    svi.run();
    expect(getParamStore().get('loc').dataSync()[0]).not.toBe(loc);
    expect(svi.execTraces).toHaveLength(7);
    expect(svi.logWeights).toEqual(new Array(7).fill(1));
    const t = svi.execTraces[0] as ReturnType<typeof svi.sampleTrace>;
    expect(t.sampleSite('x').isObserved).toBe(true);
    expect(svi.sampleTrace().has('x')).toBe(false);
    const marginals = svi.marginal('z');
    expect(marginals.empirical.get('z')?.samples.shape).toEqual([7]);
    marginals.dispose();
    svi.dispose();
    // Adam slots (4) stay; traces are freed
    expect(tf.memory().numTensors - before).toBe(4);
  });
});

describe('train', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  const model = (x: tf.Tensor): void => {
    const z = sample('z', new Normal(0, 1));
    sample('x', new Normal(z, 1), { obs: x });
  };
  const guide = (): void => {
    sample('z', new Delta(param('z_q', 0)));
  };

  it('runs the steps with per-step arguments, reports progress, and stops when onStep returns false', () => {
    const svi = new SVI(model, guide, new SGD({ lr: 0.1 }), new TraceELBO());
    const xs = [tf.scalar(1), tf.scalar(2)];
    const lines: string[] = [];
    const seen: number[] = [];
    const r = train(svi, {
      numSteps: 10,
      args: (i) => [xs[i % 2] as tf.Tensor],
      progress: { every: 2, log: (l) => lines.push(l) },
      onStep: ({ step }) => {
        seen.push(step);
        return step < 5;
      },
    });
    expect(r.steps).toBe(6);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^step {2}2\/10 {2}loss \S+ {2}[\d.]+ ms\/step$/);
    tf.dispose(xs);
  });

  it('trainAsync converges to the MAP of z', async () => {
    const svi = new SVI(model, guide, new SGD({ lr: 0.1 }), new TraceELBO());
    const x = tf.scalar(3);
    const r = await trainAsync(svi, { numSteps: 60, args: [x], yieldEvery: 7 });
    expect(r.losses).toHaveLength(60);
    // MAP of N(z | 0, 1) N(3 | z, 1): z = 1.5
    expectClose(getParamStore().get('z_q'), 1.5, { atol: 1e-4 }, 'z_q');
    x.dispose();
  });
});
