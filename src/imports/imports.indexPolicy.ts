/**
 * When an import should drop the products' secondary indexes, load in bulk, and rebuild them
 * before it completes, instead of maintaining them row by row. Pure; the numbers behind it are in
 * docs/IMPORTS.md ("Index design"): on our 2-core machines maintaining the secondary indexes costs
 * about 43 µs per written row, rebuilding them about 13 µs per product in the table, so a rebuild
 * pays once an import writes more than ~30% of the catalogue.
 */
export const REBUILD_WHEN_WRITES_REACH = 0.3;

export interface IndexPolicyInput {
  /** Records the file holds (exact once uploaded, else estimated from the bytes read so far). */
  estimatedRows: number;
  /** Records already applied (or rejected) by every partition. */
  processedRows: number;
  /** Valid rows applied so far, and how many of them were written (created or changed). */
  appliedRows: number;
  writtenRows: number;
  /** Products in the table now. */
  catalogueSize: number;
  /** Below this many expected writes the indexes are always maintained (IMPORT_BULK_MIN_ROWS). */
  minRows: number;
}

/**
 * The writes still to come: the share of rows written so far applied to the rest; before any row
 * was applied, the rows that cannot all match an existing product (the file's excess over the
 * table), so a re-import of an unchanged catalogue starts by maintaining the indexes and finds out.
 */
export function expectedWrites(i: IndexPolicyInput): number {
  const remaining = Math.max(0, i.estimatedRows - i.processedRows);
  if (i.appliedRows > 0) return (remaining * i.writtenRows) / i.appliedRows;
  return Math.max(0, remaining - i.catalogueSize);
}

/** True when the rest of this import should run with the secondary indexes dropped. */
export function shouldLoadInBulk(i: IndexPolicyInput): boolean {
  const writes = expectedWrites(i);
  return writes >= i.minRows && writes >= REBUILD_WHEN_WRITES_REACH * i.catalogueSize;
}

/** The file's records, estimated from what was staged so far and the upload's declared size. */
export function estimateRows(imp: { upload_complete: boolean; total_rows: number; staged_through: number; staged_bytes: number; size_bytes: number }): number {
  if (imp.upload_complete) return imp.total_rows;
  const bytes = Number(imp.staged_bytes);
  const size = Number(imp.size_bytes);
  if (bytes > 0 && size > bytes) return Math.round((imp.staged_through * size) / bytes);
  return imp.staged_through;
}
