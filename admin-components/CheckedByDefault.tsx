import React, { useEffect } from 'react';
import { CheckBox, FormGroup, FormMessage, Label } from '@adminjs/design-system';
import { useTranslation, type EditPropertyProps } from 'adminjs';

const isTrue = (value: unknown) => value === true || value === 'true';

/**
 * A yes/no field that starts checked on a new record (a product is active unless told otherwise,
 * as in the CSV import and the API), unstarred: leaving it alone is a valid answer.
 */
const CheckedByDefault: React.FC<EditPropertyProps> = ({ property, record, onChange }) => {
  const { translateProperty, translateMessage } = useTranslation();
  const raw = record.params?.[property.path];
  const isNew = !record.id;
  useEffect(() => {
    // Make the default explicit in the form, so what is shown is what is sent.
    if (isNew && (raw === undefined || raw === '')) onChange(property.path, true);
  }, [isNew, raw]);
  const checked = isNew && (raw === undefined || raw === '') ? true : isTrue(raw);
  const error = record.errors?.[property.path];
  return (
    <FormGroup error={Boolean(error)}>
      <CheckBox id={property.path} name={property.path} checked={checked} disabled={property.isDisabled} onChange={() => onChange(property.path, !checked)} />
      <Label inline htmlFor={property.path} ml="default">
        {translateProperty(property.label, property.resourceId)}
      </Label>
      {property.description && <FormMessage style={{ color: 'inherit' }}>{property.description}</FormMessage>}
      <FormMessage>{error && translateMessage(error.message, property.resourceId)}</FormMessage>
    </FormGroup>
  );
};

export default CheckedByDefault;
