import { describeConformance } from './describe-conformance.js';
import { distributionsSuite } from './distributions-suite.js';

describeConformance('wasm', { title: 'distributions conformance on wasm', suites: () => [distributionsSuite('wasm')] });
