import React from 'react';
import { Box, Button, Link, MessageBox, Text } from '@adminjs/design-system';
import { formatDateTime, formatNumber as n } from './format.js';
import { CardActions, Stat, type ImportView } from './ImportProgressPanel.js';
import StatusBadge from './StatusBadge.js';

const REVERT_LABEL: Record<NonNullable<ImportView['revertStatus']>, string> = {
  running: 'Reverting',
  completed: 'Reverted',
  failed: 'Revert failed',
  cancelled: 'Revert cancelled',
};

const BAR: Record<NonNullable<ImportView['revertStatus']>, string> = { running: '#3040d6', completed: '#007d3b', failed: '#c20012', cancelled: '#898a9a' };

/** The outcome in one sentence, with the numbers. */
function outcome(imp: ImportView): string {
  const conflicts = imp.revertConflictCount
    ? `${n(imp.revertConflictCount)} products changed since the import were left as they are: the conflicts CSV lists them with the reason.`
    : 'No product had changed since the import.';
  const counts = `${n(imp.revertRestoredCount)} updated products restored to their previous values and ${n(imp.revertDeletedCount)} created products deleted. ${conflicts}`;
  if (imp.revertStatus === 'completed') return `Reverted on ${formatDateTime(imp.revertFinishedAt)}: ${counts}`;
  if (imp.revertStatus === 'cancelled')
    return `Revert cancelled after ${n(imp.revertProcessed)} of ${n(imp.revertTotal)} products; what was reverted stays reverted, and reverting again continues with the rest. So far ${counts}`;
  return imp.revertError ?? 'The revert stopped. Revert again to continue where it stopped.';
}

/**
 * The revert of an import: live progress while it runs (percent, products processed of all,
 * restored, deleted, conflicts) with a cancel button, then the outcome and the conflicts download.
 */
const RevertProgress: React.FC<{ imp: ImportView; busy?: boolean; onCancel?: () => void }> = ({ imp, busy, onCancel }) => {
  const status = imp.revertStatus;
  if (!status) return null;
  const percent = Math.max(0, Math.min(100, Math.round(imp.revertPercent ?? 0)));
  return (
    <Box data-testid="revert-progress" data-revert-status={status}>
      <Box flex flexDirection="row" alignItems="center" mb="md">
        <StatusBadge status={status} label={REVERT_LABEL[status]} testId="revert-status" />
        {imp.revertStartedAt && (
          <Text ml="md" variant="sm" color="grey60">
            started {formatDateTime(imp.revertStartedAt)}
          </Text>
        )}
      </Box>
      <div
        role="progressbar"
        aria-label="Revert progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        style={{ height: 14, borderRadius: 7, background: '#eeeeef', overflow: 'hidden', marginBottom: 16 }}
      >
        <div style={{ width: `${percent}%`, height: '100%', background: BAR[status], transition: 'width 0.4s ease' }} />
      </div>
      <Box flex flexDirection="row" flexWrap="wrap">
        <Stat label="Progress" value={`${percent}%`} testId="revert-percent" />
        <Stat label="Products processed" value={`${n(imp.revertProcessed)} / ${n(imp.revertTotal)}`} testId="revert-processed" />
        <Stat label="Restored" value={n(imp.revertRestoredCount)} testId="revert-restored" />
        <Stat label="Deleted" value={n(imp.revertDeletedCount)} testId="revert-deleted" />
        <Stat label="Conflicts" value={n(imp.revertConflictCount)} testId="revert-conflicts" />
      </Box>
      {status !== 'running' && (
        <MessageBox
          variant={status === 'completed' ? 'success' : status === 'failed' ? 'danger' : 'info'}
          mb="md"
          data-testid="revert-outcome"
          message={outcome(imp)}
        />
      )}
      <CardActions flex flexDirection="row" alignItems="center">
        {status === 'running' && onCancel && (
          <Button type="button" variant="outlined" color="danger" mr="md" disabled={busy} onClick={onCancel} data-testid="revert-cancel">
            Cancel revert
          </Button>
        )}
        {imp.revertConflictCount > 0 && (
          <Link href={`/api/v1/imports/${imp.id}/revert/conflicts.csv`} download fontSize="default" mr="xl" data-testid="revert-conflicts-download">
            Download conflicts (CSV)
          </Link>
        )}
      </CardActions>
    </Box>
  );
};

export default RevertProgress;
