import React from 'react';
import { Box, Button, H3, Text } from '@adminjs/design-system';
import type { ActionProps } from 'adminjs';
import { formatNumber } from './format.js';

/** Offers the rejected rows of an import as a CSV download (served by the API with the session). */
const DownloadRejectedRows: React.FC<ActionProps> = ({ record }) => {
  const id = record?.id;
  const rejected = Number(record?.params.rejected_count ?? 0);
  return (
    <Box variant="white" p="xl">
      <H3>Rejected rows of {record?.params.filename}</H3>
      {rejected === 0 ? (
        <Text>This import rejected no rows.</Text>
      ) : (
        <>
          <Text mb="lg">{formatNumber(rejected)} rows were rejected. The CSV lists each with its line number, the reason, and the original values.</Text>
          <Button as="a" variant="contained" href={`/api/v1/imports/${id}/errors`} download data-testid="download-rejected">
            Download rejected rows (CSV)
          </Button>
        </>
      )}
    </Box>
  );
};

export default DownloadRejectedRows;
