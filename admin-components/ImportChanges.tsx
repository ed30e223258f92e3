import React, { useEffect, useState } from 'react';
import { Box, Button, H4, MessageBox, Text } from '@adminjs/design-system';
import { formatNumber as n, NUMBER_STYLE } from './format.js';
import type { ImportView } from './ImportProgressPanel.js';
import { callApi, type ChangesPage } from './importsApi.js';
import ProductChangesTable from './ProductChangesTable.js';

const PER_PAGE = 25;
type Filter = '' | 'created' | 'updated';

/**
 * "What this import changed": how many products it created and updated, a paged table of them
 * (all, created or updated) with each field before → after, and the CSV of every change.
 */
const ImportChanges: React.FC<{ imp: ImportView }> = ({ imp }) => {
  const [filter, setFilter] = useState<Filter>('');
  // The `after` cursor of each page seen so far: Previous goes back one, Next follows nextAfter.
  const [cursors, setCursors] = useState<number[]>([0]);
  const [page, setPage] = useState<ChangesPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const after = cursors.at(-1)!;

  useEffect(() => {
    if (!imp.recordsChanges) return;
    const q = new URLSearchParams({ limit: String(PER_PAGE) });
    if (filter) q.set('action', filter);
    if (after) q.set('after', String(after));
    setError(null);
    callApi<ChangesPage>(`/api/v1/imports/${imp.id}/changes?${q}`)
      .then(setPage)
      .catch((e: Error) => setError(e.message));
  }, [imp.id, imp.recordsChanges, filter, after]);

  if (!imp.recordsChanges) {
    return (
      <Box data-testid="import-changes">
        <H4 mb="md">What this import changed</H4>
        <Text>This import did not record its changes (IMPORT_RECORD_CHANGES was off), so they cannot be listed or reverted.</Text>
      </Box>
    );
  }

  const counts = page?.counts;
  const total = counts ? (filter === 'created' ? counts.created : filter === 'updated' ? counts.updated : counts.created + counts.updated) : 0;
  const first = (cursors.length - 1) * PER_PAGE + 1;
  const choose = (f: Filter) => {
    setFilter(f);
    setCursors([0]);
  };
  const option = (f: Filter, label: string, count: number | undefined) => (
    <Button
      type="button"
      size="sm"
      variant={filter === f ? 'contained' : 'outlined'}
      mr="sm"
      onClick={() => choose(f)}
      data-testid={`changes-filter-${f || 'all'}`}
      aria-pressed={filter === f}
    >
      {label} <span style={{ ...NUMBER_STYLE, marginLeft: 6 }}>{count === undefined ? '' : n(count)}</span>
    </Button>
  );

  return (
    <Box data-testid="import-changes">
      <H4 mb="md">What this import changed</H4>
      <Text mb="lg" data-testid="changes-counts">
        Created <strong style={NUMBER_STYLE}>{counts ? n(counts.created) : '…'}</strong> products and updated{' '}
        <strong style={NUMBER_STYLE}>{counts ? n(counts.updated) : '…'}</strong>; <strong style={NUMBER_STYLE}>{n(imp.unchangedCount)}</strong> rows matched a
        product exactly and left it untouched.
      </Text>
      {imp.revertStatus === 'completed' && (
        <MessageBox
          variant="info"
          mb="lg"
          data-testid="changes-reverted"
          message="This import has been reverted: these products are back as they were before it, except the conflicts listed in the revert's report."
        />
      )}
      <Box flex flexDirection="row" justifyContent="space-between" alignItems="center" mb="lg">
        <Box flex flexDirection="row">
          {option('', 'All', counts && counts.created + counts.updated)}
          {option('created', 'Created', counts?.created)}
          {option('updated', 'Updated', counts?.updated)}
        </Box>
        <Button as="a" variant="text" href={`/api/v1/imports/${imp.id}/changes.csv`} download data-testid="changes-download">
          Download changes (CSV)
        </Button>
      </Box>
      {error && <MessageBox variant="danger" mb="md" message={error} />}
      {page && page.data.length === 0 && <Text mb="lg">No product {filter ? `was ${filter}` : 'was created or changed'} by this import.</Text>}
      {page && page.data.length > 0 && (
        <>
          <ProductChangesTable changes={page.data} testId="changes-table" />
          <Box flex flexDirection="row" justifyContent="space-between" alignItems="center" mt="md">
            <Text color="grey60" data-testid="changes-range" style={NUMBER_STYLE}>
              Products {n(first)}–{n(first + page.data.length - 1)} of {n(total)}
            </Text>
            <Box>
              <Button
                type="button"
                size="sm"
                variant="outlined"
                mr="sm"
                disabled={cursors.length === 1}
                onClick={() => setCursors((c) => c.slice(0, -1))}
                data-testid="changes-previous"
              >
                Previous
              </Button>
              <Button
                type="button"
                size="sm"
                variant="outlined"
                disabled={page.nextAfter === null}
                onClick={() => setCursors((c) => [...c, page.nextAfter!])}
                data-testid="changes-next"
              >
                Next
              </Button>
            </Box>
          </Box>
        </>
      )}
    </Box>
  );
};

export default ImportChanges;
