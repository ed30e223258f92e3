import type { AdminJSOptions } from 'adminjs';
import { Components } from './componentLoader.js';

/**
 * Our custom pages (listed in the "Imports & jobs" navigation group by SidebarNavigation) and
 * the dashboard. Their components read the API with the panel's session.
 */
export const adminPages: AdminJSOptions['pages'] = {
  import: { component: Components.ImportCsvPage, icon: 'Upload' },
  jobs: { component: Components.JobMonitorPage, icon: 'Activity' },
};

export const adminDashboard: AdminJSOptions['dashboard'] = { component: Components.Dashboard };

/** Labels of the pages and navigation groups. */
export const pageTranslations = {
  pages: { import: 'Import CSV', jobs: 'Job monitor' },
  labels: {
    imports: 'Imports',
    navigation: 'Navigation',
    // Navigation groups: without an entry AdminJS "start-cases" the name ("Imports Jobs").
    Catalogue: 'Catalogue',
    'Imports & jobs': 'Imports & jobs',
    Integrations: 'Integrations',
    Settings: 'Settings',
    'Import CSV': 'Import CSV',
    'Job monitor': 'Job monitor',
  },
  actions: {
    // AdminJS calls its bulk delete "Delete all": next to "Delete all products" that would mislead.
    bulkDelete: 'Delete selected',
    deleteAll: 'Delete all products',
    retry: 'Retry',
    cancel: 'Cancel import',
    downloadRejected: 'Rejected rows',
  },
};
