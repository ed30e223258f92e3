import React, { useEffect, useState } from 'react';
import { Box, Button, H5, MessageBox, Text } from '@adminjs/design-system';
import { formatDateTime, formatNumber as n } from './format.js';
import ImportCard from './ImportCard.js';
import { Stat, changedCount, type ImportView } from './ImportProgressPanel.js';
import { callApi, type ChangesPage } from './importsApi.js';
import ProductChangesTable, { FIELD_LABEL } from './ProductChangesTable.js';
import StatusBadge from './StatusBadge.js';

const FIELDS = ['sku', 'name', 'description', 'active'] as const;

/**
 * A previewed import: what applying the file would do to the catalogue as it is now (products
 * created, updated, left unchanged, rows rejected; per field how many products would change;
 * examples before → after), when the preview expires, and the choice to apply or discard it.
 */
const ImportPreviewPanel: React.FC<{
  imp: ImportView;
  busy: boolean;
  onApply: () => void;
  onDiscard: () => void;
}> = ({ imp, busy, onApply, onDiscard }) => {
  const [examples, setExamples] = useState<ChangesPage | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    callApi<ChangesPage>(`/api/v1/imports/${imp.id}/changes`)
      .then(setExamples)
      .catch((e: Error) => setError(`The examples could not be loaded: ${e.message}`));
  }, [imp.id]);

  const fields = FIELDS.filter((f) => (imp.fieldChanges?.[f] ?? 0) > 0);
  return (
    <ImportCard imp={imp} aside={<StatusBadge status={imp.status} testId="import-status" />}>
      <MessageBox
        variant="info"
        mb="lg"
        message={`Nothing has been changed yet. This is what importing the ${n(imp.totalRows)} rows of this file would do to the catalogue as it is now.`}
      />

      <Box flex flexDirection="row" flexWrap="wrap">
        <Stat label="Would create" value={n(imp.insertedCount)} testId="preview-created" />
        <Stat label="Would update" value={n(changedCount(imp))} testId="preview-updated" />
        <Stat label="Would leave unchanged" value={n(imp.unchangedCount)} testId="preview-unchanged" />
        <Stat label="Rows rejected" value={n(imp.rejectedCount)} testId="preview-rejected" />
      </Box>

      <Box mb="lg" data-testid="preview-fields">
        <Text variant="sm" color="grey60" mb="sm">
          Products whose field would change
        </Text>
        {fields.length === 0 ? (
          <Text>No existing product would change.</Text>
        ) : (
          <Box flex flexDirection="row" flexWrap="wrap">
            {fields.map((f) => (
              <Text key={f} mr="xl" data-testid="preview-field" data-field={f}>
                {FIELD_LABEL[f]}: <strong style={{ whiteSpace: 'nowrap' }}>{n(imp.fieldChanges?.[f] ?? 0)}</strong>
              </Text>
            ))}
          </Box>
        )}
      </Box>

      <H5 mb="md">Examples of what would change</H5>
      {error && <MessageBox variant="danger" mb="md" message={error} />}
      {examples && examples.data.length === 0 && <Text mb="lg">Applying this file would neither create nor change a product.</Text>}
      {examples && examples.data.length > 0 && (
        <Box mb="lg">
          <ProductChangesTable
            changes={[...examples.data].sort((a, b) => (a.action === b.action ? 0 : a.action === 'updated' ? -1 : 1))}
            testId="preview-examples"
            preview
          />
          <Text variant="sm" color="grey60" mt="sm">
            Up to 10 products of each kind. The full list of changes is kept once the import is applied.
          </Text>
        </Box>
      )}

      <Text mb="lg" data-testid="preview-expires">
        This preview expires on <strong style={{ whiteSpace: 'nowrap' }}>{formatDateTime(imp.previewExpiresAt)}</strong>. Applying imports the file against the
        catalogue as it is then: products changed in the meantime can make the result differ from this preview.
      </Text>

      <Box flex flexDirection="row" alignItems="center">
        <Button variant="contained" mr="md" disabled={busy} onClick={onApply} data-testid="preview-apply">
          Apply this import
        </Button>
        <Button variant="outlined" color="danger" mr="md" disabled={busy} onClick={onDiscard} data-testid="preview-discard">
          Discard
        </Button>
        {imp.rejectedCount > 0 && (
          <Button as="a" variant="text" href={`/api/v1/imports/${imp.id}/errors`} download data-testid="import-rejected-download">
            Download rejected rows (CSV)
          </Button>
        )}
      </Box>
    </ImportCard>
  );
};

export default ImportPreviewPanel;
