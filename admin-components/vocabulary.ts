import type { PanelVocabulary } from '../src/admin/vocabulary.js';

export type { PanelVocabulary };

/**
 * Our vocabulary (import statuses, webhook events, job states) as the server defines it once
 * (src/admin/vocabulary.ts), passed to the browser through AdminJS's `env`. Read at render time.
 */
const EMPTY: PanelVocabulary = { importStatuses: [], finalImportStatuses: [], settledImportStatuses: [], webhookEvents: [], jobStates: [] };

export function vocabulary(): PanelVocabulary {
  const env = (window as unknown as { AdminJS?: { env?: Record<string, string> } }).AdminJS?.env;
  return env?.ACME_VOCABULARY ? { ...EMPTY, ...JSON.parse(env.ACME_VOCABULARY) } : EMPTY;
}
