/** Stops the PostgreSQL started by globalSetup.js and removes its directory. */
export default async function globalTeardown() {
  await globalThis.__acmeTestPg?.stop();
}
