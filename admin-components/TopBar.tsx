import React from 'react';
import { useTranslation } from 'adminjs';
import { useSelector } from 'react-redux';
import { useLocation } from 'react-router';
import { reportTimeZone } from './format.js';
import { answerListsFromPrefetch } from './prefetched.js';
import { usePageTitle } from './usePageTitle.js';

// Every signed-in page has this top bar, and its module runs before the panel renders (and on the login
// page, in the same bundle): AdminJS's lists then take their first page from the request the page started
// early (prefetched.ts), and the server learns the browser's time zone for the next page's first paint.
answerListsFromPrefetch();
reportTimeZone();

/**
 * Rules for every signed-in page. Tables: 8 px each side of a cell instead of 16, and AdminJS's
 * lists at 13 px with 4 px and a narrow actions column (a history of a dozen columns fits a laptop screen); a list wider than
 * the screen still scrolls sideways instead of being cut off. Action headers: the
 * buttons wrap onto more lines instead of running over the heading.
 */
const PANEL_CSS = `
  td.adminjs_TableCell, th.adminjs_TableCell { padding-left: 8px; padding-right: 8px; }
  [data-css$="-list-table-wrapper"] { overflow-x: auto; }
  [data-css$="-list-table-wrapper"] td.adminjs_TableCell, [data-css$="-list-table-wrapper"] th.adminjs_TableCell { padding-left: 4px; padding-right: 4px; font-size: 13px; }
  [data-css$="-list-table-wrapper"] td.adminjs_TableCell.options { padding-right: 0; }
  [data-css$="-list-table-wrapper"] thead tr > .adminjs_TableCell:last-child { width: 40px !important; }
  .adminjs_ActionHeader *:has(> h2) { flex-shrink: 0; margin-right: 24px; }
  .adminjs_ActionHeader *:has(> * > .adminjs_ButtonGroupItem) { flex-shrink: 1; min-width: 0; text-align: right; }
  .adminjs_ActionHeader .adminjs_ButtonGroupItem { margin-bottom: 8px; }
`;

type Props = { OriginalComponent: React.ComponentType<Record<string, unknown>> } & Record<string, unknown>;

/**
 * AdminJS's top bar as it is, plus what every signed-in page needs: the panel's table and header
 * rules, and the browser tab title of the pages without an action header (the dashboard and our
 * own pages: "Import CSV · ACME Product Importer"). Resource pages get theirs from ActionHeader.
 */
const TopBar: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const { pathname } = useLocation();
  const rootPath = useSelector((state: { paths: { rootPath: string } }) => state.paths.rootPath);
  const { translatePage, translateLabel } = useTranslation();
  const [, section, name] = pathname.slice(rootPath.length).split('/');
  const heading = section === 'resources' ? null : section === 'pages' && name ? translatePage(name) : translateLabel('dashboard');
  usePageTitle(heading);
  return (
    <>
      {/* As markup, not a text child: a server render would escape its quotes and '>' (a style element's text is not decoded). */}
      <style dangerouslySetInnerHTML={{ __html: PANEL_CSS }} />
      <OriginalComponent {...props} />
    </>
  );
};

export default TopBar;
