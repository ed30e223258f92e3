import React, { useCallback, useEffect, useRef, useState } from 'react';
import { Box, CheckBox, H2, Label, MessageBox, Text } from '@adminjs/design-system';
import ImportPreviewPanel from './ImportPreviewPanel.js';
import ImportProgressPanel, { isFinal, isSettled, type ImportView } from './ImportProgressPanel.js';
import { startResumableUpload, type UploadProgress } from './resumableUpload.js';

interface Speed {
  at: number;
  processed: number;
  rate: number | null;
}

const problemTitle = (text: string, status: number) => {
  try {
    const body = JSON.parse(text);
    return String(body.title ?? body.message ?? `HTTP ${status}`);
  } catch {
    return status === 413 ? 'The file is larger than the upload limit' : `HTTP ${status}`;
  }
};

const getJson = async (url: string) => {
  const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(problemTitle(await res.text(), res.status));
  return res.json();
};

/**
 * The Import page: drop or choose a CSV, watch the bytes go up, then follow the import live
 * (Server-Sent Events) to its summary. Imports already running (another tab, before a reload)
 * are found and followed too; running ones can be cancelled and failed ones retried.
 */
const ImportCsvPage: React.FC = () => {
  const [imports, setImports] = useState<ImportView[]>([]);
  /** Uploads this tab sends, by import (or by file name until the server named the import). */
  const [uploads, setUploads] = useState<Record<string, UploadProgress>>({});
  const tusUploads = useRef<Record<string, { abort: () => Promise<void>; start: () => void }>>({});
  const continueFor = useRef<ImportView | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [previewFirst, setPreviewFirst] = useState(false);
  const [busy, setBusy] = useState<Record<string, boolean>>({});
  const [speeds, setSpeeds] = useState<Record<string, number | null>>({});
  const speedRef = useRef<Record<string, Speed>>({});
  const streams = useRef<Record<string, EventSource>>({});
  const fileInput = useRef<HTMLInputElement>(null);

  const show = useCallback((imp: ImportView) => {
    const now = Date.now();
    const prev = speedRef.current[imp.id];
    let rate = prev?.rate ?? null;
    if (isFinal(imp)) rate = imp.durationMs ? imp.processedRows / (imp.durationMs / 1000) : rate;
    else if (prev && imp.processedRows > prev.processed && now > prev.at) {
      const instant = (imp.processedRows - prev.processed) / ((now - prev.at) / 1000);
      rate = prev.rate === null ? instant : 0.6 * prev.rate + 0.4 * instant;
    }
    if (!prev || imp.processedRows !== prev.processed) speedRef.current[imp.id] = { at: now, processed: imp.processedRows, rate };
    setSpeeds((s) => ({ ...s, [imp.id]: rate }));
    setImports((list) => {
      const others = list.filter((i) => i.id !== imp.id);
      return [...others, imp].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    });
  }, []);

  /** Follows one import over SSE until it ends or waits as a preview. */
  const follow = useCallback(
    (id: string) => {
      if (streams.current[id]) return;
      const source = new EventSource(`/api/v1/imports/${id}/events`);
      streams.current[id] = source;
      source.addEventListener('progress', (event) => {
        const imp = JSON.parse((event as MessageEvent).data) as ImportView;
        show(imp);
        if (isSettled(imp)) {
          source.close();
          delete streams.current[id];
        }
      });
      source.onerror = () => {
        if (source.readyState !== EventSource.CLOSED) return; // the browser reconnects by itself
        delete streams.current[id];
        setTimeout(
          () =>
            getJson(`/api/v1/imports/${id}`)
              .then((imp: ImportView) => (show(imp), isSettled(imp) || follow(id)))
              .catch(() => {}),
          2000,
        );
      };
    },
    [show],
  );

  /** Imports running now (from any tab or API client), previews waiting to be applied, plus the latest few. */
  const discover = useCallback(async () => {
    const pages = await Promise.all(
      ['status=processing&perPage=50', 'status=queued&perPage=50', 'status=previewed&perPage=20', 'perPage=3'].map((q) =>
        getJson(`/api/v1/imports?${q}`).catch(() => ({ data: [] })),
      ),
    );
    for (const page of pages) {
      for (const imp of page.data as ImportView[]) {
        show(imp);
        if (!isSettled(imp)) follow(imp.id);
      }
    }
  }, [show, follow]);

  useEffect(() => {
    void discover();
    const timer = setInterval(() => void discover(), 5000);
    return () => {
      clearInterval(timer);
      for (const s of Object.values(streams.current)) s.close();
      streams.current = {};
    };
  }, [discover]);

  /**
   * Uploads with tus (resumable, gzip-compressed when the browser can): the import exists as soon
   * as the upload starts and is followed live; a stopped upload can be continued from its card.
   */
  const send = async (file: File, continueImp?: ImportView) => {
    setRefusal(null);
    if (continueImp && (file.name !== continueImp.filename || file.size !== continueImp.sizeBytes)) {
      setRefusal(
        `${file.name} is not the file of this upload: choose ${continueImp.filename} (${continueImp.sizeBytes.toLocaleString('en-US')} bytes) to continue it.`,
      );
      return;
    }
    let key = continueImp?.id ?? `file:${file.name}`;
    const upload = await startResumableUpload(file, {
      continueUrl: continueImp?.uploadUrl ?? undefined,
      preview: !continueImp && previewFirst,
      onChange: (p) => {
        if (p.importId && key !== p.importId) {
          const old = key;
          key = p.importId;
          tusUploads.current[key] = tusUploads.current[old]!;
          delete tusUploads.current[old];
          setUploads((u) => Object.fromEntries(Object.entries(u).filter(([k]) => k !== old)));
          void getJson(`/api/v1/imports/${key}`)
            .then((imp: ImportView) => (show(imp), follow(imp.id)))
            .catch(() => {});
        }
        setUploads((u) => ({ ...u, [key]: p }));
        if (p.state === 'done') delete tusUploads.current[key];
      },
    });
    tusUploads.current[key] = upload;
  };

  // Leaving the page (reload, close, another page) while bytes are going up: the browser asks first.
  const uploading = Object.values(uploads).some((u) => u.state === 'uploading');
  useEffect(() => {
    if (!uploading) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = 'The file is still uploading. If you leave, you can continue it later by choosing the same file again.';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [uploading]);

  const act = async (imp: ImportView, verb: 'cancel' | 'retry' | 'apply') => {
    setBusy((b) => ({ ...b, [imp.id]: true }));
    try {
      const res = await fetch(`/api/v1/imports/${imp.id}/${verb}`, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } });
      const text = await res.text();
      if (!res.ok) throw new Error(problemTitle(text, res.status));
      const updated = JSON.parse(text) as ImportView;
      show(updated);
      if (!isSettled(updated)) follow(updated.id);
    } catch (e) {
      const what = imp.status === 'previewed' && verb === 'cancel' ? 'discard the preview of' : verb;
      setRefusal(`Could not ${what} ${imp.filename}: ${(e as Error).message}`);
    } finally {
      setBusy((b) => ({ ...b, [imp.id]: false }));
    }
  };

  const pick = (files: FileList | null) => {
    const file = files?.[0];
    const target = continueFor.current;
    continueFor.current = null;
    if (file) void send(file, target ?? undefined);
    if (fileInput.current) fileInput.current.value = '';
  };

  /** "Continue upload": the same file is chosen again (a browser cannot reopen it by itself after a reload). */
  const chooseToContinue = (imp: ImportView) => {
    const stopped = tusUploads.current[imp.id];
    if (stopped) {
      // Still this tab's file (a dropped network, not a reload): no need to choose it again.
      setUploads((u) => ({ ...u, [imp.id]: { ...u[imp.id]!, state: 'uploading', message: null } }));
      stopped.start();
      return;
    }
    continueFor.current = imp;
    fileInput.current?.click();
  };
  const pending = Object.entries(uploads).filter(([k, u]) => k.startsWith('file:') && u.state !== 'done');
  return (
    <Box variant="grey">
      <Box variant="white" p="xl" mb="lg">
        <H2>Import products from a CSV file</H2>
        <Text mb="lg" color="grey60">
          Columns: <code>sku</code> and <code>name</code> (both required), <code>description</code>, <code>active</code> (true/false, yes/no or 1/0; empty means
          true). A product whose SKU already exists (in any letter case) is updated; invalid rows are rejected and can be downloaded afterwards.
        </Text>
        <Box flex flexDirection="row" alignItems="center" mb="lg" data-testid="import-preview-first">
          <CheckBox id="import-preview-first" checked={previewFirst} onChange={() => setPreviewFirst((v) => !v)} data-testid="import-preview-first-checkbox" />
          <Label inline htmlFor="import-preview-first" ml="default" mb="0" style={{ fontSize: 14 }}>
            <span style={{ fontWeight: 700 }}>Preview first</span>
            <span style={{ color: '#898A9A' }}> — see what the file would create and change, then apply or discard it. Nothing changes until you apply.</span>
          </Label>
        </Box>
        <div
          data-testid="import-dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            pick(e.dataTransfer.files);
          }}
          onClick={() => fileInput.current?.click()}
          style={{
            border: `2px dashed ${dragging ? '#3040d6' : '#c0c0ca'}`,
            background: dragging ? '#f0f1fc' : '#fafafc',
            borderRadius: 8,
            padding: 40,
            textAlign: 'center',
            cursor: 'pointer',
          }}
        >
          <Text fontSize="lg" fontWeight="bold">
            Drop a CSV file here
          </Text>
          <Text color="grey60">or click to choose one (.csv, or compressed .csv.gz)</Text>
          <input
            ref={fileInput}
            type="file"
            accept=".csv,.csv.gz,text/csv,application/gzip"
            data-testid="import-file"
            style={{ display: 'none' }}
            onChange={(e) => pick(e.target.files)}
          />
        </div>
        {pending.map(([k, u]) => (
          <Box mt="lg" data-testid="upload-progress" key={k}>
            <Text mb="sm">{u.state === 'stopped' ? `${u.filename} could not be uploaded: ${u.message}` : `Starting the upload of ${u.filename}…`}</Text>
          </Box>
        ))}
        {refusal && <MessageBox mt="lg" variant="danger" message={refusal} onCloseClick={() => setRefusal(null)} data-testid="import-refusal" />}
      </Box>
      {imports.map((imp) =>
        imp.status === 'previewed' ? (
          <ImportPreviewPanel key={imp.id} imp={imp} busy={!!busy[imp.id]} onApply={() => void act(imp, 'apply')} onDiscard={() => void act(imp, 'cancel')} />
        ) : (
          <ImportProgressPanel
            key={imp.id}
            imp={imp}
            rowsPerSecond={speeds[imp.id] ?? null}
            busy={!!busy[imp.id]}
            onCancel={() => {
              void tusUploads.current[imp.id]?.abort();
              void act(imp, 'cancel');
            }}
            onRetry={() => void act(imp, 'retry')}
            upload={uploads[imp.id]}
            onContinue={() => chooseToContinue(imp)}
            onUploadAgain={() => fileInput.current?.click()}
          />
        ),
      )}
    </Box>
  );
};

export default ImportCsvPage;
