import React from 'react';
import { Box, Text } from '@adminjs/design-system';
import { formatDateTime, formatNumber as n } from './format.js';
import type { ImportView } from './ImportProgressPanel.js';
import RetentionNote from './RetentionNote.js';

/**
 * The frame of one import on the Import page and the import's own page, shared by a running or
 * ended import (ImportProgressPanel) and a preview (ImportPreviewPanel): its file, size, when and by
 * whom it was uploaded, `aside` on the right (status), then `children`; where it rejected rows, how
 * long they are kept. Test ids: `import-card` with the import's id and status.
 */
const ImportCard: React.FC<{ imp: ImportView; aside: React.ReactNode; children: React.ReactNode }> = ({ imp, aside, children }) => (
  <Box variant="white" mb="lg" p="xl" data-testid="import-card" data-import-id={imp.id} data-status={imp.status}>
    <Box flex flexDirection="row" justifyContent="space-between" alignItems="center" mb="lg">
      <Box>
        <Text fontSize="lg" fontWeight="bold">
          {imp.filename}
        </Text>
        <Text variant="sm" color="grey60">
          {n(imp.sizeBytes)} bytes · uploaded {formatDateTime(imp.createdAt)}
          {imp.uploadedBy ? ` by ${imp.uploadedBy}` : ''}
        </Text>
      </Box>
      {aside}
    </Box>
    {children}
    {imp.rejectedCount > 0 && <RetentionNote resourceId="imports" mt="md" />}
  </Box>
);

export default ImportCard;
