import '@tensorflow/tfjs-backend-cpu';
import { tf, randomNumber, setRngSeed } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal } from '@pyro-ts/distributions';
import { getStack, resetRuntime } from './runtime.js';
import { seed } from './seed-messenger.js';
import { trace } from './trace-messenger.js';
import { sample } from './test-helpers.test-util.js';

describe('seed', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('reproduces draws and restores the generator afterwards', () => {
    expectNoLeaks(() =>
      tf.tidy(() => {
        const model = (): number[] => Array.from(sample('x', new Normal([0, 0, 0], 1)).dataSync());
        expect(seed(() => getStack().length, 1)()).toBe(0); // seed does not go on the stack
        setRngSeed(123);
        const first = seed(model, 7)();
        const next = randomNumber();
        setRngSeed(123);
        const second = seed(model, 7)();
        expect(second).toEqual(first);
        expect(randomNumber()).toBe(next); // the outer generator continued as if seed() had not drawn
        expect(seed(model, 8)()).not.toEqual(first);
        const t1 = trace(seed(model, 1)).getTrace();
        const t2 = trace(seed(model, 1)).getTrace();
        expect(Array.from(t1.value('x').dataSync())).toEqual(Array.from(t2.value('x').dataSync()));
      }),
    );
  });
});
