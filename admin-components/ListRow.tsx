import React, { useCallback, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Box, CheckBox, Placeholder } from '@adminjs/design-system';
import { styled } from '@adminjs/design-system/styled-components';
import {
  BasePropertyComponent,
  buildActionClickHandler,
  ErrorBoundary,
  useActionResponseHandler,
  useModal,
  useTranslation,
  type ActionJSON,
  type ActionResponse,
  type BasePropertyJSON,
  type RecordActionResponse,
  type RecordInListProps,
  type RecordJSON,
  type ResourceJSON,
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

/*
 * The row and its cells drawn as the design system's TableRow and TableCell (the theme's border,
 * text colour, sizes and 16 px padding), but with static styles: one class each, generated once,
 * instead of styled-system resolving every cell's padding, colour and responsive display against
 * the theme on every render (about a third of a list's render, measured in bench:admin).
 * `adminjs_TableRow` / `adminjs_TableCell` keep the panel's table rules (TopBar.tsx) applying, except to
 * the actions cell, which keeps its 16 px padding as before (AdminJS's row gave it only `options`).
 */
const Row = styled.tr`
  &.selected {
    background: rgba(48, 64, 214, 0.03);
  }
  &:not(.selected):hover {
    background: rgba(0, 0, 0, 0.01);
  }
`;
const Cell = styled.td`
  border-top: 1px solid #eeeeef;
  border-bottom: 1px solid #eeeeef;
  color: #0c1e29;
  font-size: 14px;
  line-height: 16px;
  padding: 16px;
  vertical-align: middle;
  word-break: break-word;
  &.options {
    text-align: right;
  }
`;
/** The selection box's column, as narrow as its box. */
const SelectCell = styled(Cell)`
  width: 0;
`;
/** A property's value: opens the record on click. The title column shows on every screen width, the others from 769 px up (as AdminJS's lists). */
const ValueCell = styled(Cell)`
  cursor: pointer;
  &:not(.title) {
    display: none;
    @media screen and (min-width: 769px) {
      display: table-cell;
    }
  }
`;

type ListValueProps = { property: BasePropertyJSON & { path?: string }; resource: ResourceJSON; record: RecordJSON };

/**
 * A cell's value as AdminJS's BasePropertyComponent draws it in a list (the same markup: a property's own
 * list component, such as NumberValue, in a Box with AdminJS's data-css, `<resource>-list-<path>`, and
 * test id, inside its error boundary), except that the component is looked up in this page's `window.AdminJS` when the cell renders:
 * AdminJS's looks it up in the `window` its module saw when it loaded, which a render on the server
 * (src/admin/panelRender.ts) does not have. Properties without one are AdminJS's own.
 */
const ListValue: React.FC<ListValueProps> = ({ property, resource, record }) => {
  const name = property.components?.list;
  const Component = name
    ? (window as unknown as { AdminJS?: { UserComponents?: Record<string, React.ComponentType<ListValueProps & { where: 'list' }>> } }).AdminJS
        ?.UserComponents?.[name]
    : undefined;
  if (!Component) return <BasePropertyComponent where="list" property={property} resource={resource} record={record} />;
  const path = property.path || property.propertyPath;
  return (
    <ErrorBoundary>
      <Box data-css={`${resource.id}-list-${path}`} data-testid={`property-list-${path}`}>
        <Component property={{ ...property, path }} resource={resource} record={record} where="list" />
      </Box>
    </ErrorBoundary>
  );
};

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
    <Row
      className={`adminjs_TableRow ${isSelected ? 'selected' : 'not-selected'}`}
      onClick={onRowClick}
      data-id={record.id}
      data-css={`${resource.id}-table-row`}
    >
      <SelectCell className="adminjs_TableCell">
        {onSelect && record.bulkActions.length ? <CheckBox onChange={() => onSelect(record)} checked={isSelected} /> : null}
      </SelectCell>
      {resource.listProperties.map((property) => (
        <ValueCell
          className={`adminjs_TableCell${property.isTitle ? ' title' : ''}`}
          key={property.propertyPath}
          data-property-name={property.propertyPath}
          data-css={`${resource.id}-${property.name}-table-cell`}
        >
          {isLoading ? <Placeholder style={{ height: 14 }} /> : <ListValue property={property} resource={resource} record={record} />}
        </ValueCell>
      ))}
      <Cell className="options">
        {record.recordActions.length ? <RowActionsMenu resourceId={resource.id} recordId={record.id} actions={record.recordActions} onAction={run} /> : null}
      </Cell>
    </Row>
  );
};

export default ListRow;
