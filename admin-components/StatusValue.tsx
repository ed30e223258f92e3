import React from 'react';
import { ValueGroup } from '@adminjs/design-system';
import { useTranslation, type BasePropertyProps } from 'adminjs';
import StatusBadge from './StatusBadge.js';

/** A status column (list) or field (show) of an AdminJS resource, as a coloured badge. */
const StatusValue: React.FC<BasePropertyProps> = ({ property, record, where }) => {
  const { translateProperty } = useTranslation();
  const badge = <StatusBadge status={record?.params[property.path] as string | undefined} />;
  if (where !== 'show') return badge;
  return <ValueGroup label={translateProperty(property.label, property.resourceId)}>{badge}</ValueGroup>;
};

export default StatusValue;
