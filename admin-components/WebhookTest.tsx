import React, { useState } from 'react';
import { Box, Button, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, type ActionProps } from 'adminjs';
import { formatNumber } from './format.js';
import StatusBadge from './StatusBadge.js';
import { useApiCall } from './useApiCall.js';

interface TestResult {
  success: boolean;
  responseStatus: number | null;
  responseBody: string | null;
  durationMs: number;
  error: string | null;
}

/** Sends a signed webhook.test event now and shows the status, response body and time, or the error. */
const WebhookTest: React.FC<ActionProps> = ({ resource, record, action }) => {
  const { busy, error, setError, call } = useApiCall();
  const [result, setResult] = useState<TestResult | null>(null);
  const api = new ApiClient();

  const send = async () => {
    setResult(null);
    await call(async () => {
      const res = await api.recordAction({ resourceId: resource.id, recordId: record!.id, actionName: action.name, method: 'post', data: {} });
      if (res.data.delivery) setResult(res.data.delivery);
      else setError(res.data.notice?.message ?? 'No answer');
    });
  };

  return (
    <Box variant="white" padding="xl">
      <Text mb="lg">
        POSTs a signed <code>webhook.test</code> event to <strong>{String(record?.params.url ?? '')}</strong> now.
      </Text>
      <Button variant="contained" onClick={send} disabled={busy} data-testid="send-test">
        {busy ? 'Sending…' : 'Send test event'}
      </Button>
      {error && <MessageBox mt="lg" variant="danger" message={error} />}
      {result && (
        <Box mt="lg" data-testid="test-result">
          <Text mb="default">
            <StatusBadge status={result.success ? 'delivered' : 'failed'} /> {result.responseStatus !== null ? `HTTP ${result.responseStatus}` : 'no response'}{' '}
            in {formatNumber(result.durationMs)} ms
          </Text>
          {result.error && <MessageBox mb="default" variant="danger" message={result.error} />}
          {result.responseBody !== null && (
            <Box as="pre" p="default" bg="grey20" style={{ whiteSpace: 'pre-wrap', maxHeight: 300, overflow: 'auto' }}>
              {result.responseBody || '(empty body)'}
            </Box>
          )}
        </Box>
      )}
    </Box>
  );
};

export default WebhookTest;
