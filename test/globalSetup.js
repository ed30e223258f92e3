import { tsImport } from 'tsx/esm/api';

/** jest loads global setup outside its transform pipeline: tsx imports our TypeScript here. */
export default async function globalSetup() {
  const { startTestPostgres } = await tsImport('./testPostgres.ts', import.meta.url);
  const pg = await startTestPostgres();
  process.env.TEST_PG_TEMPLATE_URL = pg.url;
  globalThis.__acmeTestPg = pg;
}
