import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal } from '@pyro-ts/distributions';
import { getStack, resetRuntime } from './runtime.js';
import { trace } from './trace-messenger.js';
import { escape } from './escape-messenger.js';
import { NonlocalExit } from './nonlocal-exit.js';
import { FifoTraceQueue, queue } from './queue.js';
import { Trace } from './trace.js';
import { Bernoulli, sample } from './test-helpers.test-util.js';

describe('escape and queue', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it('escape throws NonlocalExit at the chosen site, after the stack has seen it', () => {
    expectNoLeaks(() =>
      tf.tidy(() => {
        const model = (): void => {
          sample('a', new Normal(0, 1));
          sample('b', new Normal(0, 1));
          sample('c', new Normal(0, 1));
        };
        const h = trace(escape(model, (msg) => msg.name === 'b'));
        let exit: unknown;
        try {
          h();
        } catch (e) {
          exit = e;
        }
        expect(exit).toBeInstanceOf(NonlocalExit);
        expect((exit as NonlocalExit).site.name).toBe('b');
        expect([...h.trace.nodes.keys()]).toEqual(['_INPUT', 'a']);
        expect(getStack()).toEqual([]);
      }),
    );
  });

  it('queue enumerates every execution of a discrete model (sequential enumeration)', () => {
    expectNoLeaks(() =>
      tf.tidy(() => {
        const model = (): number => {
          const a = sample('a', new Bernoulli(0.5));
          const b = sample('b', new Bernoulli(0.5));
          return 2 * (a.dataSync()[0] as number) + (b.dataSync()[0] as number);
        };
        const q = new FifoTraceQueue();
        q.put(new Trace());
        const seen: number[] = [];
        const run = queue(model, { queue: q });
        for (let i = 0; i < 4; i++) seen.push(run());
        expect(seen.sort()).toEqual([0, 1, 2, 3]);
        expect(q.empty()).toBe(true);
      }),
    );
  });
});
