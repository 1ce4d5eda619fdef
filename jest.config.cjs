// Workspace-level tests (the layer check). Package tests run through turbo.
module.exports = require('./jest.preset.cjs')(__dirname, {
  testMatch: ['<rootDir>/scripts/**/*.test.ts'],
});
