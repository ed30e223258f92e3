import React, { useEffect, useState } from 'react';
// The shape GET /api/v1/dashboard answers (a type only: nothing of the server is bundled).
import type { DashboardSummary as Summary } from '../src/dashboard/dashboard.service.js';
import { Box, Button, H2, H5, Link, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { styled } from '@adminjs/design-system/styled-components';
import { formatDateTime, formatNumber as n, NUMBER_STYLE, ONE_LINE } from './format.js';
import { takePrefetched } from './prefetched.js';
import StatusBadge from './StatusBadge.js';

/**
 * The summary cards: a grid whose cards share its rows (subgrid), so every card's number sits on the
 * same line whether or not a title beside it takes two lines; cards wrap onto more rows on narrow screens.
 */
const Cards = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
  column-gap: 16px;
  margin-bottom: 16px;
`;
const CardBox = styled(Box)`
  display: grid;
  grid-row: span 3;
  grid-template-rows: subgrid;
  row-gap: 0;
  align-content: start;
  margin-bottom: 16px;
`;

const Card: React.FC<{ title: string; value: string; note?: string; testId: string }> = ({ title, value, note, testId }) => (
  <CardBox variant="white" p="xl">
    <H5 color="grey60">{title}</H5>
    <Text fontSize="h2" fontWeight="bold" data-testid={testId}>
      {value}
    </Text>
    {note && (
      <Text variant="sm" color="grey60">
        {note}
      </Text>
    )}
  </CardBox>
);

/** "2 completed · 1 failed": a line may wrap after a separator, never between a count and its word nor before a separator. */
const counts = (parts: [number, string][]) => parts.map(([count, word]) => `${n(count)}\u00a0${word}`).join('\u00a0· ');

/** The panel's home: catalogue size, the last week's imports and their outcome, webhook health. */
const Dashboard: React.FC = () => {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = () =>
      fetch('/api/v1/dashboard', { credentials: 'same-origin' })
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
        .then(setSummary, (e: Error) => setError(e.message));
    // The first answer was asked for by the page itself, while its scripts loaded (prefetched.ts).
    const early = takePrefetched<Summary>('/api/v1/dashboard');
    void (early ? early.then((s) => (s ? setSummary(s) : load())) : load());
    const timer = setInterval(load, 10_000);
    return () => clearInterval(timer);
  }, []);

  if (error) return <MessageBox variant="danger" message={`The dashboard could not load: ${error}`} />;
  if (!summary)
    return (
      <Box p="xl">
        <Text>Loading…</Text>
      </Box>
    );
  const { products, imports, webhooks } = summary;
  const outcome = counts([
    [imports.byStatus.completed, 'completed'],
    [imports.byStatus.failed, 'failed'],
    [imports.byStatus.cancelled, 'cancelled'],
    [imports.byStatus.processing + imports.byStatus.queued, 'running'],
  ]);
  return (
    <Box variant="grey" data-testid="dashboard">
      <Box flex flexDirection="row" justifyContent="space-between" alignItems="center" mb="lg">
        <H2 mb="none">ACME Product Importer</H2>
        <Box>
          <Button as="a" href="/admin/pages/import" variant="contained" mr="md">
            Import a CSV
          </Button>
          <Button as="a" href="/admin/resources/products" variant="outlined" mr="md">
            Browse products
          </Button>
          <Button as="a" href="/admin/pages/jobs" variant="outlined">
            Job monitor
          </Button>
        </Box>
      </Box>
      <Cards>
        <Card title="Products" value={n(products.total)} testId="dashboard-products" />
        <Card title="Active products" value={n(products.active)} note={`${n(products.inactive)} inactive`} testId="dashboard-active" />
        <Card title={`Imports, last ${imports.days} days`} value={n(imports.total)} note={outcome} testId="dashboard-imports" />
        <Card
          title={`Webhook deliveries, last ${webhooks.days} days`}
          value={webhooks.successRate === null ? '—' : `${(webhooks.successRate * 100).toFixed(1)}%`}
          note={
            webhooks.successRate === null
              ? 'No deliveries finished yet'
              : counts([
                  [webhooks.delivered, 'delivered'],
                  [webhooks.failed, 'failed'],
                  [webhooks.pending, 'pending'],
                ])
          }
          testId="dashboard-webhooks"
        />
      </Cards>
      <Box variant="white" p="xl">
        <H5>Imports in the last {imports.days} days</H5>
        {imports.recent.length === 0 ? (
          <Text color="grey60">
            No imports yet. <Link href="/admin/pages/import">Import a CSV</Link>.
          </Text>
        ) : (
          <Table>
            <TableHead>
              <TableRow>
                <TableCell>File</TableCell>
                <TableCell>Outcome</TableCell>
                <TableCell>Rows</TableCell>
                <TableCell>Inserted</TableCell>
                <TableCell>Updated</TableCell>
                <TableCell>Rejected</TableCell>
                <TableCell>By</TableCell>
                <TableCell>When</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {imports.recent.map((i) => (
                <TableRow key={i.id}>
                  <TableCell style={ONE_LINE}>
                    <Link href={`/admin/resources/imports/records/${i.id}/show`}>{i.filename}</Link>
                  </TableCell>
                  <TableCell>
                    <StatusBadge status={i.status} />
                  </TableCell>
                  <TableCell style={NUMBER_STYLE}>{n(i.totalRows)}</TableCell>
                  <TableCell style={NUMBER_STYLE}>{n(i.insertedCount)}</TableCell>
                  <TableCell style={NUMBER_STYLE}>{n(i.updatedCount)}</TableCell>
                  <TableCell style={NUMBER_STYLE}>{n(i.rejectedCount)}</TableCell>
                  <TableCell style={ONE_LINE}>{i.uploadedBy ?? 'API'}</TableCell>
                  <TableCell style={ONE_LINE}>{formatDateTime(i.createdAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
    </Box>
  );
};

export default Dashboard;
