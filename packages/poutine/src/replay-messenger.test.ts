import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal } from '@pyro-ts/distributions';
import { resetRuntime } from './runtime.js';
import { trace } from './trace-messenger.js';
import { replay } from './replay-messenger.js';
import { PlateMessenger } from './plate-messenger.js';
import { ParamStore, param, sample } from './test-helpers.test-util.js';

describe('replay', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  const model = (data: tf.Tensor): tf.Tensor => {
    const loc = sample('loc', new Normal(0, 10));
    new PlateMessenger('data', 6, { subsampleSize: 3 }).run((ind) => {
      const z = sample('z', new Normal(loc, 1));
      sample('x', new Normal(z, 1), { obs: tf.gather(data, ind) });
    });
    return loc;
  };
  const guide = (): void => {
    sample('loc', new Normal(3, 0.1));
    new PlateMessenger('data', 6, { subsampleSize: 3 }).run(() => sample('z', new Normal(1, 0.1)));
  };

  it('replays a guide trace into the model: latent sites and the plate indices take the guide values', () => {
    const data = tf.range(0, 6);
    expectNoLeaks(() => {
      const g = trace(guide).getTrace();
      const m = tf.tidy(() => {
        const mt = trace(replay(model, g)).getTrace(data);
        expect(mt.value('loc')).toBe(g.value('loc'));
        expect(mt.value('z')).toBe(g.value('z'));
        expect(mt.value('data')).toBe(g.value('data'));
        expect(mt.nodes.get('_RETURN')?.value).toBe(g.value('loc'));
        // the observation follows the replayed subsample
        expect(Array.from(mt.value('x').dataSync())).toEqual(Array.from(g.value('data').dataSync()));
        expect(mt.sampleSite('z').infer).toBe(g.sampleSite('z').infer);
        expect(mt.sampleSite('z').fn.batchShape).toEqual([3]);
        return mt.sampleSite('z').scale;
      });
      expect(m).toBe(2);
      // the model trace did not own the replayed values
      expect(g.value('z').isDisposed).toBe(false);
      g.dispose();
    });
    data.dispose();
  });

  it('leaves observed sites alone and rejects a site observed in the replayed trace', () => {
    expectNoLeaks(() =>
      tf.tidy(() => {
        const g = trace(() => sample('x', new Normal(0, 1), { obs: 5 })).getTrace();
        const t = trace(replay(() => sample('x', new Normal(0, 1), { obs: 2 }), g)).getTrace();
        expect(t.value('x').dataSync()[0]).toBe(2);
        expect(() => trace(replay(() => sample('x', new Normal(0, 1)), g)).getTrace()).toThrow(/must be a latent sample site/);
      }),
    );
  });

  it('replays params', () => {
    const store = new ParamStore();
    store.param('w', 1);
    expectNoLeaks(() =>
      tf.tidy(() => {
        const w = tf.scalar(7);
        const t = trace(replay(() => param(store, 'w'), { params: { w } })).getTrace();
        expect(t.value('w')).toBe(w);
        expect(() => replay(() => 0, {})).toThrow(/give a trace or params/);
      }),
    );
    store.dispose();
  });
});
