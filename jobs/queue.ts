import type { Agenda } from 'agenda';
import type { JobName, JobPayload } from './registry.js';

export interface EnqueueOptions {
  /** Run at this time instead of now. */
  runAt?: Date;
}

/** The one way code enqueues background work: typed by the job registry. */
export function createJobQueue(agenda: Agenda) {
  return {
    async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts: EnqueueOptions = {}): Promise<string> {
      const job = agenda.create(name, payload);
      job.schedule(opts.runAt ?? new Date());
      await job.save();
      return String(job.attrs._id);
    },
    agenda,
  };
}
export type JobQueue = ReturnType<typeof createJobQueue>;
