import { Readable } from 'node:stream';
import { constants, createGunzip } from 'node:zlib';
import { FileRejectedError } from './csvRows.js';

const GZIP_MAGIC = [0x1f, 0x8b];

/** zlib's word for input that ends before the compressed stream does. */
const TRUNCATED = 'Z_BUF_ERROR';

/**
 * The upload's bytes, decompressed while they stream when they are gzip: declared with
 * `Content-Encoding: gzip`, or starting with gzip's magic bytes (a `.csv.gz` file). Limits on the
 * CSV (IMPORT_MAX_BYTES) apply to what comes out, so a gzip bomb is stopped at the limit.
 * `cutOffEnds`: a resumable upload's request may break off mid-stream; the compressed data then
 * ends early, which is the end of these bytes (the records complete so far are kept), not an error.
 */
export async function* gunzipIfCompressed(
  source: AsyncIterable<Buffer>,
  opts: { declared?: boolean; cutOffEnds?: boolean; onGzip?: () => Promise<void> } = {},
): AsyncGenerator<Buffer> {
  const input = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  while (headBytes < GZIP_MAGIC.length) {
    const next = await input.next();
    if (next.done) break;
    head.push(next.value);
    headBytes += next.value.length;
  }
  const rest = (async function* () {
    yield* head;
    for (let next = await input.next(); !next.done; next = await input.next()) yield next.value;
  })();
  const first = Buffer.concat(head);
  const gzip = opts.declared || (first[0] === GZIP_MAGIC[0] && first[1] === GZIP_MAGIC[1]);
  if (!gzip) {
    yield* rest;
    return;
  }
  await opts.onGzip?.();
  // Cut off: zlib gives out what it could inflate instead of an "unexpected end of file".
  const gunzip = createGunzip(opts.cutOffEnds ? { finishFlush: constants.Z_SYNC_FLUSH } : {});
  const compressed = Readable.from(opts.cutOffEnds ? endAtCutOff(rest) : rest, { objectMode: false });
  compressed.on('error', (err) => gunzip.destroy(err));
  compressed.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (opts.cutOffEnds && code === TRUNCATED) return; // (belt and braces: Z_SYNC_FLUSH should not raise it)
    if (code?.startsWith('Z_'))
      throw new FileRejectedError(`The file is not valid gzip data (${(err as Error).message}): compress it again, or upload the CSV itself`);
    throw err;
  } finally {
    compressed.destroy();
  }
}

/** The bytes of a request that may break off: an error of the source ends them. */
export async function* endAtCutOff(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of source) yield chunk;
  } catch {
    // The connection broke: what arrived is all there is, for now.
  }
}
