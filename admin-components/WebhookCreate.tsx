import React, { useState } from 'react';
import { Box, Button, FormGroup, H3, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, type ActionProps } from 'adminjs';
import { EventsCheckboxes } from './WebhookEventsInput.js';
import WebhookSecretBox from './WebhookSecretBox.js';
import { RefusedUrlWarning } from './WebhookUrlInput.js';
import { useApiCall } from './useApiCall.js';

/** Creates a webhook and shows its signing secret once. */
const WebhookCreate: React.FC<ActionProps> = ({ resource, action }) => {
  const { busy, error, setError, call } = useApiCall();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState('*');
  const [created, setCreated] = useState<{ id: number; secret: string } | null>(null);
  const api = new ApiClient();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    await call(async () => {
      const res = await api.resourceAction({ resourceId: resource.id, actionName: action.name, method: 'post', data: { url, description, events } });
      if (res.data.error) setError(res.data.error);
      else setCreated({ id: res.data.id, secret: res.data.secret });
    });
  };

  if (created) {
    return (
      <Box variant="white" padding="xl">
        <H3>Webhook created</H3>
        <Text mb="lg">
          Receivers verify <code>webhook-signature</code> with this secret (any Standard Webhooks library does).
        </Text>
        <WebhookSecretBox secret={created.secret} />
        <Box mt="lg">
          <Button as="a" variant="contained" href={`/admin/resources/${resource.id}/records/${created.id}/show`}>
            Open the webhook
          </Button>
        </Box>
      </Box>
    );
  }
  return (
    <Box as="form" variant="white" padding="xl" onSubmit={submit}>
      <FormGroup>
        <Label required>URL</Label>
        <Input
          name="url"
          value={url}
          placeholder="https://example.com/webhooks/acme"
          width={1}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setUrl(e.target.value)}
        />
        <RefusedUrlWarning url={url} />
      </FormGroup>
      <FormGroup>
        <Label>Description</Label>
        <Input name="description" value={description} width={1} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDescription(e.target.value)} />
      </FormGroup>
      <FormGroup>
        <Label>Events</Label>
        <EventsCheckboxes value={events} onChange={setEvents} />
      </FormGroup>
      {error && <MessageBox mb="lg" variant="danger" message={error} />}
      <Button type="submit" variant="contained" disabled={busy || !url.trim()}>
        Create webhook
      </Button>
    </Box>
  );
};

export default WebhookCreate;
