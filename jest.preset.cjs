// The one jest configuration of the workspace. Every package's jest.config.cjs
// is `module.exports = require('../../jest.preset.cjs')(__dirname)`.
// TypeScript goes through @swc/jest to CommonJS; sibling packages resolve to
// their sources through the `source` export condition, so no build is needed.
const path = require('node:path');

module.exports = function preset(dir, overrides = {}) {
  return {
    rootDir: dir,
    testEnvironment: 'node',
    testEnvironmentOptions: { customExportConditions: ['source', 'require', 'node', 'default'] },
    transform: {
      '^.+\\.(t|j)sx?$': [
        require.resolve('@swc/jest'),
        {
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'commonjs' },
        },
      ],
    },
    // Sources use NodeNext-style `./x.js` specifiers for their TypeScript files.
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    setupFilesAfterEnv: [path.join(__dirname, 'jest.setup.cjs')],
    testTimeout: 120000,
    ...overrides,
  };
};
