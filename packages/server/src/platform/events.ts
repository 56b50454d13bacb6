// Domain events: written to the outbox in the change's transaction, then fanned out
// by the worker into one job per subscriber (at least once; subscribers are idempotent).
import type { Ctx } from './context.js';
import { newId } from './crypto.js';
import { fromJson, supportsSkipLocked, toJson } from './db/dialect.js';
import { enqueue, registerJob } from './jobs.js';

export interface DomainEvent<P = Record<string, unknown>> {
  id: string;
  type: string;
  payload: P;
  createdAt: string;
}

type Subscriber = (ctx: Ctx, event: DomainEvent) => Promise<void>;
const subscribers = new Map<string, { pattern: string; handle: Subscriber }>();

/** Subscribes by exact type or a prefix wildcard such as `user.*` or `*`. */
export function subscribe(name: string, pattern: string, handle: Subscriber): void {
  subscribers.set(name, { pattern, handle });
}

function matches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

export async function emit(ctx: Ctx, type: string, payload: Record<string, unknown>): Promise<void> {
  await emitAll(ctx, [{ type, payload }]);
}

/** Several events in few statements, for bulk writes (imports). */
export async function emitAll(ctx: Ctx, events: { type: string; payload: Record<string, unknown> }[]): Promise<void> {
  const rows = events.map((e) => ({ id: newId(), type: e.type, payload: toJson(e.payload), createdAt: ctx.now(), dispatchedAt: null }));
  for (let i = 0; i < rows.length; i += 500) await ctx.db.insertInto('outbox').values(rows.slice(i, i + 500)).execute();
}

/** Moves a batch of outbox rows into subscriber jobs. Returns how many events it dispatched. */
export async function dispatchOutbox(ctx: Ctx, batch = 200): Promise<number> {
  return ctx.tx(async (tx) => {
    let pending = tx.db.selectFrom('outbox').selectAll().where('dispatchedAt', 'is', null).orderBy('id').limit(batch);
    if (supportsSkipLocked(tx.platform.dialect)) pending = pending.forUpdate().skipLocked();
    const rows = await pending.execute();
    for (const row of rows) {
      for (const [name, sub] of subscribers) {
        if (matches(sub.pattern, row.type)) {
          await enqueue(tx, 'event.deliver', { subscriber: name, eventId: row.id }, { uniqueKey: `event:${row.id}:${name}` });
        }
      }
    }
    if (rows.length) {
      await tx.db.updateTable('outbox').set({ dispatchedAt: tx.now() }).where('id', 'in', rows.map((r) => r.id)).execute();
    }
    return rows.length;
  });
}

registerJob<{ subscriber: string; eventId: string }>('event.deliver', {
  async run({ subscriber, eventId }, { ctx }) {
    const sub = subscribers.get(subscriber);
    if (!sub) return; // the subscriber was removed from the code; nothing to deliver to
    const row = await ctx.db.selectFrom('outbox').selectAll().where('id', '=', eventId).executeTakeFirst();
    if (!row) return;
    await sub.handle(ctx, { id: row.id, type: row.type, payload: fromJson(row.payload), createdAt: row.createdAt });
  },
});
