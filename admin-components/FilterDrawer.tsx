import React from 'react';
import { useFilterDrawer } from 'adminjs';

type Props = { OriginalComponent: React.ComponentType<Record<string, unknown>> } & Record<string, unknown>;

/**
 * AdminJS's filter drawer, closed once Apply is pressed so the results are not hidden behind it
 * (AdminJS applies the filters and leaves it open). Reset keeps it open.
 */
const FilterDrawer: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const { close } = useFilterDrawer();
  // The drawer is a <form>; its submit (Apply) bubbles here after AdminJS has stored the filters.
  return (
    <div style={{ display: 'contents' }} onSubmit={() => close()}>
      <OriginalComponent {...props} />
    </div>
  );
};

export default FilterDrawer;
