import React from 'react';
import { ValueGroup } from '@adminjs/design-system';
import { useTranslation, type BasePropertyProps } from 'adminjs';
import { NO_VALUE } from './format.js';
import StatusBadge from './StatusBadge.js';

/** A status column (list) or field (show) of an AdminJS resource, as a coloured badge. */
const StatusValue: React.FC<BasePropertyProps> = ({ property, record, where }) => {
  const { translateProperty } = useTranslation();
  const status = record?.params[property.path] as string | null | undefined;
  // No status (a revert that never ran) is no badge: just the panel's mark for "no value".
  const badge = status === null || status === undefined || status === '' ? <span>{NO_VALUE}</span> : <StatusBadge status={status} />;
  if (where !== 'show') return badge;
  return <ValueGroup label={translateProperty(property.label, property.resourceId)}>{badge}</ValueGroup>;
};

export default StatusValue;
