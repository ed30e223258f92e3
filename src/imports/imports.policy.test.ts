import { chunkRetryDelay, IMPORT_CHUNK_RETRY_DELAYS_MS, IMPORT_MAX_CHUNK_FAILURES } from './imports.policy.js';

describe('import failure policy', () => {
  it('retries a failed chunk after about 5 s, then about 10 s, and fails the import at the third failure', () => {
    expect(IMPORT_MAX_CHUNK_FAILURES).toBe(3);
    for (let i = 0; i < 20; i++) {
      expect(chunkRetryDelay(1)).toBeGreaterThanOrEqual(4_000);
      expect(chunkRetryDelay(1)).toBeLessThanOrEqual(6_000);
      expect(chunkRetryDelay(2)).toBeGreaterThanOrEqual(8_000);
      expect(chunkRetryDelay(2)).toBeLessThanOrEqual(12_000);
    }
    expect(chunkRetryDelay(IMPORT_CHUNK_RETRY_DELAYS_MS.length + 1)).toBeNull();
  });
});
