import React from 'react';
import { Box, Button, Icon, Text } from '@adminjs/design-system';
import { List, type ActionProps } from 'adminjs';
import { useLocation } from 'react-router';

/** The list's filters (AdminJS `filters.<column>`) as the export's query parameters (GET /api/v1/products/export.csv). */
const FILTERS: Record<string, string> = { sku: 'sku', name: 'name', description: 'description', active: 'active' };
/** The list's sort columns as the export's `sort` fields. */
const SORTS: Record<string, string> = { id: 'id', sku: 'sku', name: 'name', created_at: 'createdAt', updated_at: 'updatedAt' };

/**
 * The products export for what the list shows now: the same filters and order (the API streams
 * it in the import format, with the panel's session). Exported for tests.
 */
export function exportUrl(search: string, defaultSort = { sortBy: 'updated_at', direction: 'desc' }): string {
  const params = new URLSearchParams(search);
  const query = new URLSearchParams();
  for (const [column, name] of Object.entries(FILTERS)) {
    const value = params.get(`filters.${column}`)?.trim();
    if (value) query.set(name, value);
  }
  const sortBy = SORTS[params.get('sortBy') ?? defaultSort.sortBy] ?? SORTS[defaultSort.sortBy]!;
  const direction = params.get('direction') ?? defaultSort.direction;
  query.set('sort', `${direction === 'desc' ? '-' : ''}${sortBy}`);
  return `/api/v1/products/export.csv?${query}`;
}

/** The Products list (AdminJS's own) with an "Export CSV" button that downloads what the filters show. */
const ProductsList: React.FC<ActionProps> = (props) => {
  const { search } = useLocation();
  const filtered = [...new URLSearchParams(search).keys()].some((k) => k.startsWith('filters.'));
  return (
    <>
      <Box flex flexDirection="row" justifyContent="flex-end" alignItems="center" mb="lg">
        <Text color="grey60" mr="lg">
          {filtered ? 'Exports the products these filters show, in this order.' : 'Exports every product, in this order.'}
        </Text>
        <Button as="a" variant="outlined" href={exportUrl(search)} download="products.csv" data-testid="products-export">
          <Icon icon="Download" />
          Export CSV
        </Button>
      </Box>
      <List {...props} />
    </>
  );
};

export default ProductsList;
