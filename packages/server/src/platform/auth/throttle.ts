// Failure counters in the database (shared by all server processes): too many
// failures inside a window block the key for a while.
import type { Ctx } from '../context.js';

export interface ThrottleRule {
  maxFailures: number;
  windowMs: number;
  blockMs: number;
}

/** Milliseconds the key stays blocked, or 0. */
export async function blockedFor(ctx: Ctx, key: string): Promise<number> {
  const row = await ctx.db.selectFrom('throttles').select('blockedUntil').where('key', '=', key).executeTakeFirst();
  if (!row?.blockedUntil) return 0;
  return Math.max(0, new Date(row.blockedUntil).getTime() - ctx.platform.clock.now().getTime());
}

export async function recordFailure(ctx: Ctx, key: string, rule: ThrottleRule): Promise<void> {
  const now = ctx.platform.clock.now();
  await ctx.tx(async (tx) => {
    const row = await tx.db.selectFrom('throttles').selectAll().where('key', '=', key).executeTakeFirst();
    const windowOpen = row && now.getTime() - new Date(row.windowStart).getTime() < rule.windowMs;
    const failures = windowOpen ? row.failures + 1 : 1;
    const windowStart = windowOpen ? row.windowStart : now.toISOString();
    const blockedUntil = failures >= rule.maxFailures ? new Date(now.getTime() + rule.blockMs).toISOString() : null;
    await tx.db
      .insertInto('throttles')
      .values({ key, failures, windowStart, blockedUntil })
      .onConflict((oc) => oc.column('key').doUpdateSet({ failures, windowStart, blockedUntil }))
      .execute();
  });
}

export async function clearFailures(ctx: Ctx, key: string): Promise<void> {
  await ctx.db.deleteFrom('throttles').where('key', '=', key).execute();
}
