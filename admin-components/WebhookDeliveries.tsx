import React, { useCallback, useEffect, useState } from 'react';
import { Box, Button, Label, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import type { ActionProps } from 'adminjs';
import { formatDateTime, formatNumber, NUMBER_STYLE, ONE_LINE } from './format.js';
import NativeSelect from './NativeSelect.js';
import RetentionNote from './RetentionNote.js';
import StatusBadge from './StatusBadge.js';
import { vocabulary } from './vocabulary.js';

interface Delivery {
  id: number;
  messageId: string;
  attempt: number;
  trigger: string;
  event: string;
  success: boolean;
  responseStatus: number | null;
  durationMs: number;
  error: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}

const problem = async (res: Response) => {
  try {
    return String((await res.json()).title ?? `HTTP ${res.status}`);
  } catch {
    return `HTTP ${res.status}`;
  }
};

const Filter: React.FC<{ label: string; value: string; options: string[]; onChange: (v: string) => void }> = ({ label, value, options, onChange }) => (
  <Box mr="lg">
    <Label>{label}</Label>
    <NativeSelect
      value={value}
      onChange={(e: React.ChangeEvent<HTMLSelectElement>) => onChange(e.target.value)}
      data-testid={`deliveries-filter-${label.toLowerCase()}`}
      style={{ minWidth: 140 }}
    >
      <option value="">All</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </NativeSelect>
  </Box>
);

/** The attempts of one webhook (through the API, with the panel's session), filtered; one click redelivers. */
const WebhookDeliveries: React.FC<ActionProps> = ({ record }) => {
  const id = record!.id;
  const [filters, setFilters] = useState({ status: '', event: '', trigger: '' });
  const [rows, setRows] = useState<Delivery[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(
    async (before?: number) => {
      setError(null);
      const q = new URLSearchParams({ limit: '50' });
      for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
      if (before) q.set('before', String(before));
      const res = await fetch(`/api/v1/webhooks/${id}/deliveries?${q}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!res.ok) return setError(await problem(res));
      const body = await res.json();
      setRows((old) => (before ? [...old, ...body.data] : body.data));
      setNextBefore(body.nextBefore);
    },
    [id, filters],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const redeliver = async (d: Delivery) => {
    setNotice(null);
    const res = await fetch(`/api/v1/webhooks/${id}/deliveries/${d.id}/redeliver`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    if (!res.ok) return setError(await problem(res));
    setNotice(`Redelivery of ${d.messageId} queued`);
    setTimeout(() => void load(), 1500);
  };

  const set = (key: keyof typeof filters) => (value: string) => setFilters((f) => ({ ...f, [key]: value }));
  return (
    <Box variant="white" padding="xl">
      <Box flex flexDirection="row" alignItems="flex-end" mb="lg">
        <Filter label="Status" value={filters.status} options={['success', 'failed']} onChange={set('status')} />
        <Filter label="Event" value={filters.event} options={[...vocabulary().webhookEvents, 'webhook.test']} onChange={set('event')} />
        <Filter label="Trigger" value={filters.trigger} options={['event', 'retry', 'redeliver', 'test']} onChange={set('trigger')} />
        <Button variant="outlined" onClick={() => void load()}>
          Refresh
        </Button>
      </Box>
      {error && <MessageBox mb="lg" variant="danger" message={error} />}
      {notice && <MessageBox mb="lg" variant="success" message={notice} />}
      <RetentionNote resourceId="webhook_deliveries" mb="lg" />
      {rows.length === 0 ? (
        <Text color="grey60">No deliveries match.</Text>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <Table data-testid="webhook-deliveries">
            <TableHead>
              <TableRow>
                <TableCell>When</TableCell>
                <TableCell>Event</TableCell>
                <TableCell>Trigger</TableCell>
                <TableCell>Attempt</TableCell>
                <TableCell>Result</TableCell>
                <TableCell>Time</TableCell>
                <TableCell>Error / next attempt</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((d) => (
                <TableRow key={d.id} data-testid="delivery-row">
                  <TableCell style={ONE_LINE}>{formatDateTime(d.createdAt)}</TableCell>
                  <TableCell style={ONE_LINE}>{d.event}</TableCell>
                  <TableCell style={ONE_LINE}>{d.trigger}</TableCell>
                  <TableCell style={NUMBER_STYLE}>{formatNumber(d.attempt)}</TableCell>
                  <TableCell style={ONE_LINE}>
                    <StatusBadge status={d.success ? 'success' : 'failed'} label={d.responseStatus ?? 'no answer'} />
                  </TableCell>
                  <TableCell style={NUMBER_STYLE}>{formatNumber(d.durationMs)} ms</TableCell>
                  {/* The one column that may wrap, at spaces, and only past a readable width. */}
                  <TableCell style={{ minWidth: 260, maxWidth: 480, overflowWrap: 'break-word', wordBreak: 'normal' }} data-testid="delivery-error">
                    {d.error ?? ''}
                    {d.nextAttemptAt ? `${d.error ? ' · ' : ''}retry ${formatDateTime(d.nextAttemptAt)}` : ''}
                  </TableCell>
                  <TableCell style={ONE_LINE}>
                    <Button size="sm" variant="text" as="a" href={`/admin/resources/webhook_deliveries/records/${d.id}/show`}>
                      Details
                    </Button>
                    <Button size="sm" variant="outlined" onClick={() => void redeliver(d)} data-testid="redeliver">
                      Redeliver
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {nextBefore && (
        <Box mt="lg">
          <Button variant="text" onClick={() => void load(nextBefore)}>
            Older deliveries
          </Button>
        </Box>
      )}
    </Box>
  );
};

export default WebhookDeliveries;
