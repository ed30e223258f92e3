import React from 'react';
import { Table, TableBody, TableCell, TableHead, TableRow } from '@adminjs/design-system';
import { NO_VALUE, ONE_LINE } from './format.js';
import type { FieldChange, ProductChange } from './importsApi.js';
import StatusBadge from './StatusBadge.js';

export const FIELD_LABEL: Record<FieldChange['field'], string> = { sku: 'SKU', name: 'Name', description: 'Description', active: 'Active' };

const LONG = 90;

/** A field's value as the user reads it: yes/no for active, "—" for nothing, long text cut (whole on hover). */
const Value: React.FC<{ value: FieldChange['before']; tone: 'before' | 'after' }> = ({ value, tone }) => {
  const text = value === null || value === '' ? NO_VALUE : typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
  const cut = text.length > LONG ? `${text.slice(0, LONG - 1)}…` : text;
  const style = tone === 'before' ? { color: '#9D0616', textDecoration: value === null ? 'none' : 'line-through' } : { color: '#005F61' };
  return (
    <span title={cut === text ? undefined : text} style={{ ...style, overflowWrap: 'anywhere' }} data-testid={`change-${tone}`}>
      {cut}
    </span>
  );
};

const label = { color: '#898A9A', whiteSpace: 'nowrap' } as const;

type Since = Exclude<NonNullable<ProductChange['state']>, 'as-imported'>;

/** What stands for the values after the import once the product has changed or gone since (they are not kept). */
const sinceText = (state: Since, action: ProductChange['action']) =>
  state === 'reverted'
    ? action === 'created'
      ? 'deleted by the revert'
      : 'put back by the revert'
    : state === 'changed-since'
      ? 'changed since the import'
      : 'deleted since the import';

const SinceNote: React.FC<{ state: Since; action: ProductChange['action'] }> = ({ state, action }) => (
  <em style={{ color: '#898A9A' }} data-testid="change-since" data-state={state}>
    {sinceText(state, action)}
  </em>
);

/**
 * The fields of one product: before → after, one line per changed field, for an update; for a
 * created product its values on one (wrapping) line, without the SKU (it has its own column). Once
 * the product has changed or gone since the import, "after" says so instead of a value; once the
 * import's revert put it back, its value before is shown as the value it holds again.
 */
const Fields: React.FC<{ change: ProductChange }> = ({ change }) => {
  const since = change.state && change.state !== 'as-imported' ? change.state : null;
  if (change.action === 'created' && since) return <SinceNote state={since} action="created" />;
  if (change.action === 'created') {
    return (
      <div style={{ display: 'flex', flexWrap: 'wrap', columnGap: 20, rowGap: 4 }}>
        {change.changes
          .filter((c) => c.field !== 'sku')
          .map((c) => (
            <span key={c.field} data-testid="change-field" data-field={c.field}>
              <span style={{ ...label, marginRight: 8 }}>{FIELD_LABEL[c.field]}</span>
              <Value value={c.after} tone="after" />
            </span>
          ))}
      </div>
    );
  }
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 16, rowGap: 4, alignItems: 'baseline' }}>
      {change.changes.map((c) => (
        <React.Fragment key={c.field}>
          <span style={label}>{FIELD_LABEL[c.field]}</span>
          {since === 'reverted' ? (
            // The product holds its value before the import again: shown as it is now, not struck through.
            <span data-testid="change-field" data-field={c.field}>
              <Value value={c.before} tone="after" />
              <span style={{ margin: '0 8px', color: '#898A9A' }}>·</span>
              <SinceNote state={since} action="updated" />
            </span>
          ) : (
            <span data-testid="change-field" data-field={c.field}>
              <Value value={c.before} tone="before" />
              <span style={{ margin: '0 8px', color: '#898A9A' }}>→</span>
              {since ? <SinceNote state={since} action="updated" /> : <Value value={c.after} tone="after" />}
            </span>
          )}
        </React.Fragment>
      ))}
    </div>
  );
};

/**
 * Changes to products as a table (SKU, created or updated, each field before → after): what an
 * import changed, or examples of what a preview would change.
 */
const ProductChangesTable: React.FC<{ changes: ProductChange[]; testId?: string; preview?: boolean }> = ({ changes, testId, preview }) => (
  <Table data-testid={testId} style={{ width: '100%', tableLayout: 'fixed' }}>
    <TableHead>
      <TableRow>
        <TableCell style={{ width: 200 }}>SKU</TableCell>
        <TableCell style={{ width: 130 }}>Change</TableCell>
        <TableCell>{preview ? 'Fields: now → after applying' : 'Fields: before → after'}</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {changes.map((change) => (
        <TableRow key={`${change.action}:${change.sku}`} data-testid="change-row" data-sku={change.sku} data-action={change.action}>
          <TableCell style={{ verticalAlign: 'top', ...ONE_LINE, overflow: 'hidden', textOverflow: 'ellipsis' }} title={change.sku}>
            <strong>{change.sku}</strong>
          </TableCell>
          <TableCell style={{ verticalAlign: 'top' }}>
            <StatusBadge status={change.action} label={preview ? `Would ${change.action === 'created' ? 'create' : 'update'}` : undefined} />
          </TableCell>
          <TableCell style={{ verticalAlign: 'top' }}>
            <Fields change={change} />
          </TableCell>
        </TableRow>
      ))}
    </TableBody>
  </Table>
);

export default ProductChangesTable;
