import React, { useMemo } from 'react';
import { Navigation } from '@adminjs/design-system';
import { useNavigationResources, useTranslation, type ResourceJSON } from 'adminjs';
import { useSelector } from 'react-redux';

/** Pages shown inside a navigation group, right after the named resource. */
const PAGE_GROUPS: Record<string, { group: string; icon: string; after: string }> = {
  import: { group: 'Imports & jobs', icon: 'Upload', after: 'imports' },
  jobs: { group: 'Imports & jobs', icon: 'Activity', after: 'imports' },
};

/** Navigation groups, in the order they appear; open until the user folds one. */
const GROUPS = ['Catalogue', 'Imports & jobs', 'Integrations', 'Settings'];
const STORAGE_KEY = 'sidebarElements';

function openGroupsByDefault() {
  try {
    if (window.localStorage.getItem(STORAGE_KEY) === null) {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(GROUPS.map((g) => [g, true]))));
    }
  } catch {
    // storage disabled: groups start folded
  }
}

/**
 * The sidebar navigation: resources grouped (Catalogue, Imports & jobs, Integrations, Settings),
 * with our custom pages placed in their group instead of a separate "Pages" list.
 */
const SidebarNavigation: React.FC<{ resources: ResourceJSON[] }> = ({ resources }) => {
  openGroupsByDefault();
  const pages = useSelector((state: { pages: { name: string }[] }) => state.pages) ?? [];
  const rootPath = useSelector((state: { paths: { rootPath: string } }) => state.paths.rootPath);
  const { translatePage, translateLabel } = useTranslation();

  const withPages = useMemo(() => {
    const list = [...resources];
    for (const page of [...pages].reverse()) {
      const place = PAGE_GROUPS[page.name];
      if (!place) continue;
      const pseudo = {
        id: `page-${page.name}`,
        name: translatePage(page.name),
        href: `${rootPath}/pages/${page.name}`,
        navigation: { name: place.group, icon: place.icon, show: true },
      } as unknown as ResourceJSON;
      const at = list.findIndex((r) => r.id === place.after);
      list.splice(at === -1 ? list.length : at + 1, 0, pseudo);
    }
    return list;
  }, [resources, pages, rootPath]);

  const elements = useNavigationResources(withPages);
  return <Navigation label={translateLabel('navigation')} elements={elements} />;
};

export default SidebarNavigation;
