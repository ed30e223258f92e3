/**
 * Browser tests (`npm run test:e2e`): the production build of the app on an embedded database,
 * driven by Debian's chromium through playwright-core. One file at a time.
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true } }, module: { type: 'es6' } }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
  transformIgnorePatterns: ['/node_modules/', '/e2e/globalSetup\\.js$'],
  globalSetup: '<rootDir>/e2e/globalSetup.js',
  testTimeout: 120000,
  maxWorkers: 1,
};
