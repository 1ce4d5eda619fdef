import { tf } from '@pyro-ts/tensor';
import { configureWebGPU, disposeWebGPU } from '@pyro-ts/backend-webgpu';
import { describeConformance } from './describe-conformance.js';

// Every op runs as a shader: tfjs's default would run ops on small,
// CPU-resident tensors on the CPU (WEBGPU_CPU_FORWARD).
describeConformance('webgpu', {
  before: () => configureWebGPU({ cpuForward: false }),
  after: () => disposeWebGPU(),
  finalChecks: [
    {
      name: 'the cases ran as WebGPU shaders',
      run: () => {
        expect(tf.getBackend()).toBe('webgpu');
        expect(tf.env().getBool('WEBGPU_CPU_FORWARD')).toBe(false);
        const shaders = Object.keys((tf.backend() as unknown as { pipelineCache: Record<string, unknown> }).pipelineCache);
        expect(shaders.length).toBeGreaterThan(20);
      },
    },
  ],
});
