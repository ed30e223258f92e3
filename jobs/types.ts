import type { Job } from 'agenda';
import type { z } from 'zod';
import type { Logger } from '../src/lib/logger.js';
import type { AppServices } from '../src/services.js';

/** What a job handler gets besides its payload. */
export interface JobContext {
  services: AppServices;
  logger: Logger;
  /** The Agenda job, for touch(progress) on long work; prefer the payload for data. */
  job: Job;
  /** Aborted when the process shuts down: long work stops at the next safe point and resumes later. */
  shutdownSignal: AbortSignal;
}

export interface JobOptions {
  /** Runs of this job at once in one worker process. */
  concurrency?: number;
  /** How long a lock is held without touch() before another worker may take the job. */
  lockLifetime?: number;
  /** Delay in ms before attempt `attempt + 1`, or null to stop retrying. */
  retryDelay?: (attempt: number, error: Error) => number | null;
  priority?: 'lowest' | 'low' | 'normal' | 'high' | 'highest';
}

/** One background job: its name, payload schema, options and an idempotent handler. */
export interface JobDefinition<P = unknown, N extends string = string> {
  name: N;
  schema: z.ZodType<P>;
  options?: JobOptions;
  handler: (payload: P, ctx: JobContext) => Promise<void>;
}

/** Helper that keeps the payload type of a definition. */
export function defineJob<P, N extends string>(def: JobDefinition<P, N>): JobDefinition<P, N> {
  return def;
}
