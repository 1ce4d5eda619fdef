// tfjs's plain-JavaScript backend: always available, every kernel tfjs has.
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '@pyro-ts/tensor';
import type { TensorBackend } from './tensor-backend.js';

/** Silences the cpu backend's one-time "install tfjs-node" banner in Node. */
export function silenceCpuBanner(): void {
  const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (cpu !== null && cpu !== undefined) cpu.firstUse = false;
}

export const cpuBackend: TensorBackend = {
  name: 'cpu',
  description: 'tfjs-backend-cpu: kernels in plain JavaScript',
  async isAvailable() {
    return { available: true };
  },
  async initialize() {
    silenceCpuBanner();
  },
};
