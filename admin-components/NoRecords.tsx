import React, { useEffect, useState } from 'react';
import type { NoRecordsProps } from 'adminjs';

type Props = NoRecordsProps & { OriginalComponent: React.ComponentType<NoRecordsProps> };

/**
 * AdminJS's "No records" box (an illustration, a message, a create button), but not on a list's first
 * render: a list renders once before its rows are asked for, with no rows and not loading, which drew
 * this box for a frame on every list page and cost that first render its illustration and layout. It
 * shows one effect later; by then a list still waiting shows AdminJS's loader instead, and an
 * answer with no rows shows the box.
 */
const NoRecords: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const [shown, setShown] = useState(false);
  useEffect(() => setShown(true), []);
  return shown ? <OriginalComponent {...props} /> : null;
};

export default NoRecords;
