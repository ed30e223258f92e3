/**
 * What the panel's import screens send to and read from /api/v1/imports (with the panel's session):
 * the shapes they share and one way to call the API, so every screen shows the server's own
 * problem+json `title` ("Import … has already been reverted") as it is.
 */

/** One field of a product, before → after (before is null for a created product). */
export interface FieldChange {
  field: 'sku' | 'name' | 'description' | 'active';
  before: string | boolean | null;
  after: string | boolean | null;
}

/** What an import did, or a preview would do, to one product (GET /imports/:id/changes). */
export interface ProductChange {
  productId: number | null;
  sku: string;
  action: 'created' | 'updated';
  changes: FieldChange[];
  /** Recorded changes only: what the product holds now; `after` is known only while it is as the import left it. */
  state?: 'as-imported' | 'reverted' | 'changed-since' | 'deleted-since';
}

export interface ChangesPage {
  preview: boolean;
  counts: { created: number; updated: number };
  data: ProductChange[];
  nextAfter: number | null;
}

/** The server's words for a refused request (problem+json `title`), or the HTTP status. */
export function problemTitle(text: string, status: number): string {
  try {
    const body = JSON.parse(text);
    return String(body.title ?? body.message ?? `HTTP ${status}`);
  } catch {
    return status === 413 ? 'The file is larger than the upload limit' : `HTTP ${status}`;
  }
}

/** Calls the API with the session; resolves to the JSON body, or throws an Error with the server's message. */
export async function callApi<T>(url: string, method: 'GET' | 'POST' = 'GET'): Promise<T> {
  const res = await fetch(url, { method, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const text = await res.text();
  if (!res.ok) throw new Error(problemTitle(text, res.status));
  return JSON.parse(text) as T;
}

/** The page of an import in the panel (its details, what it changed, revert). */
export const importPageUrl = (id: string) => `/admin/resources/imports/records/${id}/show`;
