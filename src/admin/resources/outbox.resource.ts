import { Resource as SqlResource, type ResourceMetadata } from '@adminjs/sql';
import type { ResourceWithOptions } from 'adminjs';
import { Components } from '../componentLoader.js';
import { numberColumn, oneLineColumn, statusFilterColumn } from './columns.js';

/** The mail outbox: every e-mail the app sent or (without SMTP_URL) stored, read-only. */
export function outboxResource(metadata: ResourceMetadata): ResourceWithOptions {
  return {
    resource: new SqlResource(metadata),
    options: {
      id: 'mail_outbox',
      navigation: { name: 'Integrations', icon: 'Share2' },
      titleProperty: 'subject',
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['id', 'created_at', 'kind', 'to_address', 'subject', 'status', 'attempts'],
      filterProperties: ['kind', 'to_address', 'subject', 'status', 'created_at'],
      // The message first, the delivery details after it.
      showProperties: ['subject', 'to_address', 'status', 'created_at', 'sent_at', 'html_body', 'kind', 'attempts', 'last_error', 'smtp_message_id', 'id'],
      properties: {
        status: { ...statusFilterColumn(['queued', 'sent', 'stored', 'failed']), description: '"stored": kept here because SMTP_URL is not set' },
        to_address: oneLineColumn,
        subject: oneLineColumn,
        attempts: numberColumn,
        text_body: { type: 'textarea' },
        // The message as received (sandboxed) and its plain text, instead of the raw HTML.
        html_body: { components: { show: Components.MailMessage } },
      },
      actions: {
        new: { isAccessible: false },
        edit: { isAccessible: false },
        delete: { isAccessible: false },
        bulkDelete: { isAccessible: false },
      },
    },
  };
}
