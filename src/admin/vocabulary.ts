import { APP_EVENT_NAMES } from '../events/events.map.js';
import { FINAL_STATUSES, IMPORT_STATUSES, SETTLED_STATUSES } from '../imports/imports.states.js';
import { JOB_STATES } from '../jobsMonitor/jobsMonitor.service.js';

/** What the panel's components know of our vocabulary; they read it with admin-components/vocabulary.ts. */
export interface PanelVocabulary {
  importStatuses: readonly string[];
  finalImportStatuses: readonly string[];
  settledImportStatuses: readonly string[];
  webhookEvents: readonly string[];
  jobStates: readonly string[];
}

/**
 * The vocabulary handed to the browser as AdminJS's `env` (it reaches the components as
 * `AdminJS.env`): each list is defined once on the server and only passed on here.
 */
export function panelEnv(): Record<string, string> {
  const vocabulary: PanelVocabulary = {
    importStatuses: IMPORT_STATUSES,
    finalImportStatuses: FINAL_STATUSES,
    settledImportStatuses: SETTLED_STATUSES,
    webhookEvents: APP_EVENT_NAMES,
    jobStates: JOB_STATES,
  };
  return { ACME_VOCABULARY: JSON.stringify(vocabulary) };
}
