// One jest run covers every level: *.spec.ts (pure), *.int-spec.ts (real stores), test/ end-to-end suites (*.e2e-spec.ts).
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['**/?(*.)+(spec|int-spec|e2e-spec).ts'],
  // .stryker-tmp: the sandboxes of an interrupted mutation run (npm run mutation) hold copies of every spec
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/.stryker-tmp/'],
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' } }] },
  moduleNameMapper: {
    '^@app/(event-store|read-store|domain|projections|platform|calendar|integrity)$': '<rootDir>/libs/$1/src',
    '^@app/(event-store|read-store|domain|projections|platform|calendar|integrity)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testTimeout: 30000,
  maxWorkers: 2,
};
