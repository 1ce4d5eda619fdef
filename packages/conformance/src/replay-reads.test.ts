import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { expectNoLeaksAsync } from '@pyro-ts/tensor/testing';
import { useBackend } from '@pyro-ts/backend';
import { replaySyncReads } from './replay-reads.js';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('replaySyncReads', () => {
  it('serves every read the value the tensor held, including reads that depend on earlier reads', async () => {
    await expectNoLeaksAsync(async () => {
      const seen: number[][] = [];
      const { result, rounds, reads, leaked } = await replaySyncReads(() => {
        seen.length = 0;
        const a = tf.tensor([2, 3]);
        const first = Array.from(a.dataSync()); // independent read
        const b = tf.mul(a, first[0] as number); // depends on the first read
        const second = Array.from(b.dataSync());
        seen.push(first, second);
        if (second[1] !== 6) throw new Error(`wrong value ${second[1]}`);
        const out = tf.add(b, 1);
        tf.dispose([a, b]);
        return out;
      });
      expect(seen).toEqual([[2, 3], [4, 6]]);
      expect(reads).toBe(2);
      expect(rounds).toBe(3); // zeros, then the first read right, then both
      expect(leaked).toBe(0);
      expect(Array.from(await result.data())).toEqual([5, 7]);
      result.dispose();
    });
  });

  it('rethrows the genuine error of a faithful round', async () => {
    await expectNoLeaksAsync(async () => {
      await expect(
        replaySyncReads(() => {
          const v = tf.tidy(() => tf.exp(tf.zeros([1]))).dataSync()[0];
          throw new Error(`exp(0) = ${v}`);
        }),
      ).rejects.toThrow('exp(0) = 1');
    });
  });

  it('counts tensors a faithful round leaves behind, and frees them', async () => {
    await expectNoLeaksAsync(async () => {
      const { leaked } = await replaySyncReads(() => {
        const kept: Tensor = tf.ones([3]);
        kept.dataSync();
      });
      expect(leaked).toBe(1);
    });
  });

  it('reports values that change between rounds', async () => {
    await expectNoLeaksAsync(async () => {
      await expect(
        replaySyncReads(() => {
          const t = tf.tensor([Math.random()]);
          t.dataSync();
          t.dispose();
        }),
      ).rejects.toThrow(/read 0 changed between rounds/);
    });
  });
});
