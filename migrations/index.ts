import type { Knex } from 'knex';
import * as products from './20261128000100_products.js';
import * as adminUsers from './20261128000200_admin_users.js';
import * as apiTokens from './20261128000300_api_tokens.js';
import * as sessionsAndSettings from './20261128000400_sessions_and_settings.js';
import * as imports from './20261128000500_imports.js';
import * as productsSortIndexes from './20261128002000_products_sort_indexes.js';
import * as webhooks from './20261128001000_webhooks.js';
import * as mailOutbox from './20261128001100_mail_outbox.js';
import * as productCounts from './20261128002010_product_counts.js';
import * as importPartitions from './20261130000100_import_partitions.js';
import * as loginAttempts from './20261130000200_login_attempts.js';
import * as domainEvents from './20261130000300_domain_events.js';
import * as rateLimits from './20261130000400_rate_limits.js';
import * as importChanges from './20261130000500_import_changes.js';
import * as mailLease from './20261130000600_mail_lease.js';
import * as retentionIndexes from './20261130000410_retention_indexes.js';
import * as resumableUploads from './20261201000100_resumable_uploads.js';
import * as importChangesLean from './20261201000200_import_changes_lean.js';
import * as importChangeSets from './20261201000300_import_change_sets.js';

type Migration = { up: (knex: Knex) => Promise<void>; down?: (knex: Knex) => Promise<void> };

/**
 * Every migration, in order. Imported statically (not discovered on disk) so the same list runs
 * under tsx, jest and the production image alike. Append new migrations at the end.
 */
export const migrations: [name: string, migration: Migration][] = [
  ['20261128000100_products', products],
  ['20261128000200_admin_users', adminUsers],
  ['20261128000300_api_tokens', apiTokens],
  ['20261128000400_sessions_and_settings', sessionsAndSettings],
  ['20261128000500_imports', imports],
  ['20261128002000_products_sort_indexes', productsSortIndexes],
  ['20261128001000_webhooks', webhooks],
  ['20261128001100_mail_outbox', mailOutbox],
  ['20261128002010_product_counts', productCounts],
  ['20261130000100_import_partitions', importPartitions],
  ['20261130000200_login_attempts', loginAttempts],
  ['20261130000300_domain_events', domainEvents],
  ['20261130000500_import_changes', importChanges],
  ['20261130000600_mail_lease', mailLease],
  ['20261130000400_rate_limits', rateLimits],
  ['20261130000410_retention_indexes', retentionIndexes],
  ['20261201000100_resumable_uploads', resumableUploads],
  ['20261201000200_import_changes_lean', importChangesLean],
  ['20261201000300_import_change_sets', importChangeSets],
];

/** knex migration source over the list above. */
export const migrationSource: Knex.MigrationSource<[string, Migration]> = {
  getMigrations: async () => migrations,
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};
