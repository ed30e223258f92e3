import React from 'react';
import { Box, Button, Input, MessageBox } from '@adminjs/design-system';

/** A signing secret shown once, with a copy button. */
const WebhookSecretBox: React.FC<{ secret: string; note?: string }> = ({ secret, note }) => (
  <Box>
    <MessageBox variant="info" mb="lg" message={note ?? 'Copy the signing secret now: it will not be shown again.'} />
    <Input value={secret} readOnly width={1} data-testid="webhook-secret" onFocus={(e: React.FocusEvent<HTMLInputElement>) => e.target.select()} />
    <Box mt="default">
      <Button type="button" onClick={() => navigator.clipboard?.writeText(secret)}>
        Copy
      </Button>
    </Box>
  </Box>
);

export default WebhookSecretBox;
