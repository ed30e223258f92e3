import { randomUUID } from 'node:crypto';
import { Server } from '@tus/server';
import { Router, type Request, type Response } from 'express';
import type { Logger } from '../lib/logger.js';
import { apiDocs } from '../http/openapi.js';
import type { AppServices } from '../services.js';
import { uploaderOf } from './imports.routes.js';
import { ImportUploadStore, uploadRequestContext } from './imports.tusStore.js';
import { createUploadLocker } from './imports.uploadLocks.repo.js';

/** Where the tus endpoints live (under the API's authentication and rate limit). */
export const UPLOADS_PATH = '/api/v1/uploads';

const tags = ['Uploads (tus)'];
const TUS_NOTE =
  'tus 1.0.0 (https://tus.io/protocols/resumable-upload), served by @tus/server: any tus client works (tus-js-client in the panel). ' +
  'Requests carry `Tus-Resumable: 1.0.0`; tus answers its own errors as `text/plain`.';

function documentUploads(): void {
  apiDocs.add(
    {
      method: 'post',
      path: '/uploads',
      tags,
      summary: 'Start a resumable upload (tus creation): creates the import',
      description: `${TUS_NOTE} Send \`Upload-Length\` (the CSV's size in bytes, at most IMPORT_MAX_BYTES) and \`Upload-Metadata\` with \`filename\`, and optionally \`preview\` and \`recordChanges\` ("true"/"false", as the query of POST /imports). The answer's \`Location\` is the upload's URL; its last segment is the import's id (follow it at /imports/{id}).`,
      responses: { 201: { description: 'Created', headers: { Location: { description: '/api/v1/uploads/{importId}' } } } },
      errors: { 413: 'Upload-Length larger than IMPORT_MAX_BYTES', 422: 'An empty file' },
    },
    {
      method: 'head',
      path: '/uploads/:id',
      tags,
      summary: 'Where a resumable upload stands (tus): the offset to continue from',
      description: `${TUS_NOTE} \`Upload-Offset\` is just past the last record staged so far: continue from there (bytes after it were not kept). 410 once the import ended before its upload completed (cancelled, abandoned after IMPORT_UPLOAD_ABANDON_AFTER_MS without bytes, or its file was refused).`,
      responses: { 200: { description: '`Upload-Offset` and `Upload-Length` headers' } },
      errors: { 404: 'No such upload' },
    },
    {
      method: 'patch',
      path: '/uploads/:id',
      tags,
      summary: 'Send the file from `Upload-Offset` on (tus); parsed and staged as it arrives',
      description: `${TUS_NOTE} Body: \`application/offset+octet-stream\`, the file's bytes from \`Upload-Offset\`, as many as you like; it may be gzip (\`Content-Encoding: gzip\`, or starting with gzip's magic bytes), each request's body one gzip stream of the raw bytes from that offset. The answer's \`Upload-Offset\` is where the next request starts (just past the last complete record: the bytes of a record cut off by the end of the body are sent again). The whole file is staged when it equals \`Upload-Length\`.`,
      responses: { 204: { description: 'Staged; `Upload-Offset` is the new offset' } },
      errors: {
        404: 'No such upload',
        409: '`Upload-Offset` is not where the upload stands (HEAD tells), or the import ended',
        413: 'More bytes than `Upload-Length`',
        422: 'The file is refused (not CSV, no sku column…): the import fails with the reason',
      },
    },
    {
      method: 'delete',
      path: '/uploads/:id',
      tags,
      summary: 'Stop a resumable upload (tus termination): cancels its import',
      description: `${TUS_NOTE} Rows already applied stay, as with POST /imports/{id}/cancel.`,
      responses: { 204: { description: 'Cancelled' } },
      errors: { 404: 'No such upload' },
    },
    {
      method: 'options',
      path: '/uploads',
      tags,
      summary: 'What the tus server supports (versions, extensions, maximum size)',
      description: TUS_NOTE,
      responses: { 204: { description: '`Tus-Version`, `Tus-Extension`, `Tus-Max-Size` headers' } },
    },
  );
}

/**
 * The resumable upload endpoints (tus, /api/v1/uploads): the tus server of @tus/server over a
 * store whose uploads are imports (imports.tusStore.ts), locked across web processes through
 * PostgreSQL (imports.uploadLocks.repo.ts). Mounted after the API's authentication and rate limit.
 */
export async function createUploadsRoutes(deps: { services: AppServices; databaseUrl: string; logger: Logger }) {
  const { imports, config } = deps.services;
  const locks = await createUploadLocker({ databaseUrl: deps.databaseUrl, logger: deps.logger });
  const tus = new Server({
    path: UPLOADS_PATH,
    datastore: new ImportUploadStore(imports),
    locker: locks.locker,
    maxSize: config.IMPORT_MAX_BYTES,
    relativeLocation: true,
    namingFunction: () => randomUUID(),
    // Same origin only (the panel); scripts send no Origin.
    allowedOrigins: [],
  });
  const handle = (req: Request, res: Response) =>
    uploadRequestContext.run({ uploader: uploaderOf(req), contentEncoding: req.get('content-encoding') }, () => tus.handle(req, res));

  documentUploads();
  const router = Router();
  router.post('/uploads', handle);
  router.options('/uploads', handle);
  router.head('/uploads/:id', handle);
  router.patch('/uploads/:id', handle);
  router.delete('/uploads/:id', handle);
  return { router, close: locks.close };
}
