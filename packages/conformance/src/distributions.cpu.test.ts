import { describeConformance } from './describe-conformance.js';
import { distributionsSuite } from './distributions-suite.js';

describeConformance('cpu', { title: 'distributions conformance on cpu', suites: () => [distributionsSuite('cpu')] });
