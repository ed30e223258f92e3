import React from 'react';
import { Box, Button, Link, MessageBox, Text } from '@adminjs/design-system';
import { styled } from '@adminjs/design-system/styled-components';
import { formatDateTime, formatNumber as n, NUMBER_STYLE } from './format.js';
import ImportCard from './ImportCard.js';
import { importPageUrl } from './importsApi.js';
import type { UploadProgress } from './resumableUpload.js';
import StatusBadge from './StatusBadge.js';
import { vocabulary } from './vocabulary.js';

/** The card's buttons and links in one row: links start at the card's edge, and keep a button's width of space after a button. */
export const CardActions = styled(Box)`
  & > button + a {
    margin-left: 16px;
  }
`;

/** An import as GET /api/v1/imports/:id answers it. */
export interface ImportView {
  id: string;
  status: 'queued' | 'processing' | 'previewed' | 'completed' | 'failed' | 'cancelled';
  phase: 'uploading' | 'waiting' | 'comparing' | 'importing' | 'finishing' | 'done';
  mode: 'apply' | 'preview';
  filename: string;
  sizeBytes: number;
  totalRows: number;
  processedRows: number;
  percent: number;
  insertedCount: number;
  updatedCount: number;
  /** Valid rows identical to the stored product (counted in updatedCount too). */
  unchangedCount: number;
  rejectedCount: number;
  /** When the rejected rows are deleted (their retention window); null while running, when none, or when kept for good. */
  rejectedRowsKeptUntil: string | null;
  /** Its rejected rows are past their retention window (the server's clock): deleted, the download would answer 410. */
  rejectedRowsDeleted: boolean;
  fieldChanges: Partial<Record<'sku' | 'name' | 'description' | 'active', number>> | null;
  previewExpiresAt: string | null;
  recordsChanges: boolean;
  revertStatus: 'running' | 'completed' | 'failed' | 'cancelled' | null;
  revertTotal: number;
  revertProcessed: number;
  revertPercent: number;
  revertRestoredCount: number;
  revertDeletedCount: number;
  revertConflictCount: number;
  revertError: string | null;
  revertStartedAt: string | null;
  revertFinishedAt: string | null;
  unknownColumns: string[];
  error: string | null;
  uploadedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  cancelRequested: boolean;
  /** The whole file has arrived: totalRows is final (before that, the total is not known). */
  uploadComplete: boolean;
  /** Bytes of the file staged by the server (where a resumable upload continues). */
  uploadedBytes: number;
  /** The upload stopped before the end and can be continued (choose the same file again). */
  resumable: boolean;
  uploadUrl: string | null;
  /** Retry can work (the whole file was staged); otherwise the file must be uploaded again. */
  canRetry: boolean;
}

export const isFinal = (imp: Pick<ImportView, 'status'>) => vocabulary().finalImportStatuses.includes(imp.status);
/** Nothing runs for it: it ended, or it is a preview waiting to be applied or discarded. */
export const isSettled = (imp: Pick<ImportView, 'status'>) => vocabulary().settledImportStatuses.includes(imp.status);
/** Products an import changed (updatedCount also counts rows identical to the stored product). */
export const changedCount = (imp: Pick<ImportView, 'updatedCount' | 'unchangedCount'>) => Math.max(0, imp.updatedCount - (imp.unchangedCount ?? 0));
/**
 * Rows written so far, new or updated (identical ones included), counted as each chunk commits. The
 * server's `processedRows` is the row up to which every partition has applied the file, so while
 * partitions run side by side it trails this by up to a chunk per partition.
 */
export const rowsApplied = (imp: Pick<ImportView, 'insertedCount' | 'updatedCount'>) => imp.insertedCount + imp.updatedCount;
/** It created or changed at least one product (a refused file, or one of rows identical to the catalogue, did not). */
export const changedSomething = (imp: Pick<ImportView, 'insertedCount' | 'updatedCount' | 'unchangedCount'>) => imp.insertedCount > 0 || changedCount(imp) > 0;

const PHASE_TEXT: Record<ImportView['phase'], string> = {
  uploading: 'Receiving the file',
  waiting: 'Waiting for a worker',
  comparing: 'Comparing with the catalogue',
  importing: 'Importing rows',
  finishing: 'Rebuilding search indexes',
  done: 'Done',
};

/** "4.2 s", "3 min 5 s", "1 h 2 min". */
export const formatDuration = (ms: number | null) => {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
};

/** How a preview that was never applied ended: discarded, or expired (it ended once its time was up). */
function previewEnd(imp: ImportView): string {
  const expired = imp.previewExpiresAt && imp.finishedAt && imp.finishedAt >= imp.previewExpiresAt;
  return expired
    ? `The preview expired on ${formatDateTime(imp.previewExpiresAt)} without being applied: nothing was changed. Upload the file again to import it.`
    : 'Preview discarded: nothing was changed.';
}

export const Stat: React.FC<{ label: string; value: string; testId: string }> = ({ label, value, testId }) => (
  <Box mr="xl" mb="md">
    <Text variant="sm" color="grey60">
      {label}
    </Text>
    <Text fontSize="lg" fontWeight="bold" data-testid={testId} style={NUMBER_STYLE}>
      {value}
    </Text>
  </Box>
);

/**
 * One import on the Import page: live progress while it runs (percent, rows, counts, speed,
 * time left, phase), then the final summary with the rejected-rows download and a link to the
 * import's page (what it changed, revert); cancel and retry. A preview shows as ImportPreviewPanel.
 */
const ImportProgressPanel: React.FC<{
  imp: ImportView;
  rowsPerSecond: number | null;
  busy: boolean;
  onCancel: () => void;
  onRetry: () => void;
  /** Shown on the import's own page: no link to it. */
  onItsPage?: boolean;
  /** The upload this tab is sending for this import, if any. */
  upload?: UploadProgress;
  /** Continue a stopped upload (from where the server stands). */
  onContinue?: () => void;
  /** Choose the file again for a new import. */
  onUploadAgain?: () => void;
}> = ({ imp, rowsPerSecond, busy, onCancel, onRetry, onItsPage, upload, onContinue, onUploadAgain }) => {
  const final = isFinal(imp);
  // While the file arrives, its number of rows is not known: show the upload's progress (bytes)
  // and the rows applied so far, never a percentage of an unknown total.
  const receiving = !final && !imp.uploadComplete;
  const sending = upload?.state === 'uploading';
  const sentBytes = sending ? Math.max(upload.sent, imp.uploadedBytes) : imp.uploadedBytes;
  const uploadPercent = imp.sizeBytes > 0 ? Math.min(100, Math.floor((sentBytes * 100) / imp.sizeBytes)) : 0;
  const stopped = receiving && imp.resumable && !sending;
  const preview = imp.mode === 'preview';
  const percent = Math.max(0, Math.min(100, Math.round(imp.percent ?? 0)));
  const left = rowsPerSecond && imp.totalRows > imp.processedRows ? ((imp.totalRows - imp.processedRows) / rowsPerSecond) * 1000 : null;
  const barColor = imp.status === 'failed' ? '#c20012' : imp.status === 'cancelled' ? '#898a9a' : imp.status === 'completed' ? '#007d3b' : '#3040d6';
  return (
    <ImportCard
      imp={imp}
      aside={
        <Box flex flexDirection="row" alignItems="center">
          <Text mr="md" color="grey60" data-testid="import-phase">
            {final ? '' : receiving ? (stopped ? 'Upload stopped' : 'Receiving the file') : PHASE_TEXT[imp.phase]}
          </Text>
          <StatusBadge status={imp.status} testId="import-status" />
        </Box>
      }
    >
      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={receiving ? uploadPercent : percent}
        aria-label={receiving ? 'Upload' : 'Import'}
        style={{ height: 14, borderRadius: 7, background: '#eeeeef', overflow: 'hidden', marginBottom: 16 }}
      >
        <div
          style={{
            width: `${receiving ? uploadPercent : percent}%`,
            height: '100%',
            background: stopped ? '#c27c00' : barColor,
            transition: 'width 0.4s ease',
          }}
        />
      </div>

      <Box flex flexDirection="row" flexWrap="wrap">
        {receiving ? (
          <>
            <Stat label={stopped ? 'Upload stopped at' : 'Uploaded'} value={`${uploadPercent}%`} testId="upload-percent" />
            <Stat label="Bytes sent" value={`${n(sentBytes)} / ${n(imp.sizeBytes)}`} testId="upload-bytes" />
            <Stat label="Rows applied so far" value={n(rowsApplied(imp))} testId="import-processed" />
            <Stat label="Rows in the file" value="not known yet" testId="import-total" />
          </>
        ) : (
          <>
            <Stat label="Progress" value={`${percent}%`} testId="import-percent" />
            <Stat label="Rows processed" value={`${n(imp.processedRows)} / ${n(imp.totalRows)}`} testId="import-processed" />
          </>
        )}
        <Stat label={preview ? 'Would create' : 'Inserted'} value={n(imp.insertedCount)} testId="import-inserted" />
        <Stat label={preview ? 'Would update' : 'Updated'} value={n(changedCount(imp))} testId="import-updated" />
        <Stat label={preview ? 'Would leave unchanged' : 'Unchanged'} value={n(imp.unchangedCount)} testId="import-unchanged" />
        <Stat label="Rejected" value={n(imp.rejectedCount)} testId="import-rejected" />
        {!final && <Stat label="Rows per second" value={rowsPerSecond ? n(Math.round(rowsPerSecond)) : '—'} testId="import-rate" />}
        {!final && !receiving && <Stat label="Time left" value={left === null ? '—' : formatDuration(left)} testId="import-eta" />}
        {final && <Stat label="Duration" value={formatDuration(imp.durationMs)} testId="import-duration" />}
      </Box>

      {imp.unknownColumns?.length > 0 && (
        <Text variant="sm" color="grey60" mb="md">
          Ignored columns: {imp.unknownColumns.join(', ')}
        </Text>
      )}
      {imp.status === 'completed' && (
        <MessageBox
          variant="success"
          mb="md"
          data-testid="import-summary"
          message={`Imported ${n(imp.totalRows)} rows in ${formatDuration(imp.durationMs)}: ${n(imp.insertedCount)} new, ${n(changedCount(imp))} updated, ${n(imp.unchangedCount)} unchanged, ${n(imp.rejectedCount)} rejected.`}
        />
      )}
      {imp.status === 'failed' && <MessageBox variant="danger" mb="md" message={`Import failed: ${imp.error ?? 'unknown error'}`} />}
      {stopped && (
        <MessageBox
          variant="warning"
          mb="md"
          data-testid="upload-stopped"
          message={`The upload stopped at ${uploadPercent}% (${n(imp.uploadedBytes)} of ${n(imp.sizeBytes)} bytes)${upload?.message ? `: ${upload.message}` : ''}. Continue it to import the rest: ${upload ? 'it goes on from there' : `choose ${imp.filename} again and it goes on from there`}. Rows already applied stay.`}
        />
      )}
      {imp.status === 'cancelled' && (
        <MessageBox
          variant="info"
          mb="md"
          data-testid="import-cancelled"
          message={imp.mode === 'apply' ? 'Import cancelled. Rows already imported stay imported.' : previewEnd(imp)}
        />
      )}
      {imp.cancelRequested && !final && (
        <Text color="grey60" mb="md">
          Cancelling…
        </Text>
      )}

      <CardActions flex flexDirection="row" alignItems="center">
        {!final && !imp.cancelRequested && (
          <Button variant="outlined" color="danger" mr="md" disabled={busy} onClick={onCancel} data-testid="import-cancel">
            Cancel import
          </Button>
        )}
        {stopped && onContinue && (
          <Button variant="contained" mr="md" disabled={busy} onClick={onContinue} data-testid="upload-continue">
            {upload ? 'Continue upload' : 'Choose the file to continue'}
          </Button>
        )}
        {imp.status === 'failed' && imp.canRetry && (
          <Button variant="contained" mr="md" disabled={busy} onClick={onRetry} data-testid="import-retry">
            Retry import
          </Button>
        )}
        {imp.status === 'failed' && !imp.canRetry && onUploadAgain && (
          <Button variant="contained" mr="md" disabled={busy} onClick={onUploadAgain} data-testid="import-upload-again">
            Upload the file again
          </Button>
        )}
        {imp.rejectedCount > 0 && !imp.rejectedRowsDeleted && (
          <Link href={`/api/v1/imports/${imp.id}/errors`} download fontSize="default" mr="xl" data-testid="import-rejected-download">
            Download rejected rows (CSV)
          </Link>
        )}
        {imp.rejectedCount > 0 && imp.rejectedRowsDeleted && (
          <Text color="grey60" mr="md" data-testid="import-rejected-deleted">
            Rejected rows were deleted on {formatDateTime(imp.rejectedRowsKeptUntil)} (their retention window ended).
          </Text>
        )}
        {final && imp.mode === 'apply' && !onItsPage && (
          <Link href={importPageUrl(imp.id)} fontSize="default" mr="xl" data-testid="import-page-link">
            {imp.recordsChanges && changedSomething(imp) ? 'What this import changed · Revert' : 'Import details'}
          </Link>
        )}
      </CardActions>
    </ImportCard>
  );
};

export default ImportProgressPanel;
