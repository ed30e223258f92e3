import React from 'react';
import { Box, Button, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, useNotice, type ActionProps } from 'adminjs';
import { useApiCall } from './useApiCall.js';

/**
 * Confirmation screen for a record action that changes something (revoke, retry, cancel...).
 * It only acts on an explicit POST, never on the GET that opens it.
 */
const ConfirmRecordAction: React.FC<ActionProps> = ({ action, record, resource }) => {
  const { busy, error, call } = useApiCall();
  const addNotice = useNotice();
  const api = new ApiClient();

  const run = async () => {
    await call(async () => {
      const res = await api.recordAction({
        resourceId: resource.id,
        recordId: record!.id,
        actionName: action.name,
        method: 'post',
        data: {},
      });
      if (res.data.notice) addNotice(res.data.notice);
      if (res.data.redirectUrl) window.location.href = res.data.redirectUrl;
    });
  };

  return (
    <Box variant="white" padding="xl">
      <Text mb="lg">
        {action.guard || 'Are you sure?'} <strong>{record?.title}</strong>
      </Text>
      {error && <MessageBox mb="lg" variant="danger" message={error} />}
      <Button variant="danger" onClick={run} disabled={busy} data-testid="confirm-action">
        {busy ? 'Working…' : action.label}
      </Button>
    </Box>
  );
};

export default ConfirmRecordAction;
