import { pruneSessionsJob } from './maintenance/pruneSessions.job.js';
import type { JobDefinition } from './types.js';

/** Every background job the worker runs. Add new ones here. */
export const jobDefinitions = [pruneSessionsJob] as const;

/** Jobs the worker schedules on a fixed interval. */
export const recurringJobs: { name: JobName; every: string }[] = [
  { name: 'maintenance.pruneSessions', every: '1 hour' },
];

type Definitions = (typeof jobDefinitions)[number];
export type JobName = Definitions['name'];
export type JobPayload<N extends JobName> = Extract<Definitions, { name: N }> extends JobDefinition<infer P, N> ? P : never;
