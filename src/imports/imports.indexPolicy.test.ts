import { estimateRows, expectedWrites, shouldLoadInBulk, type IndexPolicyInput } from './imports.indexPolicy.js';

const base: IndexPolicyInput = { estimatedRows: 500_000, processedRows: 0, appliedRows: 0, writtenRows: 0, catalogueSize: 0, minRows: 100_000 };

describe('index policy', () => {
  it('loads a large file into an empty catalogue in bulk', () => {
    expect(shouldLoadInBulk(base)).toBe(true);
  });

  it('maintains the indexes for a small import into a large catalogue', () => {
    expect(shouldLoadInBulk({ ...base, estimatedRows: 20_000, catalogueSize: 500_000 })).toBe(false);
  });

  it('starts a re-import of the same size by maintaining, then follows what the rows did', () => {
    const start = { ...base, catalogueSize: 475_000 };
    expect(expectedWrites(start)).toBe(25_000);
    expect(shouldLoadInBulk(start)).toBe(false);
    const unchanged = { ...start, processedRows: 20_000, appliedRows: 20_000, writtenRows: 3 };
    expect(shouldLoadInBulk(unchanged)).toBe(false);
    const changed = { ...start, processedRows: 20_000, appliedRows: 20_000, writtenRows: 19_000 };
    expect(expectedWrites(changed)).toBe(456_000);
    expect(shouldLoadInBulk(changed)).toBe(true);
  });

  it('needs both the minimum and the share of the catalogue', () => {
    expect(shouldLoadInBulk({ ...base, estimatedRows: 99_999 })).toBe(false);
    const seen = { processedRows: 20_000, appliedRows: 20_000, writtenRows: 20_000, catalogueSize: 5_000_000 };
    expect(shouldLoadInBulk({ ...base, ...seen, estimatedRows: 1_420_000 })).toBe(false);
    expect(shouldLoadInBulk({ ...base, ...seen, estimatedRows: 1_620_000 })).toBe(true);
  });

  it('estimates the rows of a file still uploading from the bytes read so far', () => {
    const imp = { upload_complete: false, total_rows: 20_000, staged_through: 20_000, staged_bytes: 4_000_000, size_bytes: 100_000_000 };
    expect(estimateRows(imp)).toBe(500_000);
    expect(estimateRows({ ...imp, size_bytes: 0 })).toBe(20_000);
    expect(estimateRows({ ...imp, upload_complete: true, total_rows: 499_321 })).toBe(499_321);
  });
});
