import React from 'react';
import { useTranslation, type ActionHeaderProps } from 'adminjs';
import { formatNumber } from './format.js';
import RetentionNote from './RetentionNote.js';
import { usePageTitle } from './usePageTitle.js';

type Props = ActionHeaderProps & { OriginalComponent: React.ComponentType<ActionHeaderProps> };

/**
 * AdminJS's action header (heading, breadcrumbs, buttons) as it is, plus the browser tab title
 * in the heading's words ("Products", "Product: Desk lamp", "New webhook") and the list's count
 * with thousands separators, and on a list of records kept for a while how long they are kept (RetentionNote).
 * Headings come from the per-resource action labels (src/admin/translations.ts).
 */
const ActionHeader: React.FC<Props> = (props) => {
  const { OriginalComponent, resource, action, record, tag } = props;
  const { translateAction } = useTranslation();
  const heading = action ? translateAction(action.label, resource.id) : resource.name;
  usePageTitle(record?.title && action?.name !== 'list' ? `${heading}: ${record.title}` : heading);
  const count = tag !== undefined && /^\d+$/.test(tag) ? formatNumber(tag) : tag;
  // A resource-wide page of its own (Delete all products, New webhook) needs no "New …" button beside its heading.
  const ownPage = !record && action?.name !== 'list';
  const header = <OriginalComponent {...props} tag={count} omitActions={props.omitActions || ownPage} />;
  if (action?.name !== 'list') return header;
  // A list of records kept for a while says for how long, in sight (not only in a field's help text).
  return (
    <>
      {header}
      <RetentionNote resourceId={resource.id} mb="lg" />
    </>
  );
};

export default ActionHeader;
