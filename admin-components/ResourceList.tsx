import React, { useEffect } from 'react';
import { useLocation } from 'react-router';
import { Box, Pagination, Text } from '@adminjs/design-system';
import { RecordsTable, useQueryParams, useSelectedRecords, type ActionProps } from 'adminjs';
import { REFRESH, useListRecords } from './useListRecords.js';

type Props = ActionProps & { OriginalComponent?: React.ComponentType<ActionProps> };

/**
 * A resource's list (AdminJS's list action: the records table, selection, pagination, the total in the
 * header), fed by useListRecords, so a list whose rows the page fetched early shows them in its first render.
 */
const ResourceList: React.FC<Props> = ({ resource, setTag }) => {
  const { records, loading, direction, sortBy, page, total, perPage, fetchData } = useListRecords(resource.id);
  const { selectedRecords, handleSelect, handleSelectAll, setSelectedRecords } = useSelectedRecords(records);
  const { search } = useLocation();
  const { storeParams } = useQueryParams();

  useEffect(() => setTag?.(total.toString()), [total]);
  useEffect(() => setSelectedRecords([]), [resource.id]);
  // A refresh clears the selection; otherwise the address's recordIds (if any) are the selected rows.
  useEffect(() => {
    const query = new URLSearchParams(search);
    const ids = query.get(REFRESH) ? [] : (query.get('recordIds')?.split(',') ?? []);
    const selected = records.filter((r) => ids.includes(String(r.id)));
    if (selected.length || selectedRecords.length) setSelectedRecords(selected);
  }, [search, records]);

  return (
    <Box variant="container" data-css={`${resource.id}-list-table-wrapper`}>
      <RecordsTable
        resource={resource}
        records={records}
        actionPerformed={() => fetchData()}
        onSelect={handleSelect}
        onSelectAll={handleSelectAll}
        selectedRecords={selectedRecords}
        direction={direction}
        sortBy={sortBy}
        isLoading={loading}
      />
      <Text mt="xl" textAlign="center">
        <Pagination page={page} perPage={perPage} total={total} onChange={(n: number) => storeParams({ page: String(n) })} />
      </Text>
    </Box>
  );
};

export default ResourceList;
