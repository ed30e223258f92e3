import React from 'react';
import { Badge, Box, Button, MessageBox, Text } from '@adminjs/design-system';

/** An import as GET /api/v1/imports/:id answers it. */
export interface ImportView {
  id: string;
  status: 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';
  phase: 'uploading' | 'waiting' | 'importing' | 'finishing' | 'done';
  filename: string;
  sizeBytes: number;
  totalRows: number;
  processedRows: number;
  percent: number;
  insertedCount: number;
  updatedCount: number;
  rejectedCount: number;
  unknownColumns: string[];
  error: string | null;
  uploadedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  cancelRequested: boolean;
}

export const isFinal = (imp: Pick<ImportView, 'status'>) => ['completed', 'failed', 'cancelled'].includes(imp.status);

const STATUS_VARIANT: Record<ImportView['status'], string> = {
  queued: 'secondary',
  processing: 'primary',
  completed: 'success',
  failed: 'danger',
  cancelled: 'light',
};

const PHASE_TEXT: Record<ImportView['phase'], string> = {
  uploading: 'Receiving the file',
  waiting: 'Waiting for a worker',
  importing: 'Importing rows',
  finishing: 'Rebuilding search indexes',
  done: 'Done',
};

const n = (v: number) => Number(v ?? 0).toLocaleString('en-US');

export const formatDuration = (ms: number | null) => {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
};

const Stat: React.FC<{ label: string; value: string; testId: string }> = ({ label, value, testId }) => (
  <Box mr="xl" mb="md">
    <Text variant="sm" color="grey60">{label}</Text>
    <Text fontSize="lg" fontWeight="bold" data-testid={testId}>{value}</Text>
  </Box>
);

/**
 * One import on the Import page: live progress while it runs (percent, rows, counts, speed,
 * time left, phase), then the final summary with the rejected-rows download; cancel and retry.
 */
const ImportProgressPanel: React.FC<{
  imp: ImportView;
  rowsPerSecond: number | null;
  busy: boolean;
  onCancel: () => void;
  onRetry: () => void;
}> = ({ imp, rowsPerSecond, busy, onCancel, onRetry }) => {
  const final = isFinal(imp);
  const percent = Math.max(0, Math.min(100, Math.round(imp.percent ?? 0)));
  const left = rowsPerSecond && imp.totalRows > imp.processedRows ? ((imp.totalRows - imp.processedRows) / rowsPerSecond) * 1000 : null;
  const barColor = imp.status === 'failed' ? '#c20012' : imp.status === 'cancelled' ? '#898a9a' : imp.status === 'completed' ? '#007d3b' : '#3040d6';
  return (
    <Box variant="white" mb="lg" p="xl" data-testid="import-card" data-import-id={imp.id} data-status={imp.status}>
      <Box flex flexDirection="row" justifyContent="space-between" alignItems="center" mb="lg">
        <Box>
          <Text fontSize="lg" fontWeight="bold">{imp.filename}</Text>
          <Text variant="sm" color="grey60">
            {n(imp.sizeBytes)} bytes · uploaded {new Date(imp.createdAt).toLocaleString()}
            {imp.uploadedBy ? ` by ${imp.uploadedBy}` : ''}
          </Text>
        </Box>
        <Box flex flexDirection="row" alignItems="center">
          <Text mr="md" color="grey60" data-testid="import-phase">{final ? '' : PHASE_TEXT[imp.phase]}</Text>
          <Badge variant={STATUS_VARIANT[imp.status] as never} data-testid="import-status">{imp.status}</Badge>
        </Box>
      </Box>

      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        style={{ height: 14, borderRadius: 7, background: '#eeeeef', overflow: 'hidden', marginBottom: 16 }}
      >
        <div style={{ width: `${percent}%`, height: '100%', background: barColor, transition: 'width 0.4s ease' }} />
      </div>

      <Box flex flexDirection="row" flexWrap="wrap">
        <Stat label="Progress" value={`${percent}%`} testId="import-percent" />
        <Stat label="Rows processed" value={`${n(imp.processedRows)} / ${n(imp.totalRows)}`} testId="import-processed" />
        <Stat label="Inserted" value={n(imp.insertedCount)} testId="import-inserted" />
        <Stat label="Updated" value={n(imp.updatedCount)} testId="import-updated" />
        <Stat label="Rejected" value={n(imp.rejectedCount)} testId="import-rejected" />
        {!final && <Stat label="Rows per second" value={rowsPerSecond ? n(Math.round(rowsPerSecond)) : '—'} testId="import-rate" />}
        {!final && <Stat label="Time left" value={left === null ? '—' : formatDuration(left)} testId="import-eta" />}
        {final && <Stat label="Duration" value={formatDuration(imp.durationMs)} testId="import-duration" />}
      </Box>

      {imp.unknownColumns?.length > 0 && (
        <Text variant="sm" color="grey60" mb="md">Ignored columns: {imp.unknownColumns.join(', ')}</Text>
      )}
      {imp.status === 'completed' && (
        <MessageBox
          variant="success"
          mb="md"
          data-testid="import-summary"
          message={`Imported ${n(imp.totalRows)} rows in ${formatDuration(imp.durationMs)}: ${n(imp.insertedCount)} new, ${n(imp.updatedCount)} updated, ${n(imp.rejectedCount)} rejected.`}
        />
      )}
      {imp.status === 'failed' && <MessageBox variant="danger" mb="md" message={`Import failed: ${imp.error ?? 'unknown error'}`} />}
      {imp.status === 'cancelled' && <MessageBox variant="info" mb="md" message="Import cancelled. Rows already imported stay imported." />}
      {imp.cancelRequested && !final && <Text color="grey60" mb="md">Cancelling…</Text>}

      <Box flex flexDirection="row" alignItems="center">
        {!final && !imp.cancelRequested && (
          <Button variant="outlined" color="danger" mr="md" disabled={busy} onClick={onCancel} data-testid="import-cancel">Cancel import</Button>
        )}
        {imp.status === 'failed' && imp.totalRows > 0 && (
          <Button variant="contained" mr="md" disabled={busy} onClick={onRetry} data-testid="import-retry">Retry import</Button>
        )}
        {imp.rejectedCount > 0 && (
          <Button as="a" variant="text" href={`/api/v1/imports/${imp.id}/errors`} download data-testid="import-rejected-download">
            Download rejected rows (CSV)
          </Button>
        )}
      </Box>
    </Box>
  );
};

export default ImportProgressPanel;
