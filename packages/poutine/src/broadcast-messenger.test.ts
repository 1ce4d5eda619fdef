import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import { expectNoLeaks, useCpuForTests } from '@pyro-ts/tensor/testing';
import { Normal } from '@pyro-ts/distributions';
import { resetRuntime } from './runtime.js';
import { Messenger } from './messenger.js';
import type { Message } from './message.js';
import { CondIndepStackFrame } from './cond-indep-stack-frame.js';
import { broadcast, broadcastSample } from './broadcast-messenger.js';
import { trace } from './trace-messenger.js';
import { makeMessage } from './message.js';
import { sample } from './test-helpers.test-util.js';

/** Pyro's IndepMessenger: declares independence without broadcasting. */
class Indep extends Messenger {
  constructor(
    readonly name: string,
    readonly size: number,
    readonly dim: number,
  ) {
    super();
  }
  override processMessage(msg: Message): void {
    msg.condIndepStack = [new CondIndepStackFrame(this.name, this.dim, this.size, 0), ...msg.condIndepStack];
  }
}

describe('broadcast', () => {
  beforeAll(useCpuForTests);
  beforeEach(resetRuntime);

  it("expands batch shapes to the enclosing independence contexts (Pyro's docstring example)", () => {
    expectNoLeaks(() =>
      tf.tidy(() => {
        const model = (): tf.Tensor => new Indep('batch', 100, -2).run(() => new Indep('components', 3, -1).run(() => sample('s', new Normal(0.5, 1))));
        expect(trace(model).getTrace().value('s').shape).toEqual([]);
        expect(trace(broadcast(model)).getTrace().value('s').shape).toEqual([100, 3]);
      }),
    );
  });

  it('keeps size-1 and extra dims as Pyro does, and rejects a mismatch', () => {
    const frames = [new CondIndepStackFrame('a', -1, 4, 0), new CondIndepStackFrame('b', -3, 2, 0), new CondIndepStackFrame('s', null, 5, 1)];
    const shapeAfter = (batch: number[]): number[] => {
      const msg = makeMessage({ type: 'sample', name: 'x', fn: new Normal(0, 1).expand(batch), condIndepStack: frames });
      broadcastSample(msg);
      return msg.type === 'sample' ? msg.fn.batchShape : [];
    };
    expect(shapeAfter([])).toEqual([2, 1, 4]);
    expect(shapeAfter([7, 1])).toEqual([2, 7, 4]);
    expect(shapeAfter([5, 1, 1, 4])).toEqual([5, 2, 1, 4]);
    expect(() => shapeAfter([3])).toThrow(/Shape mismatch inside plate\('a'\) at site 'x' dim -1, 4 vs 3/);
  });

  it('keeps a forced hasRsample', () => {
    const d = new Normal(0, 1).hasRsample_(false);
    const msg = makeMessage({ type: 'sample', name: 'x', fn: d, condIndepStack: [new CondIndepStackFrame('a', -1, 2, 0)] });
    broadcastSample(msg);
    expect(msg.type === 'sample' && msg.fn.hasRsample).toBe(false);
  });
});
