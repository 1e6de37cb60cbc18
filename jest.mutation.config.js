// The unit specs that exercise the files mutation testing covers (stryker.config.json): no
// int-specs or e2e suites, so no Redis and no processes, hence no globalSetup/globalTeardown.
const base = require('./jest.config.js');

const { globalSetup, globalTeardown, ...rest } = base;

module.exports = {
  ...rest,
  testMatch: [
    '<rootDir>/libs/event-store/src/**/*.spec.ts',
    '<rootDir>/libs/integrity/src/**/*.spec.ts',
    '<rootDir>/libs/domain/src/draw/**/*.spec.ts',
    // other unit specs that run the covered code
    '<rootDir>/libs/domain/src/matching/matching-algorithm.spec.ts',
  ],
};
