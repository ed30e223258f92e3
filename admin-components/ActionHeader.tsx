import React, { useState } from 'react';
import { useLocation } from 'react-router';
import { useTranslation, type ActionHeaderProps, type ListActionResponse } from 'adminjs';
import { formatNumber } from './format.js';
import { listRequestUrl, peekPrefetchedNow } from './prefetched.js';
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
  const { search } = useLocation();
  // A list sets its count once it has rendered; until then, the count of the rows it renders first (the page's early
  // answer), so the first paint already has it (on the server too) and nothing below the heading moves when it comes.
  const [firstCount] = useState(() => {
    const early = action?.name === 'list' ? peekPrefetchedNow<ListActionResponse>(listRequestUrl(resource.id, search)) : null;
    return early?.meta ? String(early.meta.total) : undefined;
  });
  const shown = tag || firstCount;
  const count = shown !== undefined && /^\d+$/.test(shown) ? formatNumber(shown) : shown;
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
