import React from 'react';
import { ValueGroup } from '@adminjs/design-system';
import { useTranslation, type BasePropertyProps } from 'adminjs';
import { formatNumber, NUMBER_STYLE } from './format.js';

/** A count column (list) or field (show) of an AdminJS resource: "80,000", never wrapped. */
const NumberValue: React.FC<BasePropertyProps> = ({ property, record, where }) => {
  const { translateProperty } = useTranslation();
  const value = <span style={NUMBER_STYLE}>{formatNumber(record?.params[property.path] as string | number | undefined)}</span>;
  if (where !== 'show') return value;
  return <ValueGroup label={translateProperty(property.label, property.resourceId)}>{value}</ValueGroup>;
};

export default NumberValue;
