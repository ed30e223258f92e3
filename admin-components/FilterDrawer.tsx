import React, { useState } from 'react';
import { useFilterDrawer } from 'adminjs';

type Props = { OriginalComponent: React.ComponentType<Record<string, unknown>> } & Record<string, unknown>;

/**
 * AdminJS's filter drawer, with two changes:
 * - it is built the first time it opens (then kept, so it slides out as before), not on every list
 *   page load: AdminJS renders its fields, selects included, hidden off-screen on every list;
 * - it closes once Apply is pressed so the results are not hidden behind it (AdminJS applies the
 *   filters and leaves it open). Reset keeps it open.
 */
const FilterDrawer: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const { close, isVisible } = useFilterDrawer();
  const [built, setBuilt] = useState(isVisible);
  if (isVisible && !built) setBuilt(true);
  if (!built && !isVisible) return null;
  // The drawer is a <form>; its submit (Apply) bubbles here after AdminJS has stored the filters.
  return (
    <div style={{ display: 'contents' }} onSubmit={() => close()}>
      <OriginalComponent {...props} />
    </div>
  );
};

export default FilterDrawer;
