import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal, constraints } from '@pyro-ts/distributions';
import { ParamStore } from '@pyro-ts/param-store';
import { trace } from '@pyro-ts/poutine';
import { PyroModule, PyroParam, PyroSample, pyroMethod } from './pyro-module.js';
import { sample } from './sample.js';
import { plate } from './plate.js';
import { getParamStore } from './param-store.js';
import { resetRuntime } from './reset.js';

class BayesianLinear extends PyroModule {
  declare weight: tf.Tensor;
  declare bias: tf.Tensor;
  constructor(inFeatures: number, outFeatures: number) {
    super();
    this.define('weight', new PyroSample(new Normal(0, 1).expand([outFeatures, inFeatures]).toEvent(2)));
    this.define('bias', new PyroParam(() => tf.zeros([outFeatures])));
  }
  forward(x: tf.Tensor): tf.Tensor {
    // reading weight twice gives the one cached sample of this call
    expect(this.weight).toBe(this.weight);
    return tf.add(tf.matMul(x, this.weight, false, true), this.bias);
  }
}

class Regression extends PyroModule {
  declare linear: BayesianLinear;
  declare sigma: tf.Tensor;
  declare noise: tf.Tensor;
  constructor(options: { store?: ParamStore } = {}) {
    super('', options);
    this.linear = new BayesianLinear(2, 1);
    this.define('sigma', new PyroParam(0.5, { constraint: constraints.positive }));
    this.define('noise', new PyroSample((self) => new Normal(0, (self as Regression).sigma)));
  }
  forward(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
    const mean = tf.squeeze(this.linear.call(x) as tf.Tensor, [-1]);
    return plate('data', x.shape[0] as number, () => sample('obs', new Normal(tf.add(mean, this.noise), this.sigma), { obs: y }));
  }
  summary = pyroMethod(function (this: Regression): tf.Tensor[] {
    return [this.linear.weight, this.linear.weight];
  });
}

describe('PyroModule', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('attributes become param and sample sites named by their module path', () => {
    const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const y = tf.tensor1d([1, 2, 3]);
    const model = new Regression();
    tf.tidy(() => {
      model.call(x, y); // the first call creates the two parameters (variables) in the store
    });
    expect(getParamStore().keys()).toEqual(['linear.bias', 'sigma']);
    expectNoLeaks(() =>
      tf.tidy(() => {
        const t = trace((a: tf.Tensor, b: tf.Tensor) => model.call(a, b)).getTrace(x, y);
        expect([...t.nodes.keys()]).toEqual(['_INPUT', 'linear.weight', 'linear.bias', 'data', 'sigma', 'noise', 'obs', '_RETURN']);
        expect(t.value('linear.weight').shape).toEqual([1, 2]);
        expect(t.sampleSite('linear.weight').fn.eventShape).toEqual([1, 2]);
        expectClose(t.value('sigma'), 0.5, { rtol: 1e-6 });
        expect(t.sampleSite('obs').isObserved).toBe(true);
        // the prior of 'noise' was built from the module's sigma
        expectClose((t.sampleSite('noise').fn as Normal).scale, [0.5, 0.5, 0.5], { rtol: 1e-6 });
      }),
    );
    expect(getParamStore().keys()).toEqual(['linear.bias', 'sigma']);
    x.dispose();
    y.dispose();
  });

  it('outside a call: stored or initial values, fresh draws; pyroMethod opens a scope', () => {
    const store = new ParamStore();
    const model = new Regression({ store });
    expectNoLeaks(() =>
      tf.tidy(() => {
        expectClose(model.sigma, 0.5, { rtol: 1e-6 }); // not yet in the store: the initial value
        expect(store.has('sigma')).toBe(false);
        const w1 = model.linear.weight;
        const w2 = model.linear.weight;
        expect(w1.shape).toEqual([1, 2]);
        expect(Array.from(w1.dataSync())).not.toEqual(Array.from(w2.dataSync()));
        const [a, b] = model.summary();
        expect(a).toBe(b);
        const t = trace(() => model.summary()).getTrace();
        expect(t.stochasticNodes).toEqual(['linear.weight']);
      }),
    );
    // assigning a tensor to a param attribute sets the parameter
    const two = tf.scalar(2);
    model.sigma = two;
    expect(store.has('sigma')).toBe(false);
    const before = tf.memory().numTensors;
    tf.tidy(() => expectClose(model.scope(() => model.sigma), 2, { rtol: 1e-6 }));
    expect(store.has('sigma')).toBe(true);
    expect(tf.memory().numTensors).toBe(before + 1); // the store's new variable
    const three = tf.scalar(3);
    model.sigma = three; // now in the store: sets the parameter
    expectNoLeaks(() => tf.tidy(() => expectClose(model.sigma, 3, { rtol: 1e-6 })));
    tf.dispose([two, three]);
    store.dispose();
  });

  it('submodules take their names from the attribute they are assigned to', () => {
    class Outer extends PyroModule {
      declare enc: BayesianLinear;
      constructor() {
        super('top');
        this.enc = new BayesianLinear(1, 1);
      }
    }
    const m = new Outer();
    expect(m.enc.pyroName).toBe('top.enc');
    expect(m.enc.pyroFullname('weight')).toBe('top.enc.weight');
    expect(m.namedModules().map(([k]) => k)).toEqual(['enc']);
  });
});
