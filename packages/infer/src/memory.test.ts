// tf.memory().numTensors is unchanged over 10,000 SVI steps for each ELBO:
// only the parameters and the optimizer's state survive a step. Tiny
// models, and validation off: its checks only cost time here (the other
// tests run them, leak-checked).
import '@tensorflow/tfjs-backend-cpu';
import { tf, setRngSeed } from '@pyro-ts/tensor';
import { useCpuForTests } from '@pyro-ts/tensor/testing';
import { Bernoulli, Normal, constraints, setValidateArgs } from '@pyro-ts/distributions';
import { Adam, SGD } from '@pyro-ts/optim';
import { enableValidation, param, resetRuntime, sample } from '@pyro-ts/primitives';
import { RenyiELBO, SVI, TraceELBO, TraceGraphELBO, TraceMeanFieldELBO, type ELBO } from './index.js';

const STEPS = 10000;

const model = (): void => {
  sample('z', new Normal(0, 1));
};
const guide = (): void => {
  sample('z', new Normal(param('loc', 0), param('scale', 1, { constraint: constraints.positive })));
};
const locGuide = (): void => {
  sample('z', new Normal(param('loc', 0), 1));
};
const discreteModel = (): void => {
  sample('z', new Bernoulli({ probs: 0.3 }));
};
const discreteGuide = (): void => {
  sample('z', new Bernoulli({ logits: param('l', 0) }), { infer: { baseline: { useDecayingAvgBaseline: true } } });
};

describe(`${STEPS} SVI steps leave tf.memory().numTensors unchanged`, () => {
  beforeAll(useCpuForTests);
  beforeEach(() => {
    resetRuntime();
    enableValidation(false);
    setValidateArgs(false);
  });
  afterAll(resetRuntime);

  const cases: Array<[string, () => ELBO, () => void, () => void, boolean]> = [
    ['TraceELBO (Adam)', () => new TraceELBO(), model, locGuide, true],
    ['TraceMeanFieldELBO', () => new TraceMeanFieldELBO(), model, guide, false],
    ['TraceGraphELBO (score function, decaying-average baseline)', () => new TraceGraphELBO(), discreteModel, discreteGuide, false],
    ['RenyiELBO (2 vectorized particles)', () => new RenyiELBO({ vectorizeParticles: true }), model, locGuide, false],
  ];
  for (const [name, make, m, g, adam] of cases) {
    it(name, () => {
      setRngSeed(0);
      const optim = adam ? new Adam({ lr: 1e-3 }) : new SGD({ lr: 1e-3 });
      const svi = new SVI(m, g, optim, make());
      svi.step(); // creates the parameters and the optimizer state
      const before = tf.memory().numTensors;
      for (let i = 0; i < STEPS; i++) svi.step();
      expect(tf.memory().numTensors).toBe(before);
      optim.dispose();
    });
  }
});
