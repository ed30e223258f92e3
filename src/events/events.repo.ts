import type { Knex } from 'knex';
import type { Db } from '../lib/db.js';
import type { NewEvent, RecordedEvent } from './events.map.js';

interface EventRow {
  id: string; // bigserial: pg answers bigint as text
  name: string;
  data: unknown;
  created_at: Date;
  dispatched_at: Date | null;
}

const toRecorded = (r: EventRow) => ({ id: Number(r.id), name: r.name, data: r.data, createdAt: r.created_at }) as RecordedEvent;

/** SQL for the `domain_events` outbox. */
export function createEventsRepo(db: Db) {
  const events = (trx?: Knex.Transaction) => (trx ?? db)<EventRow>('domain_events');
  return {
    /**
     * Records events in the caller's transaction, in the order given, with ONE statement whatever
     * their number (two array parameters, so no bind-parameter limit). Returns their ids.
     */
    insertMany: async (list: NewEvent[], trx: Knex.Transaction): Promise<number[]> => {
      const { rows } = await trx.raw<{ rows: { id: string }[] }>(
        `INSERT INTO domain_events (name, data)
         SELECT name, data FROM unnest(?::text[], ?::json[]) WITH ORDINALITY AS e(name, data, n) ORDER BY n
         RETURNING id`,
        [list.map((e) => e.name), list.map((e) => JSON.stringify(e.data))],
      );
      return rows.map((r) => Number(r.id));
    },

    /**
     * Locks these events, if still undispatched, for the caller's transaction, in id order.
     * `skipLocked`: pass over events another dispatcher holds; otherwise wait for it and find them dispatched.
     */
    claim: async (ids: number[], trx: Knex.Transaction, opts: { skipLocked: boolean }): Promise<RecordedEvent[]> => {
      const q = events(trx).select('*').whereIn('id', ids).whereNull('dispatched_at').orderBy('id').forUpdate();
      return ((await (opts.skipLocked ? q.skipLocked() : q)) as EventRow[]).map(toRecorded);
    },

    markDispatched: (ids: number[], trx: Knex.Transaction) =>
      events(trx)
        .whereIn('id', ids)
        .update({ dispatched_at: db.fn.now() as never }),

    /** Ids of undispatched events after `afterId`, oldest first (served by the partial index). */
    undispatchedIds: async (afterId: number, limit: number): Promise<number[]> =>
      (await events().select('id').whereNull('dispatched_at').andWhere('id', '>', afterId).orderBy('id').limit(limit)).map((r) => Number(r.id)),
  };
}
export type EventsRepo = ReturnType<typeof createEventsRepo>;
