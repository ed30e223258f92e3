import React from 'react';
import { Badge } from '@adminjs/design-system';
import { statusColours, statusLabel } from './format.js';

/** A status as a badge coloured by what it means (done, failed, working, waiting, stopped): see format.ts. */
const StatusBadge: React.FC<{ status: string | null | undefined; label?: React.ReactNode; testId?: string; title?: string }> = ({
  status,
  label,
  testId,
  title,
}) => {
  const { bg, color, border } = statusColours(status);
  return (
    <Badge size="sm" bg={bg} color={color} style={{ borderColor: border }} data-testid={testId} data-status={status ?? ''} title={title}>
      {label ?? statusLabel(status)}
    </Badge>
  );
};

export default StatusBadge;
