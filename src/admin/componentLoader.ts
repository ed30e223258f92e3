import path from 'node:path';
import { ComponentLoader } from 'adminjs';
import { projectRoot } from '../../config/env.js';

/** The one component loader: the build-time bundle and the running app must agree on it. */
export const componentLoader = new ComponentLoader();

const add = (name: string) => componentLoader.add(name, path.join(projectRoot, 'admin-components', `${name}.tsx`));

/** Custom React components, by the name the user sees. */
export const Components = {
  CreateApiToken: add('CreateApiToken'),
  ConfirmRecordAction: add('ConfirmRecordAction'),
  Dashboard: add('Dashboard'),
  ImportCsvPage: add('ImportCsvPage'),
  ImportRevert: add('ImportRevert'),
  ImportShow: add('ImportShow'),
  JobMonitorPage: add('JobMonitorPage'),
  DeleteAllProducts: add('DeleteAllProducts'),
  DownloadRejectedRows: add('DownloadRejectedRows'),
  WebhookCreate: add('WebhookCreate'),
  WebhookDeliveries: add('WebhookDeliveries'),
  WebhookEventsInput: add('WebhookEventsInput'),
  WebhookRotateSecret: add('WebhookRotateSecret'),
  WebhookTest: add('WebhookTest'),
};

// The sidebar lists our pages inside their navigation group ("Imports & jobs"), not under "Pages".
componentLoader.override('SidebarResourceSection', path.join(projectRoot, 'admin-components', 'SidebarNavigation.tsx'));
componentLoader.override('SidebarPages', path.join(projectRoot, 'admin-components', 'SidebarPagesInGroups.tsx'));
