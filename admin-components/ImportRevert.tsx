import React, { useEffect, useState } from 'react';
import { Box, Button, Text } from '@adminjs/design-system';
import type { ActionProps } from 'adminjs';
import { formatDateTime, formatNumber as n } from './format.js';
import type { ImportView } from './ImportProgressPanel.js';
import { callApi, importPageUrl, type ChangesPage } from './importsApi.js';
import RevertProgress from './RevertProgress.js';
import TypedConfirmation from './TypedConfirmation.js';
import { useFollowedImport } from './useFollowedImport.js';
import { useApiCall } from './useApiCall.js';

const OUTCOME_TITLE = { running: 'Reverting the import…', completed: 'Import reverted', failed: 'Revert failed', cancelled: 'Revert cancelled' } as const;

/**
 * "Revert this import": says exactly what the revert will do (products restored, products deleted,
 * products changed since left alone and listed), asks for REVERT to be typed (TypedConfirmation),
 * then starts it through the API and follows it live to its outcome, with cancel while it runs.
 * The server's refusals (409: reverted already, still running…) are shown in its own words.
 */
const ImportRevert: React.FC<ActionProps> = ({ record }) => {
  const { busy, error, setError, call } = useApiCall();
  const id = String(record!.id);
  const { imp, error: loadError, update } = useFollowedImport(id);
  const [counts, setCounts] = useState<ChangesPage['counts'] | null>(null);
  const [started, setStarted] = useState(false);

  useEffect(() => {
    callApi<ChangesPage>(`/api/v1/imports/${id}/changes?limit=1`)
      .then((page) => setCounts(page.counts))
      .catch((e: Error) => setError(e.message));
  }, [id]);

  const post = async (path: 'revert' | 'revert/cancel') => {
    const done = await call(async () => {
      update(await callApi<ImportView>(`/api/v1/imports/${id}/${path}`, 'POST'));
      setStarted(true);
      return true;
    });
    // Refused (409): someone else may be reverting it right now; show that revert as it goes.
    if (!done)
      callApi<ImportView>(`/api/v1/imports/${id}`)
        .then(update)
        .catch(() => {});
  };

  const following = imp?.revertStatus && (started || imp.revertStatus === 'running') ? imp : null;
  return (
    <TypedConfirmation
      testId="revert"
      title={`Revert ${record?.params.filename ?? 'this import'}`}
      prompt={
        <>
          Type <strong>REVERT</strong> to confirm
        </>
      }
      accepted={['REVERT']}
      submitLabel="Revert this import"
      busyLabel="Starting the revert…"
      busy={busy}
      ready={counts !== null && imp !== null}
      error={error ?? loadError}
      cancelHref={importPageUrl(id)}
      onConfirm={() => void post('revert')}
      outcome={
        following && {
          title: OUTCOME_TITLE[following.revertStatus!],
          tone: following.revertStatus === 'completed' ? 'success' : following.revertStatus === 'running' ? 'primary100' : 'error',
          content: (
            <>
              <RevertProgress imp={following} busy={busy} onCancel={() => void post('revert/cancel')} />
              {error && (
                <Text mt="md" color="error" data-testid="revert-error">
                  {error}
                </Text>
              )}
              <Box mt="xl">
                <Button as="a" href={importPageUrl(id)} variant={following.revertStatus === 'running' ? 'outlined' : 'contained'} data-testid="revert-back">
                  {following.revertStatus === 'running' ? 'Follow it on the import’s page' : 'Back to the import'}
                </Button>
              </Box>
            </>
          ),
        }
      }
    >
      <Text mb="lg" data-testid="revert-summary">
        Reverting <strong>{String(record?.params.filename ?? '')}</strong>
        {imp?.finishedAt ? <> (imported {formatDateTime(imp.finishedAt)})</> : null}{' '}
        {counts && counts.created + counts.updated === 0 ? (
          <>changes nothing: it created and changed no product.</>
        ) : (
          <>
            {counts?.updated !== 0 && (
              <>
                restores{' '}
                <strong data-testid="revert-will-restore" style={{ whiteSpace: 'nowrap' }}>
                  {counts ? n(counts.updated) : '…'}
                </strong>{' '}
                updated products to their previous values{counts?.created !== 0 ? ' and ' : ''}
              </>
            )}
            {counts?.created !== 0 && (
              <>
                deletes{' '}
                <strong data-testid="revert-will-delete" style={{ whiteSpace: 'nowrap' }}>
                  {counts ? n(counts.created) : '…'}
                </strong>{' '}
                created products
              </>
            )}
            . Products changed since (by another import, the API or the panel) are left as they are and listed in a conflicts report you can download.
          </>
        )}
      </Text>
      <Text mb="lg" color="grey60">
        It runs in the background and can be cancelled; what is already reverted stays reverted. Webhook subscribers receive import.reverted once it completes.
      </Text>
    </TypedConfirmation>
  );
};

export default ImportRevert;
