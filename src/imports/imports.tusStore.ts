import { AsyncLocalStorage } from 'node:async_hooks';
import type { Readable } from 'node:stream';
import { DataStore, ERRORS, Upload } from '@tus/server';
import { AppError } from '../lib/errors.js';
import type { NewUpload, ResumableState, Uploader } from './imports.uploads.service.js';

/** What the tus handlers cannot pass to the store: who is calling, and how the body is encoded. */
export interface UploadRequestContext {
  uploader: Uploader;
  contentEncoding: string | undefined;
}

/** The Express request's context, for the store's calls made while tus handles that request. */
export const uploadRequestContext = new AsyncLocalStorage<UploadRequestContext>();

/** The part of the imports service the store uses. */
export interface ResumableImports {
  createResumableUpload(input: NewUpload & { id: string }): Promise<string>;
  resumableState(id: string): Promise<ResumableState | null>;
  continueUpload(id: string, offset: number, body: AsyncIterable<Buffer>, opts: { compressed?: boolean }): Promise<number>;
  cancelImport(id: string): Promise<unknown>;
}

const booleanMeta = (v: string | null | undefined) => (v === undefined || v === null ? undefined : v === 'true' || v === '1');

/** tus's error shape from ours: the status and our sentence (tus answers it as text/plain). */
const tusError = (err: unknown) => (err instanceof AppError ? { status_code: err.status, body: `${err.message}\n` } : err);

/**
 * tus DataStore whose uploads are imports: it keeps no byte of a file. An upload's offset is
 * where staging stands (just past the last staged record, see imports.staging.ts); a PATCH is
 * parsed and staged as it arrives, and whatever follows the last complete record is sent again
 * by the client from the offset it is told. Everything lives in PostgreSQL, so any web process
 * can continue any upload.
 */
export class ImportUploadStore extends DataStore {
  constructor(private readonly imports: ResumableImports) {
    super();
    this.extensions = ['creation', 'creation-with-upload', 'termination'];
  }

  override async create(upload: Upload): Promise<Upload> {
    const ctx = uploadRequestContext.getStore();
    if (!ctx) throw ERRORS.UNKNOWN_ERROR;
    const meta = upload.metadata ?? {};
    try {
      await this.imports.createResumableUpload({
        id: upload.id,
        filename: meta.filename ?? meta.name ?? 'upload.csv',
        sizeBytes: upload.size ?? 0,
        uploader: ctx.uploader,
        mode: booleanMeta(meta.preview) ? 'preview' : 'apply',
        recordChanges: booleanMeta(meta.recordChanges),
      });
    } catch (err) {
      throw tusError(err);
    }
    return upload;
  }

  override async getUpload(id: string): Promise<Upload> {
    const state = await this.imports.resumableState(id);
    if (!state) throw ERRORS.FILE_NOT_FOUND;
    if (state.gone) throw ERRORS.FILE_NO_LONGER_EXISTS;
    return new Upload({ id, size: state.size, offset: state.offset, metadata: { filename: state.filename }, creation_date: state.createdAt.toISOString() });
  }

  override async write(stream: Readable, id: string, offset: number): Promise<number> {
    const encoding = uploadRequestContext.getStore()?.contentEncoding;
    try {
      return await this.imports.continueUpload(id, offset, stream, { compressed: /\bgzip\b/i.test(encoding ?? '') });
    } catch (err) {
      throw tusError(err);
    }
  }

  /** DELETE (termination): the import is cancelled; rows already applied stay, as with Cancel. */
  override async remove(id: string): Promise<void> {
    if (!(await this.imports.resumableState(id))) throw ERRORS.FILE_NOT_FOUND;
    await this.imports.cancelImport(id).catch((err: unknown) => {
      if (!(err instanceof AppError && err.status === 409)) throw err; // already ended: nothing to stop
    });
  }
}
