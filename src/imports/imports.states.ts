/**
 * The one vocabulary of imports: statuses, phases, modes, revert statuses and change actions.
 * Types, zod and OpenAPI enums, SQL parameters and what the panel receives are derived from these
 * lists (the migrations' CHECK constraints are history and spell them out once more).
 */

export const IMPORT_STATUSES = ['queued', 'processing', 'previewed', 'completed', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** An import in one of these has ended for good: nothing applies it any more. */
export const FINAL_STATUSES = ['completed', 'failed', 'cancelled'] as const satisfies readonly ImportStatus[];
export const isFinal = (status: string): boolean => (FINAL_STATUSES as readonly string[]).includes(status);

/** Nothing runs for an import in these: it has ended, or it waits for someone to apply its preview. */
export const SETTLED_STATUSES = ['previewed', ...FINAL_STATUSES] as const satisfies readonly ImportStatus[];
export const isSettled = (status: string): boolean => (SETTLED_STATUSES as readonly string[]).includes(status);

export const IMPORT_PHASES = ['uploading', 'waiting', 'comparing', 'importing', 'finishing', 'done'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

/** `preview` stages and compares without changing a product; `apply` imports. */
export const IMPORT_MODES = ['apply', 'preview'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const REVERT_STATUSES = ['running', 'completed', 'failed', 'cancelled'] as const;
export type RevertStatus = (typeof REVERT_STATUSES)[number];

/** What an import did to one product. */
export const CHANGE_ACTIONS = ['created', 'updated'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/**
 * What a product an import changed holds now: as the import left it, put back by this import's
 * revert, changed since (by anyone), or deleted since.
 */
export const CHANGE_STATES = ['as-imported', 'reverted', 'changed-since', 'deleted-since'] as const;
export type ChangeState = (typeof CHANGE_STATES)[number];

/** The product fields an import writes, in CSV order. */
export const PRODUCT_FIELDS = ['sku', 'name', 'description', 'active'] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];

/** A recorded change's `changed` column: one bit per field, in PRODUCT_FIELDS order (sku 1, name 2, description 4, active 8). */
export const fieldBit = (field: ProductField): number => 1 << PRODUCT_FIELDS.indexOf(field);
export const ALL_FIELD_BITS = PRODUCT_FIELDS.reduce((bits, f) => bits | fieldBit(f), 0);
