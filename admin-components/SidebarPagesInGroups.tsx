import React from 'react';

/** Our pages are listed inside their navigation group (see SidebarNavigation), not in a separate list. */
const SidebarPagesInGroups: React.FC = () => null;

export default SidebarPagesInGroups;
