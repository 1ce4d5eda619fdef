// Removing the backend (or resetting tfjs's engine) releases the native
// tensors it still holds.
import './index.js';
import { tf } from '@pyro-ts/tensor';
import { useBackend } from '@pyro-ts/backend';
import { nativeInfo, nativeMemory } from './index.js';
import { describeNative } from './test-utils/compare.js';

describeNative('disposing the native backend', () => {
  it('releases the native tensors tfjs never disposed', async () => {
    await useBackend('native');
    const before = nativeMemory();
    // never disposed: ones [100], an int32 tensor, ones [4, 5] and its transpose (a view)
    const t = tf.transpose(tf.ones([4, 5]));
    tf.ones([100]);
    tf.tensor([1, 2, 3], undefined, 'int32');
    expect(t.shape).toEqual([5, 4]);
    expect(nativeMemory().handles).toBe(before.handles + 4);
    const onCpu = nativeInfo().device === 'cpu';
    if (onCpu) expect(nativeMemory().cpuBytes).toBe(before.cpuBytes + 4 * 20 + 4 * 100 + 4 * 3);
    tf.removeBackend('native');
    expect(nativeMemory().handles).toBe(before.handles);
    if (onCpu) expect(nativeMemory().cpuBytes).toBe(before.cpuBytes);
    else expect(nativeMemory().cudaBytes ?? 0).toBe(before.cudaBytes ?? 0);
  });
});
