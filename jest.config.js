/** jest with @swc/jest and native ESM; a real embedded PostgreSQL is started once in globalSetup. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true } }, module: { type: 'es6' } }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/jobs/**/*.test.ts', '<rootDir>/config/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  transformIgnorePatterns: ['/node_modules/', '/test/(global(Setup|Teardown)|agendaTimers)\\.js$'],
  setupFiles: ['<rootDir>/test/agendaTimers.js'],
  globalSetup: '<rootDir>/test/globalSetup.js',
  globalTeardown: '<rootDir>/test/globalTeardown.js',
  testTimeout: 60000,
  maxWorkers: 2,
  // A worker gets 5 s (jest's default: 0.5 s) to exit once the run is over before jest kills it and
  // warns "A worker process has failed to exit gracefully". Instrumented workers exited within 10 ms
  // of being told to, but on a busy 2-core machine jest's own process was measured stalling 0.35–1.7 s,
  // so its 0.5 s timer could fire before it saw the exits. A real leak still warns, 5 s later.
  workerGracefulExitTimeout: 5000,
};
