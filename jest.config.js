/** Unit specs sit beside their sources; end-to-end suites live in test/ and drive the built apps. */
const shared = {
  transform: { '^.+\\.ts$': ['@swc/jest'], '^.+\\.lua$': '<rootDir>/test/support/lua-transform.js' },
  moduleFileExtensions: ['ts', 'js', 'json', 'lua'],
  moduleNameMapper: { '^@app/enrollment(|/.*)$': '<rootDir>/libs/enrollment/src$1' },
  testEnvironment: 'node',
};

module.exports = {
  // Starts a Redis for the run when none answers (redis-server installed but not running).
  globalSetup: '<rootDir>/test/support/jest-global-setup.js',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.js',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench,scripts}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/jest-e2e.setup.ts'],
    },
  ],
};
