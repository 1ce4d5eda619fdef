import '@tensorflow/tfjs-backend-cpu';
import * as tl from '@tensorflow/tfjs-layers';
import { tf } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal } from '@pyro-ts/distributions';
import { ParamStore } from '@pyro-ts/param-store';
import { trace } from '@pyro-ts/poutine';
import { module } from './module.js';
import { sample } from './sample.js';
import { getParamStore } from './param-store.js';
import { resetRuntime } from './reset.js';

describe('module', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('registers a model\'s trainable weights as name$$$<layer>.<weight> params and points the layers at the store\'s variables', () => {
    const net = tl.sequential({ layers: [tl.layers.dense({ units: 3, inputShape: [2], name: 'hidden' }), tl.layers.dense({ units: 1, name: 'out' })] });
    const kernel0 = Array.from(net.getWeights()[0]?.dataSync() ?? []);
    const x = tf.tensor2d([[1, 2]]);
    const y0 = tf.tidy(() => Array.from((net.predict(x) as tf.Tensor).dataSync()));
    expectNoLeaks(() => {
      const t = trace(() => module('net', net)).getTrace();
      expect(t.paramNodes).toEqual(['net$$$hidden.kernel', 'net$$$hidden.bias', 'net$$$out.kernel', 'net$$$out.bias']);
      t.dispose();
    });
    const store = getParamStore();
    expect(store.keys()).toEqual(['net$$$hidden.kernel', 'net$$$hidden.bias', 'net$$$out.kernel', 'net$$$out.bias']);
    expect(Array.from(store.variable('net$$$hidden.kernel').dataSync())).toEqual(kernel0);
    expect(net.trainableWeights[0]?.read()).toBe(store.variable('net$$$hidden.kernel'));
    // the network computes the same function, now from the store's variables
    expect(tf.tidy(() => Array.from((net.predict(x) as tf.Tensor).dataSync()))).toEqual(y0);
    // a second registration (every model run does one) changes nothing and leaks nothing
    expectNoLeaks(() => module('net', net));
    // gradients of a loss through the network reach the store's variables
    expectNoLeaks(() => {
      const vars = store.namedParameters().map(([, v]) => v);
      const { value, grads } = tf.variableGrads(() => tf.sum(net.predict(x) as tf.Tensor) as tf.Scalar, vars);
      expect(Object.keys(grads).length).toBe(4);
      const gOutBias = grads[store.variable('net$$$out.bias').name];
      expectClose(gOutBias as tf.Tensor, [1], { rtol: 1e-6 });
      value.dispose();
      tf.dispose(grads);
    });
    x.dispose();
    resetRuntime(); // disposes the store, and with it the network's weights
    expect(() => net.trainableWeights[0]?.read()).toThrow(/already disposed/);
  });

  it('a single layer gets torch-style names; a loaded store gives its values to the layer', () => {
    const layer = tl.layers.dense({ units: 2, name: 'fc' });
    layer.build([null, 3]);
    module('fc', layer);
    expect(getParamStore().keys()).toEqual(['fc$$$kernel', 'fc$$$bias']);
    // modify, save, and load into a fresh layer of the same shape
    getParamStore().set('fc$$$bias', [0.25, -0.5]);
    const bytes = getParamStore().toBytes();
    resetRuntime();
    const fresh = tl.layers.dense({ units: 2, name: 'fc' });
    fresh.build([null, 3]);
    getParamStore().fromBytes(bytes);
    const before = tf.memory().numTensors;
    module('fc', fresh);
    // the layer's own two variables were replaced by the store's and disposed; nothing else was made
    expect(tf.memory().numTensors).toBe(before - 2);
    expect(Array.from(fresh.getWeights()[1]?.dataSync() ?? [])).toEqual([0.25, -0.5]);
    const wrongShape = tl.layers.dense({ units: 4, name: 'fc' });
    wrongShape.build([null, 3]);
    expect(() => module('fc', wrongShape)).toThrow(/has shape \[3,2\] in the param store but \[3,4\]/);
    for (const w of wrongShape.trainableWeights) w.dispose();
  });

  it('registers a plain object of variables, replacing them by the store\'s', () => {
    const store = new ParamStore();
    const w = tf.variable(tf.tensor([1, 2, 3]));
    const inner = tf.variable(tf.scalar(4));
    const params = { w, sub: { b: inner } };
    expectNoLeaks(() => {
      const t = trace(() => module('lin', params, { store })).getTrace();
      expect(t.paramNodes).toEqual(['lin$$$w', 'lin$$$sub.b']);
      t.dispose();
    });
    expect(params.w).toBe(store.variable('lin$$$w'));
    expect(params.sub.b).toBe(store.variable('lin$$$sub.b'));
    expect(w.isDisposed && inner.isDisposed).toBe(true);
    expect(Array.from(params.w.dataSync())).toEqual([1, 2, 3]);
    expect(() => module('a$$$b', params, { store })).toThrow(/improper module name/);
    store.dispose();
  });

  it('a model using a registered network: sample sites and params in one trace', () => {
    const net = tl.sequential({ layers: [tl.layers.dense({ units: 2, inputShape: [1], name: 'loc' })] });
    const x = tf.tensor2d([[0.5]]);
    expectNoLeaks(() =>
      tf.tidy(() => {
        const model = (): tf.Tensor => {
          module('decoder', net);
          return sample('y', new Normal(net.predict(x) as tf.Tensor, 1).toEvent(1));
        };
        const t = trace(model).getTrace();
        expect([...t.nodes.keys()]).toEqual(['_INPUT', 'decoder$$$loc.kernel', 'decoder$$$loc.bias', 'y', '_RETURN']);
        expect(t.value('y').shape).toEqual([1, 2]);
      }),
    );
    x.dispose();
  });
});
