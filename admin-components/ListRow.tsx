import React, { useCallback, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { CheckBox, Placeholder, TableCell, TableRow } from '@adminjs/design-system';
import {
  BasePropertyComponent,
  buildActionClickHandler,
  useActionResponseHandler,
  useModal,
  useTranslation,
  type ActionJSON,
  type ActionResponse,
  type RecordActionResponse,
  type RecordInListProps,
  type RecordJSON,
} from 'adminjs';
import RowActionsMenu from './RowActionsMenu.js';

/** The record an action answered with, over what the row had (its params and populated references merged, errors replaced). */
const withActionAnswer = (record: RecordJSON, answer: RecordActionResponse): RecordJSON => ({
  ...answer.record,
  errors: answer.record.errors,
  params: { ...record.params, ...answer.record.params },
  populated: { ...record.populated, ...answer.record.populated },
});

type Props = RecordInListProps & { OriginalComponent?: React.ComponentType<RecordInListProps> };

/** The title column shows on every screen width, the others from the third breakpoint up (as AdminJS's lists). */
const cellDisplay = (isTitle: boolean) => (isTitle ? 'table-cell' : ['none', 'none', 'table-cell', 'table-cell']);

/**
 * One row of a resource's list, as AdminJS's own (a selection box, the list's properties, a click
 * opens the record), except that its actions are a RowActionsMenu, built when it opens instead of
 * a hidden drop-down in every row (which also measured its height, a forced layout per row).
 */
const ListRow: React.FC<Props> = ({ resource, record: fromProps, actionPerformed, isLoading, onSelect, isSelected }) => {
  // An action that answers with the record (and no redirect) updates this row in place until the list sends another.
  const [updated, setUpdated] = useState<{ from: RecordJSON; record: RecordJSON } | null>(null);
  const record = updated && updated.from === fromProps ? updated.record : fromProps;
  const navigate = useNavigate();
  const location = useLocation();
  const translateFunctions = useTranslation();
  const modalFunctions = useModal();

  const onActionResponse = useCallback(
    (response: ActionResponse) => {
      if (response.record && !response.redirectUrl) {
        setUpdated({ from: fromProps, record: withActionAnswer(record, response as RecordActionResponse) });
      } else actionPerformed?.(response);
    },
    [actionPerformed, fromProps, record],
  );
  const actionResponseHandler = useActionResponseHandler(onActionResponse);
  const params = { resourceId: resource.id, recordId: record.id };
  const run = (event: React.MouseEvent, action: ActionJSON) =>
    buildActionClickHandler({ action, params, actionResponseHandler, navigate, location, translateFunctions, modalFunctions })(event);

  const open = record.recordActions.find((a) => a.name === 'show') ?? record.recordActions.find((a) => a.name === 'edit');
  const onRowClick = (event: React.MouseEvent) => {
    // Links, buttons, the selection box and the actions menu do their own thing.
    if (open && !(event.target as Element).closest('a, button, input, label, [role="menu"]')) run(event, open);
  };

  return (
    <TableRow className={isSelected ? 'selected' : 'not-selected'} onClick={onRowClick} data-id={record.id} data-css={`${resource.id}-table-row`}>
      <TableCell width={0}>{onSelect && record.bulkActions.length ? <CheckBox onChange={() => onSelect(record)} checked={isSelected} /> : null}</TableCell>
      {resource.listProperties.map((property) => (
        <TableCell
          style={{ cursor: 'pointer' }}
          key={property.propertyPath}
          data-property-name={property.propertyPath}
          display={cellDisplay(property.isTitle)}
          data-css={`${resource.id}-${property.name}-table-cell`}
        >
          {isLoading ? <Placeholder style={{ height: 14 }} /> : <BasePropertyComponent where="list" property={property} resource={resource} record={record} />}
        </TableCell>
      ))}
      <TableCell className="options">
        {record.recordActions.length ? <RowActionsMenu resourceId={resource.id} recordId={record.id} actions={record.recordActions} onAction={run} /> : null}
      </TableCell>
    </TableRow>
  );
};

export default ListRow;
