import { tf } from '@pyro-ts/tensor';
import { configureWebGPU, disposeWebGPU } from '@pyro-ts/backend-webgpu';
import { describeConformance } from './describe-conformance.js';
import { distributionsSuite } from './distributions-suite.js';

// Every op runs as a shader (WEBGPU_CPU_FORWARD off). Without an adapter the
// file prints the reason and its tests return. Checks read with dataSync,
// which WebGPU in Node cannot do: they run under replaySyncReads.
describeConformance('webgpu', {
  title: 'distributions conformance on webgpu',
  suites: () => [distributionsSuite('webgpu')],
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
