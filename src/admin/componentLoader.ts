import path from 'node:path';
import { ComponentLoader } from 'adminjs';
import { projectRoot } from '../../config/env.js';

/** The one component loader: the build-time bundle and the running app must agree on it. */
export const componentLoader = new ComponentLoader();

const add = (name: string) => componentLoader.add(name, path.join(projectRoot, 'admin-components', `${name}.tsx`));

/** Custom React components, by the name the user sees. */
export const Components = {
  CheckedByDefault: add('CheckedByDefault'),
  CreateApiToken: add('CreateApiToken'),
  ConfirmRecordAction: add('ConfirmRecordAction'),
  Dashboard: add('Dashboard'),
  ImportCsvPage: add('ImportCsvPage'),
  ImportRevert: add('ImportRevert'),
  ImportShow: add('ImportShow'),
  JobMonitorPage: add('JobMonitorPage'),
  DeleteAllProducts: add('DeleteAllProducts'),
  MailMessage: add('MailMessage'),
  NumberValue: add('NumberValue'),
  OneLineValue: add('OneLineValue'),
  ProductsList: add('ProductsList'),
  StatusValue: add('StatusValue'),
  DownloadRejectedRows: add('DownloadRejectedRows'),
  WebhookCreate: add('WebhookCreate'),
  WebhookDeliveries: add('WebhookDeliveries'),
  WebhookEventsInput: add('WebhookEventsInput'),
  WebhookRotateSecret: add('WebhookRotateSecret'),
  WebhookTest: add('WebhookTest'),
  WebhookUrlInput: add('WebhookUrlInput'),
};

const override = (name: string, file: string) => componentLoader.override(name, path.join(projectRoot, 'admin-components', `${file}.tsx`));

// The sidebar lists our pages inside their navigation group ("Imports & jobs"), not under "Pages".
override('SidebarResourceSection', 'SidebarNavigation');
override('SidebarPages', 'SidebarPagesInGroups');
// One date-and-time format everywhere (admin-components/format.ts).
override('DefaultDatetimeListProperty', 'DateTimeValue');
override('DefaultDatetimeShowProperty', 'DateTimeValue');
// The browser tab names the page, breadcrumbs name the record; list counts get thousands separators.
override('ActionHeader', 'ActionHeader');
override('Breadcrumbs', 'Breadcrumbs');
override('TopBar', 'TopBar');
// The signed-in admin's button and menu, built when opened (no measuring on every page load).
override('LoggedIn', 'UserMenu');
// The login page in our words, without AdminJS's advertising.
override('Login', 'LoginPage');
// A list's first render (before its rows are asked for) draws no "No records" box.
override('NoRecords', 'NoRecords');
// The filter drawer is built when it first opens, and Apply closes it.
override('FilterDrawer', 'FilterDrawer');
// A list's rows build their actions menu when it opens, not a hidden one per row (and keyboard users can open it).
override('RecordInList', 'ListRow');
// A list whose rows the page fetched early (panelPrefetch.ts) renders them in its first render.
override('DefaultListAction', 'ResourceList');
