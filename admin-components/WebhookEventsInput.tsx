import React from 'react';
import { Box, CheckBox, FormGroup, Label } from '@adminjs/design-system';
import type { EditPropertyProps } from 'adminjs';
import { vocabulary } from './vocabulary.js';

/** Event checkboxes with "All events"; the value is `*` or a comma-separated list. */
export const EventsCheckboxes: React.FC<{ value: string; onChange: (value: string) => void }> = ({ value, onChange }) => {
  const selected = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const all = selected.includes('*') || selected.length === 0;
  const toggle = (name: string) => {
    const next = selected.includes(name) ? selected.filter((e) => e !== name) : [...selected.filter((e) => e !== '*'), name];
    onChange(next.length ? next.join(',') : '*');
  };
  return (
    <Box>
      <Box mb="sm">
        <CheckBox id="webhook-event-all" checked={all} onChange={() => onChange(all ? 'product.created' : '*')} />
        <Label inline htmlFor="webhook-event-all" ml="default">
          All events
        </Label>
      </Box>
      {!all &&
        vocabulary().webhookEvents.map((name) => (
          <Box key={name} mb="sm">
            <CheckBox id={`webhook-event-${name}`} checked={selected.includes(name)} onChange={() => toggle(name)} />
            <Label inline htmlFor={`webhook-event-${name}`} ml="default">
              {name}
            </Label>
          </Box>
        ))}
    </Box>
  );
};

/** Edit field for a webhook's `events`. */
const WebhookEventsInput: React.FC<EditPropertyProps> = ({ property, record, onChange }) => {
  const flat = Object.keys(record?.params ?? {})
    .filter((k) => k.startsWith(`${property.path}.`))
    .map((k) => String(record!.params[k]));
  const value = String(record?.params[property.path] ?? flat.join(',') ?? '*');
  return (
    <FormGroup>
      <Label>Events</Label>
      <EventsCheckboxes value={value} onChange={(v) => onChange(property.path, v)} />
    </FormGroup>
  );
};

export default WebhookEventsInput;
