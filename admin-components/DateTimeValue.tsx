import React from 'react';
import { ValueGroup } from '@adminjs/design-system';
import { useTranslation, type BasePropertyProps } from 'adminjs';
import { formatDateTime, formatDateTimeExact, ONE_LINE } from './format.js';

/**
 * Every date-and-time column (list) and field (show) of the panel, in the one format of
 * format.ts; it replaces AdminJS's own (DefaultDatetimeListProperty / DefaultDatetimeShowProperty).
 */
const DateTimeValue: React.FC<BasePropertyProps> = ({ property, record, where }) => {
  const { translateProperty } = useTranslation();
  const raw = record?.params[property.path] as string | undefined;
  const value = (
    <span style={ONE_LINE} title={formatDateTimeExact(raw)}>
      {formatDateTime(raw)}
    </span>
  );
  if (where !== 'show') return value;
  return <ValueGroup label={translateProperty(property.label, property.resourceId)}>{value}</ValueGroup>;
};

export default DateTimeValue;
