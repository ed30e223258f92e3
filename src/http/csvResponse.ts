import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';

/**
 * The one way a route sends a CSV download: as an attachment named `filename`, streamed as `text`
 * is produced (back-pressure through the pipeline, so memory stays flat at any size). A client that
 * goes away ends it quietly.
 */
export async function sendCsv(req: Request, res: Response, filename: string, text: AsyncIterable<string>): Promise<void> {
  res.type('text/csv; charset=utf-8').attachment(filename);
  try {
    await pipeline(Readable.from(text), res);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
    req.log.info({ filename }, 'download aborted by the client');
  }
}
