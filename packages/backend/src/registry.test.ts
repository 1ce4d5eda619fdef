import { tf } from '@pyro-ts/tensor';
import { expectClose, expectNoLeaks } from '@pyro-ts/tensor/testing';
import {
  DEFAULT_BACKEND,
  availableBackends,
  checkBackends,
  currentBackend,
  getTensorBackend,
  ready,
  registerTensorBackend,
  registeredBackends,
  useBackend,
} from './index.js';
import type { TensorBackend } from './index.js';

describe('backend registry', () => {
  it('has cpu and wasm built in, both available in Node', async () => {
    expect(registeredBackends()).toEqual(expect.arrayContaining(['cpu', 'wasm']));
    expect(await availableBackends()).toEqual(expect.arrayContaining(['cpu', 'wasm']));
    expect(getTensorBackend('wasm')?.name).toBe('wasm');
    expect(['cpu', 'wasm']).toContain(DEFAULT_BACKEND);
  });

  it('ready() starts the default backend when none was chosen, then leaves the choice alone', async () => {
    await ready();
    expect(currentBackend()).toBe(DEFAULT_BACKEND);
    expect(tf.getBackend()).toBe(DEFAULT_BACKEND);
    await useBackend('cpu');
    await ready();
    expect(currentBackend()).toBe('cpu');
  });

  it('useBackend switches tfjs and the numbers stay the same', async () => {
    for (const name of ['cpu', 'wasm', 'cpu']) {
      await useBackend(name);
      expect(currentBackend()).toBe(name);
      expectNoLeaks(() => {
        const x = tf.tensor([0.5, 1, 2]);
        const y = tf.tidy(() => tf.sum(tf.mul(tf.exp(x), x)));
        expectClose(y, 0.5 * Math.exp(0.5) + Math.exp(1) + 2 * Math.exp(2), { rtol: 1e-6 });
        tf.dispose([x, y]);
      });
    }
  });

  it('refuses unknown and unavailable backends with the reason', async () => {
    await expect(useBackend('nope')).rejects.toThrow("no backend named 'nope' (registered: cpu, wasm");
    const ghost: TensorBackend = {
      name: 'ghost',
      isAvailable: async () => ({ available: false, reason: 'no ghost device here' }),
      initialize: async () => {
        throw new Error('must not be initialized');
      },
    };
    registerTensorBackend(ghost);
    await expect(useBackend('ghost')).rejects.toThrow("backend 'ghost' is not available: no ghost device here");
    expect(await checkBackends()).toContainEqual({ name: 'ghost', available: false, reason: 'no ghost device here' });
    expect(await availableBackends()).not.toContain('ghost');
    expect(currentBackend()).toBe('cpu'); // unchanged
  });

  it('accepts a TensorBackend object and runs its hooks', async () => {
    const calls: string[] = [];
    const mine: TensorBackend = {
      name: 'cpu',
      isAvailable: async () => ({ available: true }),
      initialize: async () => {
        calls.push('initialize');
      },
      activated: () => calls.push(`activated on ${tf.getBackend()}`),
    };
    await useBackend(mine);
    expect(calls).toEqual(['initialize', 'activated on cpu']);
    expect(getTensorBackend('cpu')).toBe(mine);
  });
});
