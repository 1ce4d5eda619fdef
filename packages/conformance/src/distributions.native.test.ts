import { nativeInfo } from '@pyro-ts/backend-native';
import { describeConformance } from './describe-conformance.js';
import { distributionsSuite } from './distributions-suite.js';

// libtorch through the N-API addon (importing @pyro-ts/backend-native
// registers it); without the addon the file prints the reason and its tests return.
describeConformance('native', {
  title: 'distributions conformance on native',
  suites: () => [distributionsSuite('native')],
  before: () => {
    const i = nativeInfo();
    console.log(`distributions conformance on native: libtorch ${i.torchVersion} on ${i.device}, ${i.numThreads} thread(s)`);
  },
});
