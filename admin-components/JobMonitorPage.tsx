import React, { useCallback, useEffect, useState } from 'react';
import { Box, Button, CheckBox, H2, Input, Label, Link, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { formatDateTime, formatDateTimeExact, formatNumber, NUMBER_STYLE, ONE_LINE } from './format.js';
import { takePrefetched } from './prefetched.js';
import NativeSelect from './NativeSelect.js';
import StatusBadge from './StatusBadge.js';
import { vocabulary } from './vocabulary.js';

/** A job state as the server names it (its list comes from the server: vocabulary().jobStates). */
type State = string;

interface Job {
  id: string;
  name: string;
  state: State;
  data: unknown;
  progress: number | null;
  attempts: number;
  lastError: string | null;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastFinishedAt: string | null;
  failedAt: string | null;
}

type Counts = Record<State | 'total', number>;

interface JobsPage {
  data: Job[];
  page: number;
  perPage: number;
  total: number;
  overview: { names: ({ name: string } & Counts)[]; totals: Counts };
}

const PER_PAGE = 20;
/** The import an import job works on: its page shows the import's own state and offers Retry. */
const importOf = (job: Job) => {
  const id = (job.data as { importId?: unknown } | null)?.importId;
  return typeof id === 'string' ? id : null;
};
/** Database errors carry the whole statement before the reason: show the reason (full text on hover). */
const shortError = (message: string) => (message.length > 160 ? `…${message.slice(-160)}` : message);

const call = async (url: string, method = 'GET') => {
  const res = await fetch(url, { method, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.title ?? `HTTP ${res.status}`);
  return body;
};

/**
 * The job monitor (like Agendash, inside the panel): counts per job name and state, a filtered,
 * paginated list with progress, attempts and last error; retry/requeue and delete; refreshes itself.
 */
const JobMonitorPage: React.FC = () => {
  const STATES = vocabulary().jobStates;
  const [filters, setFilters] = useState<{ name: string; state: State | ''; search: string }>({ name: '', state: '', search: '' });
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<JobsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [autoRefresh, setAutoRefresh] = useState(true);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);

  const load = useCallback(async () => {
    const q = new URLSearchParams({ page: String(page), perPage: String(PER_PAGE) });
    if (filters.name) q.set('name', filters.name);
    if (filters.state) q.set('state', filters.state);
    if (filters.search) q.set('search', filters.search);
    try {
      const url = `/api/v1/jobs?${q}`;
      // The first page was asked for by the page itself, while its scripts loaded (prefetched.ts).
      setResult(((await takePrefetched<JobsPage>(url)) ?? (await call(url))) as JobsPage);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [filters, page]);

  useEffect(() => {
    void load();
    if (!autoRefresh) return undefined;
    const timer = setInterval(() => void load(), 3000);
    return () => clearInterval(timer);
  }, [load, autoRefresh]);

  const filterBy = (name: string, state: State | '') => {
    setFilters((f) => ({ ...f, name, state }));
    setPage(1);
  };

  const act = async (job: Job, action: 'retry' | 'delete') => {
    setNotice(null);
    try {
      if (action === 'retry') await call(`/api/v1/jobs/${job.id}/retry`, 'POST');
      else await call(`/api/v1/jobs/${job.id}`, 'DELETE');
      setNotice(action === 'retry' ? `${job.name} queued to run again.` : `${job.name} deleted.`);
      setConfirmDelete(null);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const pages = result ? Math.max(1, Math.ceil(result.total / PER_PAGE)) : 1;
  const totals = result?.overview.totals;
  return (
    <Box variant="grey">
      <Box variant="white" p="xl" mb="lg">
        <Box flex flexDirection="row" justifyContent="space-between" alignItems="center">
          <H2 mb="none">Job monitor</H2>
          <Box flex flexDirection="row" alignItems="center">
            <CheckBox id="auto-refresh" checked={autoRefresh} onChange={() => setAutoRefresh((v) => !v)} />
            <Label inline htmlFor="auto-refresh" ml="sm" mr="lg">
              Refresh every 3 s
            </Label>
            <Button variant="outlined" onClick={() => void load()} data-testid="jobs-refresh">
              Refresh now
            </Button>
          </Box>
        </Box>
        <Text color="grey60" mt="sm">
          Background work: imports, webhook deliveries, e-mails, maintenance. Click a count to filter.
        </Text>
      </Box>

      {error && <MessageBox variant="danger" mb="lg" message={error} onCloseClick={() => setError(null)} />}
      {notice && <MessageBox variant="success" mb="lg" message={notice} onCloseClick={() => setNotice(null)} data-testid="jobs-notice" />}

      <Box variant="white" p="xl" mb="lg">
        <Table data-testid="jobs-overview">
          <TableHead>
            <TableRow>
              <TableCell>Job</TableCell>
              {STATES.map((s) => (
                <TableCell key={s}>{s}</TableCell>
              ))}
              <TableCell>total</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {result?.overview.names.map((row) => (
              <TableRow key={row.name} data-testid="jobs-overview-row" data-name={row.name}>
                <TableCell>
                  <Link href="#" onClick={(e: React.MouseEvent) => (e.preventDefault(), filterBy(row.name, ''))}>
                    {row.name}
                  </Link>
                </TableCell>
                {STATES.map((s) => (
                  <TableCell key={s} data-state={s} style={NUMBER_STYLE}>
                    {row[s] ? (
                      <Link href="#" onClick={(e: React.MouseEvent) => (e.preventDefault(), filterBy(row.name, s))}>
                        {formatNumber(row[s])}
                      </Link>
                    ) : (
                      <Text color="grey40">0</Text>
                    )}
                  </TableCell>
                ))}
                <TableCell style={NUMBER_STYLE}>{formatNumber(row.total)}</TableCell>
              </TableRow>
            ))}
            {totals && (
              <TableRow>
                <TableCell>
                  <strong>All jobs</strong>
                </TableCell>
                {STATES.map((s) => (
                  <TableCell key={s} data-state={s} data-testid={`jobs-total-${s}`} style={NUMBER_STYLE}>
                    <Link href="#" onClick={(e: React.MouseEvent) => (e.preventDefault(), filterBy('', s))}>
                      <strong>{formatNumber(totals[s])}</strong>
                    </Link>
                  </TableCell>
                ))}
                <TableCell style={NUMBER_STYLE}>
                  <strong>{formatNumber(totals.total)}</strong>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </Box>

      <Box variant="white" p="xl">
        <Box flex flexDirection="row" alignItems="flex-end" flexWrap="wrap" mb="lg">
          <Box mr="lg">
            <Label>Job name</Label>
            <NativeSelect
              value={filters.name}
              onChange={(e: React.ChangeEvent<HTMLSelectElement>) => filterBy(e.target.value, filters.state)}
              data-testid="jobs-filter-name"
              style={{ minWidth: 220 }}
            >
              <option value="">All</option>
              {result?.overview.names.map((r) => (
                <option key={r.name} value={r.name}>
                  {r.name}
                </option>
              ))}
            </NativeSelect>
          </Box>
          <Box mr="lg">
            <Label>State</Label>
            <NativeSelect
              value={filters.state}
              onChange={(e: React.ChangeEvent<HTMLSelectElement>) => filterBy(filters.name, e.target.value as State | '')}
              data-testid="jobs-filter-state"
              style={{ minWidth: 160 }}
            >
              <option value="">All</option>
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </NativeSelect>
          </Box>
          <Box mr="lg">
            <Label>Name contains</Label>
            <Input
              value={filters.search}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => (setFilters((f) => ({ ...f, search: e.target.value })), setPage(1))}
            />
          </Box>
          <Button variant="text" onClick={() => (setFilters({ name: '', state: '', search: '' }), setPage(1))}>
            Clear filters
          </Button>
        </Box>

        <div style={{ overflowX: 'auto' }}>
          <Table data-testid="jobs-table">
            <TableHead>
              <TableRow>
                <TableCell>Job</TableCell>
                <TableCell>State</TableCell>
                <TableCell>Attempts</TableCell>
                <TableCell>Last error</TableCell>
                <TableCell>Next run</TableCell>
                <TableCell>Last run</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {result?.data.map((job) => (
                <TableRow key={job.id} data-testid="job-row" data-job-id={job.id} data-name={job.name} data-state={job.state}>
                  <TableCell>
                    <Text style={{ whiteSpace: 'nowrap' }}>{job.name}</Text>
                    <Text variant="xs" color="grey60" style={{ maxWidth: 220, wordBreak: 'break-all' }}>
                      {JSON.stringify(job.data ?? {}).slice(0, 80)}
                    </Text>
                    {importOf(job) && (
                      <Text variant="xs">
                        <Link href={`/admin/resources/imports/records/${importOf(job)}/show`} data-testid="job-import-link">
                          Open the import
                        </Link>
                      </Text>
                    )}
                  </TableCell>
                  <TableCell style={{ minWidth: 110 }}>
                    <StatusBadge status={job.state} />
                    {job.state === 'running' && job.progress !== null && (
                      <div
                        data-testid="job-progress"
                        title={`${Math.round(job.progress)}%`}
                        style={{ height: 6, marginTop: 6, background: '#eeeeef', borderRadius: 3, overflow: 'hidden' }}
                      >
                        <div style={{ width: `${Math.min(100, job.progress)}%`, height: '100%', background: '#3040d6' }} />
                      </div>
                    )}
                  </TableCell>
                  <TableCell data-testid="job-attempts" style={NUMBER_STYLE}>
                    {formatNumber(job.attempts)}
                  </TableCell>
                  <TableCell
                    data-testid="job-error"
                    style={{ minWidth: 220, maxWidth: 360, wordBreak: 'break-word', color: job.lastError ? '#c20012' : undefined }}
                  >
                    {job.lastError && <span title={job.lastError}>{shortError(job.lastError)}</span>}
                    {job.failedAt ? (
                      <Text variant="xs" color="grey60">
                        {formatDateTime(job.failedAt)}
                      </Text>
                    ) : null}
                  </TableCell>
                  <TableCell style={ONE_LINE} title={formatDateTimeExact(job.nextRunAt)}>
                    {job.state === 'scheduled' || job.state === 'queued' || job.state === 'repeating' ? formatDateTime(job.nextRunAt) : '—'}
                  </TableCell>
                  <TableCell style={ONE_LINE} title={formatDateTimeExact(job.lastRunAt)}>
                    {formatDateTime(job.lastRunAt)}
                  </TableCell>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>
                    {job.state !== 'running' && (
                      <Button size="sm" variant="outlined" mr="sm" onClick={() => void act(job, 'retry')} data-testid="job-retry">
                        {job.state === 'failed' ? 'Retry' : 'Run again'}
                      </Button>
                    )}
                    {job.state !== 'running' &&
                      (confirmDelete === job.id ? (
                        <Button size="sm" variant="contained" color="danger" onClick={() => void act(job, 'delete')} data-testid="job-delete-confirm">
                          Really delete
                        </Button>
                      ) : (
                        <Button size="sm" variant="text" color="danger" onClick={() => setConfirmDelete(job.id)} data-testid="job-delete">
                          Delete
                        </Button>
                      ))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        {result && result.data.length === 0 && (
          <Text mt="lg" color="grey60">
            No jobs match these filters.
          </Text>
        )}
        <Box flex flexDirection="row" alignItems="center" justifyContent="space-between" mt="lg">
          <Text color="grey60" data-testid="jobs-count">
            {result ? `${formatNumber(result.total)} job${result.total === 1 ? '' : 's'}` : 'Loading…'}
          </Text>
          <Box flex flexDirection="row" alignItems="center">
            <Button size="sm" variant="outlined" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
              Previous
            </Button>
            <Text mx="md" style={ONE_LINE}>
              Page {formatNumber(page)} of {formatNumber(pages)}
            </Text>
            <Button size="sm" variant="outlined" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
              Next
            </Button>
          </Box>
        </Box>
      </Box>
    </Box>
  );
};

export default JobMonitorPage;
