import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { Router, type Request, type Response } from 'express';
import { documentedRoute } from '../http/openapi.js';
import { AppError, badRequest } from '../lib/errors.js';
import type { AppServices } from '../services.js';
import { payloadTooLarge } from './csvStream.js';
import {
  changesPageSchema,
  importIdParams,
  importPageSchema,
  importSchema,
  listChangesQuery,
  listImportsQuery,
  uploadQuery,
  type ImportJson,
} from './imports.schemas.js';
import type { Uploader } from './imports.service.js';
import { isSettled } from './imports.states.js';
import { sendCsv } from '../http/csvResponse.js';
import { csvText } from '../lib/csv.js';

const RAW_CSV_TYPES = /^(text\/csv|text\/plain|application\/csv|application\/vnd\.ms-excel|application\/octet-stream|application\/(x-)?gzip)\b/i;
/** Nothing more will change unless someone acts: the import settled and no revert runs. */
const atRest = (imp: ImportJson) => isSettled(imp.status) && imp.revertStatus !== 'running';

/** Who uploads: the admin of the panel session, or the API token. */
export function uploaderOf(req: Request): Uploader {
  const p = req.principal;
  if (p?.kind === 'admin') return { email: p.admin.email, adminUserId: Number(p.admin.id), apiTokenId: null };
  if (p?.kind === 'token') return { email: null, adminUserId: null, apiTokenId: p.token.tokenId };
  return { email: null, adminUserId: null, apiTokenId: null };
}

/** The `file` part of a multipart body, as a stream (the body is never buffered whole). */
function multipartFile(req: Request, maxBytes: number): Promise<{ stream: Readable; filename: string }> {
  return new Promise((resolve, reject) => {
    const bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes + 1 } });
    let found = false;
    bb.on('file', (field, stream, info) => {
      if (field !== 'file' || found) {
        stream.resume();
        return;
      }
      found = true;
      resolve({ stream, filename: info.filename || 'upload.csv' });
    });
    bb.on('error', (err) => reject(badRequest(`Unreadable multipart body: ${(err as Error).message}`)));
    bb.on('close', () => {
      if (!found) reject(badRequest('The multipart body has no "file" field: send the CSV as form field "file"'));
    });
    req.pipe(bb);
  });
}

/** Server-Sent Events: the state now, then every change (and at least every second) until it ends. */
async function streamProgress(req: Request, res: Response, load: () => Promise<ImportJson>): Promise<void> {
  let current = await load();
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  const send = (state: ImportJson) => res.write(`event: progress\nid: ${Date.now()}\ndata: ${JSON.stringify(state)}\n\n`);
  send(current);
  if (atRest(current)) return void res.end();
  let lastSent = Date.now();
  let lastBeat = Date.now();
  let closed = false;
  req.on('close', () => (closed = true));
  while (!closed) {
    await new Promise((r) => setTimeout(r, 250));
    const next = await load().catch(() => current);
    const changed = JSON.stringify(next) !== JSON.stringify(current);
    if (changed || Date.now() - lastSent >= 1000) {
      current = next;
      send(current);
      lastSent = Date.now();
    }
    if (Date.now() - lastBeat >= 10_000) {
      res.write(': heartbeat\n\n');
      lastBeat = Date.now();
    }
    if (atRest(current)) break;
  }
  res.end();
}

/** The file name of a download about an import: its upload's name without the extension, and what it is. */
const downloadName = (filename: string, what: string) => `${filename.replace(/\.[^.]*$/, '')}-${what}.csv`;

const tags = ['Imports'];

/** /api/v1/imports: upload, list, progress (JSON and SSE), rejected rows, retry, cancel. */
export function importsRoutes(services: AppServices): Router {
  const router = Router();
  const { imports, config } = services;
  const maxBytes = config.IMPORT_MAX_BYTES;

  documentedRoute(
    router,
    {
      method: 'post',
      path: '/imports',
      tags,
      summary: 'Upload a products CSV',
      description:
        'Streams the file into staging and answers once the whole body is read; rows are applied in the background while it uploads. Send `multipart/form-data` with field `file`, or a raw `text/csv` body with `?filename=`. The file may be gzip-compressed: with `Content-Encoding: gzip`, or as a `.csv.gz` (recognised by its first bytes); it is decompressed while it streams, and IMPORT_MAX_BYTES applies to the decompressed CSV. For uploads that must survive a broken connection, use the resumable endpoint `/uploads` (tus).',
      query: uploadQuery,
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } },
          'text/csv': { schema: { type: 'string' } },
          'application/gzip': { schema: { type: 'string', format: 'binary' } },
        },
      },
      responses: {
        202: {
          description: 'Accepted; follow Location or the events stream',
          schema: importSchema,
          headers: { Location: { description: 'URL of the import' } },
        },
      },
      errors: {
        400: 'Multipart body without a file field',
        413: 'Larger than IMPORT_MAX_BYTES (decompressed, for gzip)',
        415: 'Neither multipart/form-data nor a CSV body',
        422: 'Invalid query, or file refused (empty, no sku/name column, binary, not UTF-8); then `importId` names the failed import',
      },
    },
    async ({ query }, req, res) => {
      const declared = Number(req.get('content-length') ?? 0);
      if (declared > maxBytes + 64 * 1024) {
        res.set('Connection', 'close');
        throw payloadTooLarge(maxBytes);
      }
      const type = req.get('content-type') ?? '';
      let upload: { stream: Readable; filename: string };
      if (/^multipart\/form-data/i.test(type)) upload = await multipartFile(req, maxBytes);
      else if (RAW_CSV_TYPES.test(type)) upload = { stream: req, filename: query.filename ?? 'upload.csv' };
      else throw new AppError(415, 'unsupported_media_type', 'Send the CSV as multipart/form-data (field "file") or as a text/csv (or application/gzip) body');
      try {
        const imp = await imports.uploadImport({
          filename: upload.filename,
          sizeBytes: declared,
          source: upload.stream,
          uploader: uploaderOf(req),
          compressed: /\bgzip\b/i.test(req.get('content-encoding') ?? ''),
          mode: query.preview ? 'preview' : 'apply',
          recordChanges: query.recordChanges,
        });
        res.status(202).location(`/api/v1/imports/${imp.id}`).json(imp);
      } catch (err) {
        // The rest of the body is not wanted: answer now and close the connection.
        res.set('Connection', 'close');
        req.unpipe();
        req.resume();
        throw err;
      }
    },
  );

  documentedRoute(
    router,
    {
      method: 'get',
      path: '/imports',
      tags,
      summary: 'List imports, newest first',
      query: listImportsQuery,
      responses: { 200: { description: 'One page', schema: importPageSchema } },
    },
    async ({ query }, _req, res) => {
      res.json(await imports.listImports(query));
    },
  );

  documentedRoute(
    router,
    {
      method: 'get',
      path: '/imports/:id',
      tags,
      summary: 'An import with its progress and counts',
      params: importIdParams,
      responses: { 200: { description: 'The import', schema: importSchema } },
      errors: { 404: 'No such import' },
    },
    async ({ params }, _req, res) => {
      res.json(await imports.getImport(params.id));
    },
  );

  documentedRoute(
    router,
    {
      method: 'get',
      path: '/imports/:id/events',
      tags,
      summary: 'Progress as Server-Sent Events',
      params: importIdParams,
      description:
        '`event: progress` with the import JSON on connect, on every change and at least every second while it runs; `: heartbeat` comments; the stream ends at completed, failed or cancelled.',
      responses: { 200: { description: 'An event stream', contentType: 'text/event-stream' } },
      errors: { 404: 'No such import' },
    },
    async ({ params }, req, res) => {
      await streamProgress(req, res, () => imports.getImport(params.id));
    },
  );

  documentedRoute(
    router,
    {
      method: 'get',
      path: '/imports/:id/errors',
      tags,
      summary: 'Rejected rows as CSV',
      params: importIdParams,
      description: 'The original columns, then `line` and `reason`, in file order: fix and upload again.',
      responses: { 200: { description: 'CSV', contentType: 'text/csv' } },
      errors: { 404: 'No such import', 410: 'Deleted: rejected rows are kept RETENTION_DAYS_IMPORT_ERRORS days after the import ends' },
    },
    async ({ params }, req, res) => {
      const { row, stream } = await imports.rejectedRows(params.id);
      const columns = row.header_columns;
      const rows = (async function* () {
        for await (const e of stream) yield [...columns.map((c) => e.fields[c] ?? ''), e.line_no, e.reason];
      })();
      await sendCsv(req, res, downloadName(row.filename, 'rejected'), csvText([...columns, 'line', 'reason'], rows));
    },
  );

  documentedRoute(
    router,
    {
      method: 'post',
      path: '/imports/:id/apply',
      tags,
      summary: 'Apply a previewed import',
      params: importIdParams,
      description:
        'Applies the staged rows of a `previewed` import without uploading the file again, against the catalogue as it is now: the result is that of importing the same file at this moment.',
      responses: {
        202: { description: 'Queued; follow Location or the events stream', schema: importSchema, headers: { Location: { description: 'URL of the import' } } },
      },
      errors: { 404: 'No such import', 409: 'Not previewed (already applied, cancelled or expired)' },
    },
    async ({ params }, _req, res) => {
      res
        .status(202)
        .location(`/api/v1/imports/${params.id}`)
        .json(await imports.applyPreview(params.id));
    },
  );

  documentedRoute(
    router,
    {
      method: 'get',
      path: '/imports/:id/changes',
      tags,
      summary: 'What an import created and changed (or a preview would)',
      params: importIdParams,
      query: listChangesQuery,
      description: 'In product id order, with the values before and after. For a previewed import: examples of what applying it would change.',
      responses: { 200: { description: 'One page', schema: changesPageSchema } },
      errors: { 404: 'No such import' },
    },
    async ({ params, query }, _req, res) => {
      res.json(await imports.listChanges(params.id, query));
    },
  );

  documentedRoute(
    router,
    {
      method: 'get',
      path: '/imports/:id/changes.csv',
      tags,
      summary: 'Every change of an import as CSV',
      params: importIdParams,
      description:
        'Columns `sku,action,field,before,after,state`: one line per field of a created product and per changed field of an updated one. `state` says what the product holds now (`as-imported`, `changed-since`, `deleted-since`); `after` is known (and filled) only while it is `as-imported`.',
      responses: { 200: { description: 'CSV', contentType: 'text/csv' } },
      errors: { 404: 'No such import', 409: 'A preview (nothing changed yet)' },
    },
    async ({ params }, req, res) => {
      const { row, lines } = await imports.changesCsv(params.id);
      await sendCsv(req, res, downloadName(row.filename, 'changes'), csvText(['sku', 'action', 'field', 'before', 'after', 'state'], lines));
    },
  );

  documentedRoute(
    router,
    {
      method: 'post',
      path: '/imports/:id/revert',
      tags,
      summary: 'Revert an import (background job)',
      params: importIdParams,
      description:
        'Restores every product the import updated to its previous values and deletes every product it created, except products changed since by anyone (those are left as they are and listed in /revert/conflicts.csv). Follow `revertStatus` on the import.',
      responses: { 202: { description: 'Revert queued', schema: importSchema, headers: { Location: { description: 'URL of the import' } } } },
      errors: { 404: 'No such import', 409: 'Still running, only previewed, already reverted or being reverted, or its changes were not recorded' },
    },
    async ({ params }, req, res) => {
      res
        .status(202)
        .location(`/api/v1/imports/${params.id}`)
        .json(await imports.revertImport(params.id, uploaderOf(req).email));
    },
  );

  documentedRoute(
    router,
    {
      method: 'post',
      path: '/imports/:id/revert/cancel',
      tags,
      summary: 'Stop a running revert between chunks (what was reverted stays reverted)',
      params: importIdParams,
      responses: { 202: { description: 'Cancelled', schema: importSchema } },
      errors: { 404: 'No such import', 409: 'No revert running' },
    },
    async ({ params }, _req, res) => {
      res.status(202).json(await imports.cancelRevert(params.id));
    },
  );

  documentedRoute(
    router,
    {
      method: 'get',
      path: '/imports/:id/revert/conflicts.csv',
      tags,
      summary: 'Products a revert left alone, with the reason',
      params: importIdParams,
      responses: { 200: { description: 'CSV with columns `product_id,sku,action,reason`', contentType: 'text/csv' } },
      errors: { 404: 'No such import' },
    },
    async ({ params }, req, res) => {
      const { row, stream } = await imports.revertConflicts(params.id);
      const rows = (async function* () {
        for await (const c of stream) yield [c.product_id, c.sku, c.action, c.reason];
      })();
      await sendCsv(req, res, downloadName(row.filename, 'revert-conflicts'), csvText(['product_id', 'sku', 'action', 'reason'], rows));
    },
  );

  documentedRoute(
    router,
    {
      method: 'post',
      path: '/imports/:id/retry',
      tags,
      summary: 'Resume a failed import from its last committed chunk',
      params: importIdParams,
      responses: { 202: { description: 'Queued again', schema: importSchema } },
      errors: { 404: 'No such import', 409: 'Not failed, or its staged data is gone' },
    },
    async ({ params }, _req, res) => {
      res.status(202).json(await imports.retryImport(params.id));
    },
  );

  documentedRoute(
    router,
    {
      method: 'post',
      path: '/imports/:id/cancel',
      tags,
      summary: 'Stop an import between chunks (committed rows stay)',
      params: importIdParams,
      responses: { 202: { description: 'Cancelled', schema: importSchema } },
      errors: { 404: 'No such import', 409: 'Already ended' },
    },
    async ({ params }, _req, res) => {
      res.status(202).json(await imports.cancelImport(params.id));
    },
  );

  return router;
}
