import { Resource as SqlResource, type ResourceMetadata } from '@adminjs/sql';
import type { ActionResponse, ResourceWithOptions } from 'adminjs';
import { Components } from '../componentLoader.js';
import { FINAL_STATUSES, IMPORT_STATUSES, REVERT_STATUSES } from '../../imports/imports.states.js';
import { columns, numberColumn, oneLineColumn, statusFilterColumn } from './columns.js';
import { postOnlyAction } from './postOnlyAction.js';

/** What the Imports screen needs from the import engine. */
export interface ImportActionsService {
  retryImport(id: string): Promise<unknown>;
  cancelImport(id: string): Promise<unknown>;
}

const IMPORTS_AND_JOBS = { name: 'Imports & jobs', icon: 'Upload' };

/** An import's row counts, in the order its page shows them. */
const ROW_COUNTS = ['total_rows', 'processed_rows', 'inserted_count', 'updated_count', 'changed_count', 'unchanged_count', 'rejected_count'];
/** Every numeric column (shown with thousands separators, never wrapped). */
const COUNTS = [...ROW_COUNTS, 'size_bytes', 'attempts'];

/** "4.2 s", "3 min 5 s": from the upload to the end, or so far for a running import. */
export function importDuration(params: Record<string, unknown>, now = new Date()): string {
  if (!params.created_at) return '';
  const start = new Date(params.created_at as string).getTime();
  const end = params.finished_at ? new Date(params.finished_at as string).getTime() : now.getTime();
  const s = Math.max(0, (end - start) / 1000);
  const text =
    s < 60
      ? `${s.toFixed(s < 10 ? 1 : 0)} s`
      : s < 3600
        ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`
        : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return params.finished_at ? text : `${text} (running)`;
}

/**
 * Columns computed from the row: the duration, and the products an import really changed (the API's
 * `updatedCount` counts the rows that matched an existing product, `unchangedCount` those of them
 * identical to it).
 */
const withComputedColumns = (response: ActionResponse) => {
  for (const record of [...(response.records ?? []), ...(response.record ? [response.record] : [])]) {
    record.params.duration = importDuration(record.params);
    record.params.changed_count = Number(record.params.updated_count ?? 0) - Number(record.params.unchanged_count ?? 0);
  }
  return response;
};

/** A revert can work: an applied import that ended, recorded its changes, and is not reverted or being reverted. */
export const canRevert = (params: Record<string, unknown>) =>
  (FINAL_STATUSES as readonly string[]).includes(String(params.status)) &&
  params.mode === 'apply' &&
  String(params.records_changes) === 'true' &&
  // It created or changed a product (updated_count includes the rows that matched a product exactly).
  Number(params.inserted_count) + Number(params.updated_count) - Number(params.unchanged_count) > 0 &&
  [null, undefined, '', 'failed', 'cancelled'].includes(params.revert_status as string | null | undefined);

/** Runs an import action on POST and goes back to the import's page, saying `done`. */
const importAction = (label: string, run: (id: string) => Promise<unknown>, done: string) =>
  postOnlyAction(
    async (id, context) => {
      await run(id);
      return {
        redirectUrl: context.h.recordActionUrl({ resourceId: 'imports', recordId: id, actionName: 'show' }),
        notice: { message: done, type: 'success' },
      };
    },
    { errorPrefix: label },
  );

/** Imports: history newest first with status, counts, duration and uploader; retry, cancel, rejected rows. */
export function importsResource(metadata: ResourceMetadata, imports: ImportActionsService): ResourceWithOptions {
  return {
    resource: new SqlResource(metadata),
    options: {
      id: 'imports',
      navigation: IMPORTS_AND_JOBS,
      titleProperty: 'filename',
      sort: { sortBy: 'created_at', direction: 'desc' },
      listProperties: [
        'filename',
        'status',
        'total_rows',
        'inserted_count',
        'changed_count',
        'unchanged_count',
        'rejected_count',
        'revert_status',
        'duration',
        'uploaded_by',
        'created_at',
      ],
      filterProperties: ['status', 'filename', 'uploaded_by', 'created_at'],
      showProperties: [
        'id',
        'filename',
        'status',
        'phase',
        'size_bytes',
        ...ROW_COUNTS,
        'revert_status',
        'unknown_columns',
        'error',
        'duration',
        'attempts',
        'uploaded_by',
        'created_at',
        'started_at',
        'finished_at',
      ],
      properties: {
        id: { isVisible: { list: false, show: true, edit: false, filter: false } },
        filename: oneLineColumn,
        uploaded_by: oneLineColumn,
        status: statusFilterColumn([...IMPORT_STATUSES]),
        ...columns(COUNTS, numberColumn),
        changed_count: { ...numberColumn, type: 'number', isSortable: false, isVisible: { list: true, show: true, edit: false, filter: false } },
        revert_status: statusFilterColumn([...REVERT_STATUSES]),
        duration: { type: 'string', isSortable: false, isVisible: { list: true, show: true, edit: false, filter: false }, ...oneLineColumn },
      },
      actions: {
        new: { isAccessible: false },
        edit: { isAccessible: false },
        delete: { isAccessible: false },
        bulkDelete: { isAccessible: false },
        list: { after: withComputedColumns },
        show: { after: withComputedColumns, component: Components.ImportShow },
        retry: {
          actionType: 'record',
          icon: 'RotateCw',
          guard: 'The import resumes from its last committed chunk:',
          component: Components.ConfirmRecordAction,
          isVisible: ({ record }) => record?.params.status === 'failed',
          handler: importAction('Retry', (id) => imports.retryImport(id), 'Import queued to run again'),
        },
        cancel: {
          actionType: 'record',
          icon: 'XCircle',
          variant: 'danger',
          guard: 'Rows already imported stay imported. Cancel',
          component: Components.ConfirmRecordAction,
          isVisible: ({ record }) => ['queued', 'processing'].includes(String(record?.params.status)),
          handler: importAction('Cancel', (id) => imports.cancelImport(id), 'Import cancelled'),
        },
        downloadRejected: {
          actionType: 'record',
          icon: 'Download',
          component: Components.DownloadRejectedRows,
          isVisible: ({ record }) => Number(record?.params.rejected_count ?? 0) > 0,
          handler: async (_request, _res, context) => ({ record: context.record!.toJSON(context.currentAdmin) }),
        },
        // The screen (ImportRevert) asks for REVERT to be typed and starts the revert through the
        // API (POST /api/v1/imports/:id/revert, with the session): this handler changes nothing.
        revert: {
          actionType: 'record',
          icon: 'RotateCcw',
          variant: 'danger',
          component: Components.ImportRevert,
          isVisible: ({ record }) => canRevert(record?.params ?? {}),
          handler: async (_request, _res, context) => ({ record: context.record!.toJSON(context.currentAdmin) }),
        },
      },
    },
  };
}
