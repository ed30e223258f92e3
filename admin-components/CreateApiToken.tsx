import React, { useState } from 'react';
import { Box, Button, FormGroup, H3, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, type ActionProps } from 'adminjs';
import { useApiCall } from './useApiCall.js';

/** Creates an API token and shows it once, with a copy button. */
const CreateApiToken: React.FC<ActionProps> = ({ resource, action }) => {
  const { busy, error, setError, call } = useApiCall();
  const [name, setName] = useState('');
  const [token, setToken] = useState<string | null>(null);
  const api = new ApiClient();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    await call(async () => {
      const res = await api.resourceAction({ resourceId: resource.id, actionName: action.name, method: 'post', data: { name } });
      if (res.data.error) setError(res.data.error);
      else setToken(res.data.token);
    });
  };

  if (token) {
    return (
      <Box variant="white" padding="xl">
        <H3>Token created</H3>
        <MessageBox variant="info" mb="lg" message="Copy it now: it will not be shown again." />
        <Input value={token} readOnly width={1} data-testid="new-api-token" onFocus={(e: React.FocusEvent<HTMLInputElement>) => e.target.select()} />
        <Box mt="lg">
          <Button onClick={() => navigator.clipboard?.writeText(token)}>Copy</Button>{' '}
          <Button variant="text" as="a" href={`/admin/resources/${resource.id}`}>
            Back to tokens
          </Button>
        </Box>
      </Box>
    );
  }
  return (
    <Box as="form" variant="white" padding="xl" onSubmit={submit}>
      <Text mb="lg">
        Scripts send it as <code>Authorization: Bearer &lt;token&gt;</code>.
      </Text>
      <FormGroup>
        <Label required>Name</Label>
        <Input name="name" value={name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} width={1} />
      </FormGroup>
      {error && <MessageBox mb="lg" variant="danger" message={error} />}
      <Button type="submit" variant="contained" disabled={busy || !name.trim()}>
        Create token
      </Button>
    </Box>
  );
};

export default CreateApiToken;
