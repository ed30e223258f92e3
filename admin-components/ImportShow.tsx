import React from 'react';
import { Box, H4, MessageBox } from '@adminjs/design-system';
import { BasePropertyComponent, type ActionProps } from 'adminjs';
import ImportChanges from './ImportChanges.js';
import ImportPreviewPanel from './ImportPreviewPanel.js';
import ImportProgressPanel, { isFinal, type ImportView } from './ImportProgressPanel.js';
import { callApi } from './importsApi.js';
import RevertProgress from './RevertProgress.js';
import { useFollowedImport } from './useFollowedImport.js';
import { useApiCall } from './useApiCall.js';

/**
 * An import's page: a preview to apply or discard, an import still running (live), or for an
 * applied import its revert (live, with cancel) and "What this import changed"; then its details.
 */
const ImportShow: React.FC<ActionProps> = ({ resource, record }) => {
  const { busy, error, setError, call } = useApiCall();
  const id = String(record!.id);
  const { imp, error: loadError, update } = useFollowedImport(id);

  const post = async (path: 'apply' | 'cancel' | 'retry' | 'revert/cancel') => {
    await call(async () => {
      update(await callApi<ImportView>(`/api/v1/imports/${id}/${path}`, 'POST'));
    });
  };

  return (
    <Box data-testid="import-page">
      {(error || loadError) && (
        <MessageBox variant="danger" mb="lg" message={error ?? loadError!} onCloseClick={() => setError(null)} data-testid="import-page-error" />
      )}
      {imp?.status === 'previewed' && <ImportPreviewPanel imp={imp} busy={busy} onApply={() => void post('apply')} onDiscard={() => void post('cancel')} />}
      {imp && imp.status !== 'previewed' && (
        <ImportProgressPanel imp={imp} rowsPerSecond={null} busy={busy} onCancel={() => void post('cancel')} onRetry={() => void post('retry')} onItsPage />
      )}
      {imp && isFinal(imp) && imp.mode === 'apply' && (
        <>
          {imp.revertStatus && (
            <Box variant="white" p="xl" mb="lg" data-testid="import-revert">
              <H4 mb="md">Revert</H4>
              <RevertProgress imp={imp} busy={busy} onCancel={() => void post('revert/cancel')} />
            </Box>
          )}
          <Box variant="white" p="xl" mb="lg">
            <ImportChanges imp={imp} />
          </Box>
        </>
      )}
      <Box variant="white" p="xl">
        <H4 mb="lg">Details</H4>
        {resource.showProperties.map((property) => (
          <BasePropertyComponent key={property.propertyPath} where="show" property={property} resource={resource} record={record} />
        ))}
      </Box>
    </Box>
  );
};

export default ImportShow;
