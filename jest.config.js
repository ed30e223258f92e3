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
};
