import { pageTranslations } from './pages.js';

/** Each resource's name in the sidebar and list heading, and what one of its records is called. */
const RESOURCE_NAMES: Record<string, { plural: string; one: string }> = {
  products: { plural: 'Products', one: 'product' },
  imports: { plural: 'Imports', one: 'import' },
  webhooks: { plural: 'Webhooks', one: 'webhook' },
  webhook_deliveries: { plural: 'Webhook deliveries', one: 'delivery' },
  webhook_messages: { plural: 'Webhook messages', one: 'webhook message' },
  mail_outbox: { plural: 'Mail outbox', one: 'e-mail' },
  admin_users: { plural: 'Admin users', one: 'admin user' },
  api_tokens: { plural: 'API tokens', one: 'API token' },
};

/** "Products" for `products`: a resource's name as the sidebar shows it. */
export const resourceName = (id: string) => RESOURCE_NAMES[id]?.plural ?? id;

const capitalised = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/**
 * The headings (and browser tab titles) of AdminJS's own actions, per resource, in our words:
 * "Products", "New product", "Product details", "Edit product" instead of "List", "Create new", "Show", "Edit".
 * A label is a button's text too (on the record's other pages), so it says what the page is.
 */
export function resourceHeadings(names = RESOURCE_NAMES) {
  return Object.fromEntries(
    Object.entries(names).map(([id, { plural, one }]) => [
      id,
      { actions: { list: plural, new: `New ${one}`, show: `${capitalised(one)} details`, edit: `Edit ${one}`, delete: `Delete ${one}` } },
    ]),
  ) as Record<string, { actions: Record<string, string>; properties?: Record<string, string> }>;
}

/** Column names AdminJS would otherwise derive from the database ("To Address", "Duration Ms"). */
const PROPERTIES: Record<string, Record<string, string>> = {
  products: { sku: 'SKU' },
  imports: {
    total_rows: 'Rows',
    processed_rows: 'Rows processed',
    inserted_count: 'Inserted',
    updated_count: 'Matched existing',
    changed_count: 'Changed',
    unchanged_count: 'Unchanged',
    revert_status: 'Revert',
    rejected_count: 'Rejected',
    unknown_columns: 'Ignored columns',
    uploaded_by: 'Uploaded by',
    created_at: 'Uploaded at',
    started_at: 'Started at',
    finished_at: 'Finished at',
    size_bytes: 'Size (bytes)',
  },
  webhooks: { url: 'URL', last_status: 'Last HTTP status', last_delivery_at: 'Last delivery', consecutive_failures: 'Failures in a row' },
  webhook_deliveries: { webhook_id: 'Webhook', event_type: 'Event', response_status: 'HTTP status', duration_ms: 'Time (ms)', url: 'URL' },
  webhook_messages: { webhook_id: 'Webhook', event_type: 'Event' },
  mail_outbox: {
    to_address: 'To',
    created_at: 'Created at',
    sent_at: 'Sent at',
    last_error: 'Last error',
    smtp_message_id: 'SMTP message id',
    html_body: 'Message',
    text_body: 'Text',
  },
  api_tokens: { token_prefix: 'Token starts with', last_used_at: 'Last used', revoked_at: 'Revoked at' },
  admin_users: { last_login_at: 'Last login' },
};

/** The login page: our product's words instead of AdminJS's. */
const LOGIN = {
  welcomeHeader: 'ACME Product Importer',
  welcomeMessage: 'Bring product catalogues in from CSV files of any size, keep the catalogue tidy, and keep your shop, ERP and other systems informed.',
  properties: { email: 'E-mail', password: 'Password' },
  loginButton: 'Log in',
};

/** AdminJS's own messages, in plain words. */
const MESSAGES = {
  successfullyCreated: 'Created',
  successfullyUpdated: 'Changes saved',
  successfullyDeleted: 'Deleted',
  successfullyBulkDeleted: '{{count}} record deleted',
  successfullyBulkDeleted_plural: '{{count}} records deleted',
  thereWereValidationErrors: 'Not saved: correct the fields marked below',
  invalidCredentials: 'Wrong e-mail address or password',
  noRecordsInResource: 'Nothing here yet',
  noRecords: 'Nothing matches these filters',
  theseRecordsWillBeRemoved: 'This record will be deleted',
  theseRecordsWillBeRemoved_plural: 'These records will be deleted',
  confirmDelete: 'Delete this record? It cannot be undone.',
  error404Resource: 'There is no page "{{resourceId}}" in this panel',
  error404Action: 'There is no page "{{actionName}}" for {{resourceId}}',
  error404Record: 'There is no record {{recordId}} in {{resourceId}}',
};

/** Every text of the panel that is ours (`locale.translations.en` of AdminJS). */
export function panelTranslations() {
  const resources = resourceHeadings();
  for (const [id, properties] of Object.entries(PROPERTIES)) resources[id] = { ...resources[id]!, properties };
  return {
    labels: {
      ...Object.fromEntries(Object.entries(RESOURCE_NAMES).map(([id, { plural }]) => [id, plural])),
      ...pageTranslations.labels,
    },
    actions: {
      // Breadcrumbs and buttons that name no resource.
      new: 'New',
      show: 'Details',
      edit: 'Edit',
      delete: 'Delete',
      list: 'List',
      createWebhook: 'New webhook',
      sendTest: 'Send test event',
      rotateSecret: 'Rotate secret',
      enable: 'Enable',
      disable: 'Disable',
      deliveries: 'Deliveries',
      redeliver: 'Redeliver',
      createToken: 'New API token',
      revoke: 'Revoke',
      revert: 'Revert this import',
      ...pageTranslations.actions,
    },
    // Column names every resource shares.
    properties: { id: 'ID', created_at: 'Created at', updated_at: 'Updated at' },
    buttons: { applyChanges: 'Apply filters', resetFilter: 'Clear filters' },
    components: { Login: LOGIN },
    messages: MESSAGES,
    pages: pageTranslations.pages,
    resources,
  };
}
