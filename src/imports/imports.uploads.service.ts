import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Config } from '../../config/env.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError, conflict, notFound } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { FileRejectedError } from './csvRows.js';
import { endAtCutOff, gunzipIfCompressed } from './gzip.js';
import type { ImportRow, ImportsRepo } from './imports.repo.js';
import type { ImportJson } from './imports.schemas.js';
import { stageUpload, type StageResult } from './imports.staging.js';
import { isFinal, type ImportMode } from './imports.states.js';

export interface Uploader {
  email: string | null;
  adminUserId: number | null;
  apiTokenId: number | null;
}

/** What a new import is told about its file. */
export interface NewUpload {
  filename: string;
  sizeBytes: number;
  uploader: Uploader;
  mode?: ImportMode;
  recordChanges?: boolean;
}

/** A resumable upload as the tus store reports it. */
export interface ResumableState {
  id: string;
  /** The file offset the next bytes must start at. */
  offset: number;
  size: number;
  filename: string;
  createdAt: Date;
  /** The import ended before its upload completed (cancelled, abandoned, refused): it cannot be continued. */
  gone: boolean;
}

export interface UploadsDeps {
  databaseUrl: string;
  repo: ImportsRepo;
  jobs: JobQueue;
  logger: Logger;
  config: Pick<Config, 'IMPORT_CHUNK_SIZE' | 'IMPORT_MAX_BYTES' | 'IMPORT_PARTITIONS' | 'IMPORT_RECORD_CHANGES' | 'IMPORT_UPLOAD_ABANDON_AFTER_MS'>;
  enqueueAppliers: (imp: Pick<ImportRow, 'id' | 'partitions'>) => Promise<void>;
  finalize: (id: string, status: 'failed', error: string) => Promise<unknown>;
  /** The import as the API shows it (toImportJson with the app's retention). */
  toJson: (row: ImportRow) => ImportJson;
}

const n = (v: number) => Math.round(v).toLocaleString('en-US');

/**
 * Uploads into staging: the plain request (the whole file in one body, optionally gzip) and the
 * resumable one (tus: an import created first, then its bytes in any number of requests, each
 * continuing where staging stopped), and the rule that abandons uploads that stopped arriving.
 */
export function createUploadsService(deps: UploadsDeps) {
  const { repo, jobs, config } = deps;

  async function createImport(input: NewUpload & { id?: string; resumable?: boolean }): Promise<ImportRow> {
    const imp = await repo.insert({
      ...(input.id ? { id: input.id } : {}),
      mode: input.mode ?? 'apply',
      records_changes: input.recordChanges ?? config.IMPORT_RECORD_CHANGES,
      filename: input.filename.slice(0, 500) || 'upload.csv',
      size_bytes: input.sizeBytes,
      chunk_size: config.IMPORT_CHUNK_SIZE,
      partitions: config.IMPORT_PARTITIONS,
      resumable: input.resumable ?? false,
      uploaded_by: input.uploader.email,
      admin_user_id: input.uploader.adminUserId,
      api_token_id: input.uploader.apiTokenId,
    });
    await repo.createStaging(imp);
    return imp;
  }

  /** Stages bytes from where the import's staging stands; appliers are queued when none waits. */
  async function stage(imp: ImportRow, source: AsyncIterable<Buffer>, fileSize?: number): Promise<StageResult> {
    const result = await stageUpload({
      databaseUrl: deps.databaseUrl,
      imp,
      source,
      maxBytes: config.IMPORT_MAX_BYTES,
      fileSize,
      onChunkStaged: async (_through, appliersIdle) => {
        if (appliersIdle && imp.mode !== 'preview') await deps.enqueueAppliers(imp);
      },
      onBytesArriving: () => void repo.touchUpload(imp.id).catch(() => {}),
    });
    // A preview is compared with the catalogue once the whole file is staged.
    if (result.complete && result.accepted && imp.mode === 'preview') await jobs.enqueue('imports.process', { importId: imp.id, applier: 0 });
    return result;
  }

  /** A refused file fails its import with the reason; the error then names the import. */
  async function failWith(imp: ImportRow, err: unknown): Promise<never> {
    const message = err instanceof AppError ? err.message : `The upload failed: ${(err as Error).message}`;
    await deps.finalize(imp.id, 'failed', message);
    if (err instanceof AppError) throw new AppError(err.status, err.code, err.message, { importId: imp.id });
    throw err;
  }

  return {
    /**
     * Creates an import and streams the upload into staging; the `imports.process` job starts
     * applying chunks as soon as the first one is staged. Resolves when the whole body is read.
     * The body may be gzip (`compressed`: Content-Encoding, or detected by its magic bytes).
     * A preview (`mode: 'preview'`) is compared with the catalogue by the job once the whole file
     * is staged, and then waits as `previewed`.
     */
    async uploadImport(input: NewUpload & { source: Readable; compressed?: boolean }) {
      let imp = await createImport(input);
      try {
        const source = gunzipIfCompressed(input.source, {
          declared: input.compressed,
          // The declared length was the compressed one: the file's size is known at its end.
          onGzip: async () => void (imp = (await repo.update(imp.id, { size_bytes: 0 })) ?? imp),
        });
        await stage(imp, source);
      } catch (err) {
        await failWith(imp, err);
      }
      return deps.toJson((await repo.findById(imp.id))!);
    },

    /** tus creation: a new import whose bytes arrive later, in as many requests as it takes. */
    async createResumableUpload(input: NewUpload & { id?: string }): Promise<string> {
      if (input.sizeBytes <= 0) throw new FileRejectedError('The file is empty');
      const imp = await createImport({ ...input, id: input.id ?? randomUUID(), resumable: true });
      deps.logger.info({ importId: imp.id, sizeBytes: input.sizeBytes }, 'resumable upload created');
      return imp.id;
    },

    /** Where a resumable upload stands (tus HEAD), or null when there is no such upload. */
    async resumableState(id: string): Promise<ResumableState | null> {
      const row = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findById(id) : undefined;
      if (!row?.resumable) return null;
      const size = Number(row.size_bytes);
      return {
        id: row.id,
        offset: row.upload_complete ? size : Number(row.staged_bytes),
        size,
        filename: row.filename,
        createdAt: new Date(row.created_at),
        gone: !row.upload_complete && isFinal(row.status),
      };
    },

    /**
     * tus PATCH: stages the bytes that start at `offset` (gzip when they say so) and answers the
     * new offset: just past the last record staged, or the file's size once all of it is. Bytes
     * after the last complete record are not kept: the client sends them again from there.
     */
    async continueUpload(id: string, offset: number, body: AsyncIterable<Buffer>, opts: { compressed?: boolean } = {}): Promise<number> {
      const imp = await repo.findById(id);
      if (!imp?.resumable) throw notFound(`Upload ${id}`);
      if (isFinal(imp.status) || imp.status === 'previewed' || imp.upload_complete) {
        throw conflict(
          imp.upload_complete
            ? 'This upload is complete'
            : `This upload can no longer be continued: its import ${imp.status === 'failed' ? `failed (${imp.error})` : 'was cancelled'}`,
        );
      }
      if (Number(imp.staged_bytes) !== offset) throw new AppError(409, 'offset_conflict', `The upload continues at byte ${imp.staged_bytes}, not ${offset}`);
      await repo.touchUpload(id);
      let result: StageResult;
      try {
        const source = gunzipIfCompressed(endAtCutOff(body), { declared: opts.compressed, cutOffEnds: true });
        result = await stage(imp, source, Number(imp.size_bytes));
      } catch (err) {
        // The file itself is refused (not CSV, too large, no sku column): the import fails as a plain upload's would.
        if (err instanceof AppError) return failWith(imp, err);
        throw err; // anything else (the database) leaves the upload to be continued
      }
      if (!result.accepted) {
        const now = await repo.findById(id);
        if (now && isFinal(now.status)) throw conflict(`The import ended while this upload was arriving (${now.status})`);
        throw new AppError(409, 'offset_conflict', 'Another request continued this upload meanwhile');
      }
      return result.offset;
    },

    /**
     * The abandon rule, for every kind of upload: one that received nothing for
     * IMPORT_UPLOAD_ABANDON_AFTER_MS fails, saying where it stopped (rows already applied stay).
     * Returns how many it abandoned.
     */
    async abandonStalledUploads(): Promise<number> {
      const minutes = Math.max(1, Math.round(config.IMPORT_UPLOAD_ABANDON_AFTER_MS / 60_000));
      const stalled = await repo.stalledUploads(config.IMPORT_UPLOAD_ABANDON_AFTER_MS);
      for (const row of stalled) {
        const size = Number(row.size_bytes);
        const where =
          size > 0
            ? `at ${Math.floor((Number(row.staged_bytes) * 100) / size)}% (${n(Number(row.staged_bytes))} of ${n(size)} bytes)`
            : `after ${n(Number(row.staged_bytes))} bytes`;
        const continued = row.resumable ? 'was not continued' : 'received nothing more';
        await deps.finalize(
          row.id,
          'failed',
          `The upload stopped ${where} and ${continued} within ${minutes} min. Rows already imported stay; upload the file again to import the rest.`,
        );
        deps.logger.warn({ importId: row.id, stagedBytes: row.staged_bytes, sizeBytes: row.size_bytes }, 'upload abandoned');
      }
      return stalled.length;
    },
  };
}
export type UploadsService = ReturnType<typeof createUploadsService>;
