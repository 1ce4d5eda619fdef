import { tf } from '@pyro-ts/tensor';
import { cpuFallbackKernels } from '@pyro-ts/backend';
import { nativeInfo, nativeKernels } from '@pyro-ts/backend-native';
import { describeConformance } from './describe-conformance.js';

// libtorch through the N-API addon. Without the addon (libtorch not
// installed, or the addon not built) the file prints the reason and its
// tests return.
describeConformance('native', {
  before: () => {
    const i = nativeInfo();
    console.log(`conformance on native: libtorch ${i.torchVersion} on ${i.device}, ${i.numThreads} thread(s)`);
  },
  finalChecks: [
    {
      name: 'the hot kernels ran in libtorch, not through the cpu fallback',
      run: () => {
        expect(tf.getBackend()).toBe('native');
        const native = nativeKernels();
        const fallback = cpuFallbackKernels('native');
        for (const k of ['Add', 'Multiply', 'Exp', 'Log', 'Sum', 'BatchMatMul', 'GatherV2', 'UnsortedSegmentSum', 'Softplus', 'Sigmoid', 'Conv2D', 'Select', 'Transpose', 'Concat']) {
          expect(native).toContain(k);
          expect(fallback).not.toContain(k);
        }
      },
    },
  ],
});
