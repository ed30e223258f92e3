import React from 'react';
import { ValueGroup } from '@adminjs/design-system';
import { useTranslation, type BasePropertyProps } from 'adminjs';
import { NO_VALUE } from './format.js';

/**
 * A text column that stays on one line (file names, e-mail addresses, URLs): cut with "…" past
 * 200 px in lists, the whole text on hover and on the record's page.
 */
const OneLineValue: React.FC<BasePropertyProps> = ({ property, record, where }) => {
  const { translateProperty } = useTranslation();
  const raw = record?.params[property.path];
  const text = raw === null || raw === undefined || raw === '' ? NO_VALUE : String(raw);
  if (where === 'show') return <ValueGroup label={translateProperty(property.label, property.resourceId)}>{text}</ValueGroup>;
  return (
    <span
      title={text}
      style={{ display: 'inline-block', maxWidth: 200, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', verticalAlign: 'bottom' }}
    >
      {text}
    </span>
  );
};

export default OneLineValue;
