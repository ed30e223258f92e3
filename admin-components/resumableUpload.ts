import * as tus from 'tus-js-client';

/** What the Import page shows of an upload this tab is sending. */
export interface UploadProgress {
  /** The import the upload created (known once the server answered the creation). */
  importId: string | null;
  filename: string;
  /** The file's size and the bytes of it the server has confirmed or is receiving. */
  size: number;
  sent: number;
  state: 'uploading' | 'stopped' | 'done';
  /** Why it stopped (the server's words when it said something). */
  message: string | null;
  /** The file travels gzip-compressed (CompressionStream). */
  compressed: boolean;
}

/** Each request carries this much of the file (compressed one by one); a cut costs at most one of them. */
const CHUNK_BYTES = 8 * 1024 * 1024;

export const canCompress = () => typeof CompressionStream === 'function';

/**
 * tus-js-client's requests, with each PATCH body gzip-compressed by the browser (CompressionStream).
 * Every body is one gzip stream of the file's bytes from the request's Upload-Offset, so the
 * server's offsets stay those of the file and a resumed upload continues exactly; progress is
 * reported in the file's bytes.
 */
class GzipHttpStack implements tus.HttpStack {
  private readonly inner = new tus.DefaultHttpStack({});
  getName = () => 'GzipHttpStack';
  createRequest(method: string, url: string): tus.HttpRequest {
    const req = this.inner.createRequest(method, url);
    if (method !== 'PATCH') return req;
    let onProgress: (sent: number) => void = () => {};
    return {
      getMethod: () => req.getMethod(),
      getURL: () => req.getURL(),
      setHeader: (h, v) => req.setHeader(h, v),
      getHeader: (h) => req.getHeader(h),
      setProgressHandler: (handler) => void (onProgress = handler),
      abort: () => req.abort(),
      getUnderlyingObject: () => req.getUnderlyingObject(),
      async send(body: Blob | null) {
        if (!body || !body.size) return req.send(body);
        const compressed = await new Response(body.stream().pipeThrough(new CompressionStream('gzip'))).blob();
        // A body that gzip does not shrink (a small file) goes as it is: tus counts the bytes sent against
        // the upload's length, and a compressed body larger than what remains is refused as too long.
        if (compressed.size >= body.size) {
          req.setProgressHandler((sent) => onProgress(sent));
          return req.send(body);
        }
        req.setHeader('Content-Encoding', 'gzip');
        req.setProgressHandler((sent) => onProgress(Math.floor((sent * body.size) / compressed.size)));
        return req.send(compressed);
      },
    };
  }
}

const reason = (err: Error) => {
  const body = (err as tus.DetailedError).originalResponse?.getBody()?.trim();
  const status = (err as tus.DetailedError).originalResponse?.getStatus();
  if (body && status && status >= 400 && status < 500) return body;
  return 'the connection was lost';
};

/**
 * Uploads `file` with tus to /api/v1/uploads, or continues the upload at `continueUrl`. A file
 * this browser started before (same name, size, date) continues where the server stands instead
 * of starting again (tus-js-client's fingerprint). Retries by itself for a while after a network
 * drop; past that it stops and can be continued.
 */
export async function startResumableUpload(
  file: File,
  opts: { continueUrl?: string; preview?: boolean; onChange: (p: UploadProgress) => void },
): Promise<tus.Upload> {
  const compressed = canCompress();
  const progress: UploadProgress = { importId: null, filename: file.name, size: file.size, sent: 0, state: 'uploading', message: null, compressed };
  const report = (patch: Partial<UploadProgress>) => {
    Object.assign(progress, patch);
    opts.onChange({ ...progress });
  };
  const upload = new tus.Upload(file, {
    endpoint: '/api/v1/uploads',
    uploadUrl: opts.continueUrl ?? null,
    chunkSize: CHUNK_BYTES,
    retryDelays: [0, 1_000, 3_000, 5_000, 10_000, 20_000, 30_000],
    metadata: { filename: file.name, ...(opts.preview ? { preview: 'true' } : {}) },
    ...(compressed ? { httpStack: new GzipHttpStack() } : {}),
    removeFingerprintOnSuccess: true,
    onUploadUrlAvailable: () => report({ importId: upload.url?.split('/').pop() ?? null }),
    onProgress: (sent) => report({ sent }),
    onSuccess: () => report({ sent: file.size, state: 'done' }),
    onError: (err) => report({ state: 'stopped', message: reason(err) }),
  });
  if (!opts.continueUrl) {
    const previous = await upload.findPreviousUploads();
    if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
  }
  report({});
  upload.start();
  return upload;
}
