import type { Knex } from 'knex';
import type { Db } from '../lib/db.js';
import type { Logger } from '../lib/logger.js';
import type { AppEventMap, AppEventName, NewEvent, RecordedEvent } from './events.map.js';
import type { EventsRepo } from './events.repo.js';

/** Records an event in the transaction it is given to (see `outbox.transaction`). */
export type EmitEvent = <E extends AppEventName>(name: E, data: AppEventMap[E]) => void;

/** Work a subscriber runs once its fan-out has committed (enqueueing jobs); losing it is covered by the resume jobs. */
export type AfterCommit = () => Promise<void>;

/**
 * Fans events out inside the dispatching transaction (it writes its webhook messages and e-mails
 * with `trx`), so the fan-out commits exactly when the events are marked dispatched.
 */
export type EventSubscriber = (events: RecordedEvent[], trx: Knex.Transaction) => Promise<AfterCommit | void>;

/** Events fanned out per transaction. */
const BATCH = 500;

export interface OutboxDeps {
  db: Db;
  repo: EventsRepo;
  logger: Logger;
  /** Test hook (NODE_ENV=test only): SIGKILL this process right after a commit that recorded events, before fan-out. */
  killAfterCommit?: boolean;
}

/**
 * The transactional outbox, the one way domain events are emitted: a change and its events commit
 * together, then the events are fanned out to the subscribers from their record. Events of a
 * process that died after its commit are dispatched by `dispatchPending` (at start and every minute).
 */
export function createOutbox({ db, repo, logger, killAfterCommit = false }: OutboxDeps) {
  const subscribers: EventSubscriber[] = [];

  /** One transaction: claims the events, runs every subscriber's fan-out, marks them dispatched. */
  async function dispatchBatch(ids: number[], skipLocked: boolean): Promise<number> {
    const afterCommit: AfterCommit[] = [];
    const count = await db.transaction(async (trx) => {
      const events = await repo.claim(ids, trx, { skipLocked });
      if (!events.length) return 0;
      for (const subscriber of subscribers) {
        const after = await subscriber(events, trx);
        if (after) afterCommit.push(after);
      }
      await repo.markDispatched(
        events.map((e) => e.id),
        trx,
      );
      return events.length;
    });
    for (const after of afterCommit) {
      await after().catch((err) => logger.warn({ err }, 'queueing deliveries of dispatched events failed; the resume jobs queue them'));
    }
    return count;
  }

  /**
   * Dispatches these events in batches; returns how many this call dispatched. A failing batch
   * is retried one event at a time, so one bad event holds back no other; failures are logged
   * and left to the next sweep, never thrown.
   */
  async function dispatch(ids: number[], { skipLocked }: { skipLocked: boolean }): Promise<number> {
    let count = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      try {
        count += await dispatchBatch(batch, skipLocked);
      } catch (err) {
        if (batch.length === 1) {
          logger.error({ err, eventId: batch[0] }, 'event dispatch failed; the next sweep tries again');
          continue;
        }
        logger.warn({ err, events: batch.length }, 'event dispatch failed for a batch; trying one event at a time');
        for (const id of batch) count += await dispatch([id], { skipLocked });
      }
    }
    return count;
  }

  return {
    /** Adds a fan-out (webhooks, mail) run for every event dispatched by this process. */
    subscribe(subscriber: EventSubscriber): void {
      subscribers.push(subscriber);
    },

    /**
     * Runs `work` in a transaction; the events it emits are recorded in that same transaction (one
     * statement for all of them) and dispatched right after the commit, before this resolves.
     * Nothing is recorded if `work` throws. A failed dispatch is logged, not thrown: the change
     * is committed, and the sweep delivers its events.
     */
    async transaction<T>(work: (trx: Knex.Transaction, emit: EmitEvent) => Promise<T>): Promise<T> {
      let recorded: number[] = [];
      const result = await db.transaction(async (trx) => {
        const pending: NewEvent[] = [];
        let open = true;
        const emit: EmitEvent = (name, data) => {
          if (!open) throw new Error(`Event ${name} emitted after its transaction ended`);
          pending.push({ name, data } as NewEvent);
        };
        try {
          const value = await work(trx, emit);
          if (pending.length) recorded = await repo.insertMany(pending, trx);
          return value;
        } finally {
          open = false;
        }
      });
      if (!recorded.length) return result;
      if (killAfterCommit) process.kill(process.pid, 'SIGKILL');
      // Our own events: wait for a sweep that holds them, so deliveries are queued when we return.
      await dispatch(recorded, { skipLocked: false });
      return result;
    },

    /**
     * Dispatches every undispatched event (left by a process that died after its commit), oldest
     * first, passing over those another dispatcher holds. Returns how many this call dispatched.
     */
    async dispatchPending(signal?: AbortSignal): Promise<number> {
      let count = 0;
      let after = 0;
      while (!signal?.aborted) {
        const ids = await repo.undispatchedIds(after, BATCH);
        if (!ids.length) break;
        count += await dispatch(ids, { skipLocked: true });
        after = ids.at(-1)!;
      }
      return count;
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;
