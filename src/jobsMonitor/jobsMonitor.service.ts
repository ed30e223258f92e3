import type { Agenda, JobsOverview, JobState, JobWithState } from 'agenda';
import { conflict, notFound } from '../lib/errors.js';

export const JOB_STATES = ['running', 'queued', 'scheduled', 'repeating', 'completed', 'failed', 'paused'] as const satisfies readonly JobState[];

/** One job as the job monitor shows it. */
export interface MonitoredJob {
  id: string;
  name: string;
  state: JobState;
  data: unknown;
  /** 0–100 while running, when the job reports it. */
  progress: number | null;
  /** Failed attempts so far. */
  attempts: number;
  lastError: string | null;
  priority: number;
  repeatInterval: string | number | null;
  disabled: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastFinishedAt: string | null;
  failedAt: string | null;
  lockedAt: string | null;
}

export interface JobsQuery {
  name?: string;
  state?: JobState;
  search?: string;
  page: number;
  perPage: number;
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

function toMonitoredJob(job: JobWithState): MonitoredJob {
  return {
    id: String(job._id),
    name: job.name,
    state: job.state,
    data: job.data ?? null,
    progress: typeof job.progress === 'number' ? job.progress : null,
    attempts: job.failCount ?? 0,
    lastError: job.failReason ?? null,
    priority: job.priority ?? 0,
    repeatInterval: job.repeatInterval ?? null,
    disabled: job.disabled === true,
    nextRunAt: iso(job.nextRunAt),
    lastRunAt: iso(job.lastRunAt),
    lastFinishedAt: iso(job.lastFinishedAt),
    failedAt: iso(job.failedAt),
    lockedAt: iso(job.lockedAt),
  };
}

/** Ids are UUIDs (PostgreSQL backend) or ObjectIds (MongoDB): anything else cannot exist. */
const looksLikeJobId = (id: string) => /^[0-9a-f]{24}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/**
 * The job monitor (Agendash-like, inside the panel): counts per job name and state, a filtered
 * page of jobs, and retry/delete. Uses only Agenda's backend-neutral API (MongoDB or PostgreSQL).
 */
export function createJobsMonitorService({ agenda }: { agenda: Agenda }) {
  async function findJob(id: string): Promise<JobWithState> {
    const job = looksLikeJobId(id) ? (await agenda.queryJobs({ id, limit: 1 })).jobs[0] : undefined;
    if (!job) throw notFound(`Job ${id}`);
    return job;
  }

  /** Counts per job name and state, plus the totals per state over every name. */
  async function getOverview(): Promise<{ names: JobsOverview[]; totals: Record<JobState | 'total', number> }> {
    const names = (await agenda.getJobsOverview()).sort((a, b) => a.name.localeCompare(b.name));
    const totals = { total: 0, ...Object.fromEntries(JOB_STATES.map((s) => [s, 0])) } as Record<JobState | 'total', number>;
    for (const n of names) {
      totals.total += n.total;
      for (const s of JOB_STATES) totals[s] += n[s];
    }
    return { names, totals };
  }

  /** One page of jobs, most recently active first. */
  async function listJobs(query: JobsQuery) {
    const { jobs, total } = await agenda.queryJobs({
      name: query.name,
      state: query.state,
      search: query.search,
      sort: { lastRunAt: 'desc', nextRunAt: 'desc' },
      skip: (query.page - 1) * query.perPage,
      limit: query.perPage,
    });
    return { data: jobs.map(toMonitoredJob), page: query.page, perPage: query.perPage, total };
  }

  async function getJob(id: string): Promise<MonitoredJob> {
    return toMonitoredJob(await findJob(id));
  }

  /**
   * Runs a job again now, with the same name, data and priority. A failed job is replaced by the
   * new run (its failure is not counted twice); any other job stays as it is and a copy is queued.
   */
  async function retryJob(id: string): Promise<MonitoredJob> {
    const original = await findJob(id);
    if (original.state === 'running') throw conflict(`Job ${id} is running; wait for it to finish`);
    const copy = agenda.create(original.name, original.data);
    copy.priority(original.priority ?? 0);
    copy.schedule(new Date());
    await copy.save();
    if (original.state === 'failed') await agenda.cancel({ id: String(original._id) });
    return getJob(String(copy.attrs._id));
  }

  /** Removes a job that is not running. */
  async function deleteJob(id: string): Promise<{ deleted: number }> {
    const job = await findJob(id);
    if (job.state === 'running') throw conflict(`Job ${id} is running; it cannot be deleted now`);
    return { deleted: await agenda.cancel({ id: String(job._id) }) };
  }

  return { getOverview, listJobs, getJob, retryJob, deleteJob };
}
export type JobsMonitorService = ReturnType<typeof createJobsMonitorService>;
