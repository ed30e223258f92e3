import { canRevert } from './imports.resource.js';

/** "Revert this import" is offered only when the server would start a revert. */
describe('canRevert (the panel offers "Revert this import")', () => {
  const ended = { status: 'completed', mode: 'apply', records_changes: true, revert_status: null, inserted_count: 3, updated_count: 2, unchanged_count: 1 };

  it('offers it for an applied import that ended and recorded its changes, never reverted or after a failed or cancelled revert', () => {
    for (const status of ['completed', 'failed', 'cancelled']) expect(canRevert({ ...ended, status })).toBe(true);
    for (const revert_status of [undefined, '', 'failed', 'cancelled']) expect(canRevert({ ...ended, revert_status })).toBe(true);
    expect(canRevert({ ...ended, records_changes: 'true' })).toBe(true); // as a string, as some adapters give booleans
  });

  it('does not offer it while running, for a preview, without recorded changes, or while or once reverted', () => {
    for (const status of ['queued', 'processing', 'previewed']) expect(canRevert({ ...ended, status })).toBe(false);
    expect(canRevert({ ...ended, mode: 'preview', status: 'cancelled' })).toBe(false);
    expect(canRevert({ ...ended, records_changes: false })).toBe(false);
    for (const revert_status of ['running', 'completed']) expect(canRevert({ ...ended, revert_status })).toBe(false);
  });

  it('does not offer it for an import that changed nothing (a refused file, or rows identical to the catalogue)', () => {
    expect(canRevert({ ...ended, status: 'failed', inserted_count: 0, updated_count: 0, unchanged_count: 0 })).toBe(false);
    expect(canRevert({ ...ended, inserted_count: 0, updated_count: 5, unchanged_count: 5 })).toBe(false);
    expect(canRevert({ ...ended, inserted_count: 0, updated_count: 5, unchanged_count: 4 })).toBe(true);
    expect(canRevert({ ...ended, inserted_count: '1', updated_count: '0', unchanged_count: '0' })).toBe(true); // as strings, as the adapter may give numbers
  });
});
