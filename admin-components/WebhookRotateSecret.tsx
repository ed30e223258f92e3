import React, { useState } from 'react';
import { Box, Button, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, type ActionProps } from 'adminjs';
import WebhookSecretBox from './WebhookSecretBox.js';
import { useApiCall } from './useApiCall.js';

/** Rotates a webhook's signing secret (after a confirmation) and shows the new one once. */
const WebhookRotateSecret: React.FC<ActionProps> = ({ resource, record, action }) => {
  const { busy, error, setError, call } = useApiCall();
  const [secret, setSecret] = useState<string | null>(null);
  const api = new ApiClient();

  const rotate = async () => {
    await call(async () => {
      const res = await api.recordAction({ resourceId: resource.id, recordId: record!.id, actionName: action.name, method: 'post', data: {} });
      if (res.data.notice?.type === 'error') setError(res.data.notice.message);
      else setSecret(res.data.secret);
    });
  };

  return (
    <Box variant="white" padding="xl">
      {secret ? (
        <WebhookSecretBox
          secret={secret}
          note="New secret: copy it now. The previous secret keeps signing deliveries for 24 hours, so receivers can switch without losing any."
        />
      ) : (
        <>
          <Text mb="lg">A new secret is generated; for 24 hours deliveries carry signatures with both the new and the previous secret.</Text>
          {error && <MessageBox mb="lg" variant="danger" message={error} />}
          <Button variant="contained" onClick={rotate} disabled={busy} data-testid="rotate-secret">
            {busy ? 'Rotating…' : 'Rotate secret'}
          </Button>
        </>
      )}
    </Box>
  );
};

export default WebhookRotateSecret;
