import { z } from 'zod';
import { JOB_STATES } from './jobsMonitor.service.js';

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** Query of GET /api/v1/jobs. */
export const listJobsQuerySchema = z.object({
  name: optionalText,
  state: z
    .enum(JOB_STATES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  search: optionalText,
  page: z.coerce.number().int().min(1).default(1),
  perPage: z.coerce.number().int().min(1).max(200).default(20),
});

export const jobIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
