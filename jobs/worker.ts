import type { Agenda } from 'agenda';
import type { Logger } from '../src/lib/logger.js';
import type { AppServices } from '../src/services.js';
import { jobDefinitions, recurringJobs } from './registry.js';
import type { JobDefinition } from './types.js';

/** Defines every registered job on Agenda, validating payloads before handlers run. */
export function defineJobs(agenda: Agenda, services: AppServices, logger: Logger, shutdownSignal: AbortSignal): void {
  for (const def of jobDefinitions as readonly JobDefinition<unknown>[]) {
    const { options = {} } = def;
    agenda.define(
      def.name,
      async (job) => {
        const log = logger.child({ job: def.name, jobId: String(job.attrs._id) });
        const payload = def.schema.parse(job.attrs.data ?? {});
        await def.handler(payload, { services, logger: log, job, shutdownSignal });
      },
      {
        concurrency: options.concurrency,
        // A worker locks no more jobs of a kind than it can run, so queued ones stay free for other workers.
        lockLimit: options.concurrency,
        lockLifetime: options.lockLifetime,
        priority: options.priority,
        backoff: options.retryDelay ? ({ attempt, error }) => options.retryDelay!(attempt, error) : undefined,
      },
    );
  }
}

/** Starts processing jobs and schedules the recurring ones. */
export async function startWorker(agenda: Agenda): Promise<void> {
  await agenda.start();
  for (const r of recurringJobs) await agenda.every(r.every, r.name, {});
}
