// The nightly reclaim (公海回收): under each enabled pool's rules, owned customers not followed
// up for N days, or without a won deal for M days, go back to the pool; their owners are
// warned K days before, once per period. Both clocks start when the owner took the customer:
// the last follow-up is the later of the last activity and that moment, and so is the last win.
import type { ReclaimRule } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { recordAudits } from '../../platform/audit.js';
import { emitAll } from '../../platform/events.js';
import { newId } from '../../platform/crypto.js';
import { DAY } from '../../platform/clock.js';
import { notify } from '../../platform/notifications.js';
import * as repo from './pools.repository.js';
import { fileUnpooledCustomers } from './pools.service.js';

export const RECLAIM_JOB = 'customers.pool_reclaim';

/** Customers looked at per transaction. */
const BATCH = 500;

const iso = (ms: number) => new Date(ms).toISOString();

type Due = { rule: ReclaimRule; at: number; since: number };

/** The earliest moment a customer is due back, and under which rule. */
function dueOf(pool: repo.PoolRow, since: number, lastActivity: string | undefined, lastWin: string | undefined): Due | null {
  const dues: Due[] = [];
  if (pool.followUpDays) {
    const from = Math.max(since, lastActivity ? Date.parse(lastActivity) : 0);
    dues.push({ rule: 'follow_up', at: from + pool.followUpDays * DAY, since: from });
  }
  if (pool.wonDealDays) {
    const from = Math.max(since, lastWin ? Date.parse(lastWin) : 0);
    dues.push({ rule: 'won_deal', at: from + pool.wonDealDays * DAY, since: from });
  }
  return dues.sort((a, b) => a.at - b.at)[0] ?? null;
}

export async function reclaimNeglectedCustomers(ctx: Ctx): Promise<{ warned: number; reclaimed: number }> {
  await fileUnpooledCustomers(ctx);
  const pools = await ctx.db.selectFrom('customerPools').leftJoin('teams', 'teams.id', 'customerPools.teamId')
    .selectAll('customerPools').select('teams.name as teamName')
    .where('customerPools.deletedAt', 'is', null).where('customerPools.enabled', '=', 1).execute();
  const totals = { warned: 0, reclaimed: 0 };
  for (const pool of pools) {
    if (!pool.followUpDays && !pool.wonDealDays) continue;
    const now = ctx.platform.clock.now().getTime();
    const horizon = now + pool.warnDays * DAY;
    const rules = {
      followUpSince: pool.followUpDays ? iso(horizon - pool.followUpDays * DAY) : null,
      wonSince: pool.wonDealDays ? iso(horizon - pool.wonDealDays * DAY) : null,
      now: iso(now),
    };
    let after: [string, string] | null = null;
    for (;;) {
      const seen: number = await ctx.tx(async (tx) => {
        const batch = await repo.dueCustomers(tx.db, pool.id, rules, after, BATCH);
        if (!batch.length) return 0;
        const last = batch.at(-1)!;
        after = [last.ownerId!, last.id];
        const done = await applyBatch(tx, pool, batch, now, horizon);
        totals.warned += done.warned;
        totals.reclaimed += done.reclaimed;
        return batch.length;
      });
      if (seen < BATCH) break;
    }
  }
  return totals;
}

type Candidate = Awaited<ReturnType<typeof repo.dueCustomers>>[number];

async function applyBatch(ctx: Ctx, pool: repo.PoolRow, batch: Candidate[], now: number, horizon: number) {
  const ids = batch.map((c) => c.id);
  const [activities, wins, warned] = await Promise.all([
    repo.lastActivities(ctx.db, ids, iso(now)), repo.lastWins(ctx.db, ids), repo.sentWarnings(ctx.db, ids),
  ]);
  const reclaim: (Candidate & { due: Due })[] = [];
  const warn: (Candidate & { due: Due })[] = [];
  for (const c of batch) {
    const due = dueOf(pool, Date.parse(c.ownedAt ?? c.createdAt), activities.get(c.id), wins.get(c.id));
    if (!due || due.at > horizon) continue;
    if (due.at <= now) reclaim.push({ ...c, due });
    else if (!warned.has(repo.warningKey(c.id, c.ownerId!, iso(due.at)))) warn.push({ ...c, due });
  }

  if (warn.length) {
    await ctx.db.insertInto('customerPoolWarnings')
      .values(warn.map((c) => ({ customerId: c.id, ownerId: c.ownerId!, dueAt: iso(c.due.at), rule: c.due.rule, warnedAt: iso(now) })))
      .onConflict((oc) => oc.columns(['customerId', 'ownerId', 'dueAt']).doNothing()).execute();
    for (const c of warn) {
      await notify(ctx, { kind: 'pool_reclaim_warning', userIds: [c.ownerId!], title: c.name, body: iso(c.due.at), link: { type: 'customer', id: c.id }, customerId: c.id });
    }
  }

  if (reclaim.length) {
    const at = iso(now);
    await ctx.db.updateTable('customers')
      .set((eb) => ({ ownerId: null, teamId: pool.teamId, poolEnteredAt: at, ownedAt: null, updatedAt: at, version: eb('version', '+', 1) }))
      .where('id', 'in', reclaim.map((c) => c.id)).execute();
    await repo.insertMoves(ctx.db, reclaim.map((c) => ({
      id: newId(), customerId: c.id, poolId: pool.id, kind: 'reclaim' as const, actorId: null, ownerId: c.ownerId, rule: c.due.rule, reason: null, at,
    })));
    await recordAudits(ctx, reclaim.map((c) => ({
      action: 'customer.reclaimed', objectType: 'customer', objectId: c.id, rootId: c.id, actorName: 'kehu',
      before: { ownerId: c.ownerId }, after: { ownerId: null },
      meta: { pool: pool.name, poolId: pool.id, rule: c.due.rule, since: iso(c.due.since) },
    })));
    await emitAll(ctx, reclaim.map((c) => ({ type: 'customer.reclaimed', payload: { id: c.id, previousOwnerId: c.ownerId, poolId: pool.id, rule: c.due.rule } })));
    for (const c of reclaim) {
      await notify(ctx, { kind: 'pool_reclaimed', userIds: [c.ownerId!], title: c.name, body: pool.name, link: { type: 'customer_pool', id: pool.id }, customerId: null });
    }
  }
  return { warned: warn.length, reclaimed: reclaim.length };
}
