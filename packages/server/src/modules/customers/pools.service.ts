// The shared customer pool (公海): customers without an owner wait in a pool of their team or
// of the whole company; reps claim from the pools they may see, within the pool's limits, and
// release customers back. Owns the customer_pools, customer_pool_moves and _warnings tables.
import type { z } from 'zod';
import type { CustomerPool, CustomerPoolCreate, CustomerPoolPatch, PoolAssign, PoolBatchResult, PoolCustomer, PoolCustomerQuery, PoolRefusal, PoolRelease } from '@kehu/shared';
import { memoized, type Ctx } from '../../platform/context.js';
import { can, requireActor, requirePermission, scopeFilter } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { emit } from '../../platform/events.js';
import { newId } from '../../platform/crypto.js';
import { fromJson } from '../../platform/db/dialect.js';
import { DAY } from '../../platform/clock.js';
import { errors, type FieldIssue } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { translate, type MessageKey } from '../../platform/i18n/index.js';
import { findActiveUser } from '../identity/users.service.js';
import * as customerRepo from './repository.js';
import * as repo from './pools.repository.js';

/** A fixed id for the company-wide pool every organization starts with, so two processes starting at once make one. */
export const DEFAULT_POOL_ID = '00000000-0000-7000-8000-000000000201';

/** Creates the default pool the first time the organization runs, and files customers written without a pool (older rows, bulk loads) under it. */
export async function ensureDefaultPool(ctx: Ctx): Promise<void> {
  const now = ctx.now();
  await ctx.db.insertInto('customerPools').values({
    id: DEFAULT_POOL_ID, name: translate(ctx.locale, 'values.pool.default'), teamId: null, isDefault: 1, enabled: 0,
    followUpDays: null, wonDealDays: null, warnDays: 3, maxOwned: null, claimCooldownDays: 0,
    createdAt: now, updatedAt: now, createdBy: null, version: 1, deletedAt: null,
  }).onConflict((oc) => oc.column('id').doNothing()).execute();
  await fileUnpooledCustomers(ctx);
}

export async function fileUnpooledCustomers(ctx: Ctx): Promise<void> {
  await ctx.db.updateTable('customers').set({ poolId: DEFAULT_POOL_ID }).where('poolId', 'is', null).execute();
  await ctx.db.updateTable('customers').set((eb) => ({ poolEnteredAt: eb.ref('createdAt') }))
    .where('ownerId', 'is', null).where('poolEnteredAt', 'is', null).execute();
}

// ---- where pools are and who sees them -------------------------------------------------------

function teamParents(ctx: Ctx): Promise<Map<string, string | null>> {
  return memoized(ctx, 'teams:parents', async () => {
    const rows = await ctx.db.selectFrom('teams').select(['id', 'parentId']).execute();
    return new Map(rows.map((r) => [r.id, r.parentId]));
  });
}

/** A team and the teams above it, nearest first. */
async function teamChain(ctx: Ctx, teamId: string | null): Promise<string[]> {
  const parents = await teamParents(ctx);
  const chain: string[] = [];
  for (let t = teamId; t && !chain.includes(t); t = parents.get(t) ?? null) chain.push(t);
  return chain;
}

function poolsByTeam(ctx: Ctx): Promise<Map<string, { id: string; teamId: string }>> {
  return memoized(ctx, 'pools:byTeam', async () => {
    const rows = await ctx.db.selectFrom('customerPools').select(['id', 'teamId']).where('deletedAt', 'is', null).where('teamId', 'is not', null).execute();
    return new Map(rows.map((r) => [r.teamId!, { id: r.id, teamId: r.teamId! }]));
  });
}

/** The pool a customer of this team returns to: the nearest team pool up the tree, else the default pool. */
export async function homePoolOf(ctx: Ctx, teamId: string | null): Promise<{ id: string; teamId: string | null }> {
  const byTeam = await poolsByTeam(ctx);
  for (const t of await teamChain(ctx, teamId)) {
    const pool = byTeam.get(t);
    if (pool) return pool;
  }
  return { id: DEFAULT_POOL_ID, teamId: null };
}

/**
 * The teams whose pools the actor may work, besides the company-wide ones; null: every pool.
 * A team's pool is open to its members and those of its sub-teams, and to managers of the team.
 */
export async function poolTeams(ctx: Ctx): Promise<string[] | null> {
  const actor = requireActor(ctx);
  if (actor.isAdmin || can(ctx, 'settings:manage')) return null;
  const scope = await scopeFilter(ctx, 'customers');
  if (scope.kind === 'all') return null;
  const own = await teamChain(ctx, actor.teamId);
  return [...new Set([...own, ...(scope.kind === 'team' ? scope.teamIds : [])])];
}

export function poolVisible(teams: string[] | null, pool: { teamId: string | null }): boolean {
  return teams === null || pool.teamId === null || teams.includes(pool.teamId);
}

async function visiblePool(ctx: Ctx, id: string): Promise<repo.PoolRow> {
  const row = await repo.findPoolRow(ctx.db, id);
  if (!row || !poolVisible(await poolTeams(ctx), row)) throw errors.notFound('customer_pool');
  return row;
}

// ---- pools and their rules --------------------------------------------------------------------

function toPool(row: repo.PoolRow, waiting: number, owned: number): CustomerPool {
  return {
    id: row.id, name: row.name, teamId: row.teamId, teamName: row.teamName, isDefault: row.isDefault === 1, enabled: row.enabled === 1,
    followUpDays: row.followUpDays, wonDealDays: row.wonDealDays, warnDays: row.warnDays, maxOwned: row.maxOwned,
    claimCooldownDays: row.claimCooldownDays, customerCount: waiting,
    claimable: row.maxOwned === null ? null : Math.max(0, row.maxOwned - owned),
    createdAt: row.createdAt, updatedAt: row.updatedAt, version: row.version,
  };
}

export async function listPools(ctx: Ctx): Promise<CustomerPool[]> {
  const actor = requirePermission(ctx, 'customers:read');
  const rows = await repo.listPoolRows(ctx.db, await poolTeams(ctx));
  const [counts, owned] = await Promise.all([repo.waitingCounts(ctx.db, rows.map((r) => r.id)), repo.ownedCount(ctx.db, actor.userId)]);
  return rows.map((r) => toPool(r, counts.get(r.id) ?? 0, owned));
}

export async function getPool(ctx: Ctx, id: string): Promise<CustomerPool> {
  const actor = requirePermission(ctx, 'customers:read');
  const row = await visiblePool(ctx, id);
  const [counts, owned] = await Promise.all([repo.waitingCounts(ctx.db, [id]), repo.ownedCount(ctx.db, actor.userId)]);
  return toPool(row, counts.get(id) ?? 0, owned);
}

type Rules = Pick<repo.PoolRow, 'teamId' | 'enabled' | 'followUpDays' | 'wonDealDays' | 'warnDays' | 'isDefault'>;

async function checkRules(ctx: Ctx, id: string | null, rules: Rules): Promise<void> {
  const issues: FieldIssue[] = [];
  if (rules.teamId) {
    if (rules.isDefault) issues.push({ path: 'teamId', code: 'default_pool', messageKey: 'pool.default_company_wide' });
    else if (!(await ctx.db.selectFrom('teams').select('id').where('id', '=', rules.teamId).executeTakeFirst())) {
      issues.push({ path: 'teamId', code: 'unknown', messageKey: 'team.unknown' });
    } else if (await repo.findTeamPool(ctx.db, rules.teamId, id ?? undefined)) {
      issues.push({ path: 'teamId', code: 'taken', messageKey: 'pool.team_taken' });
    }
  }
  if (rules.enabled && rules.followUpDays === null && rules.wonDealDays === null) {
    issues.push({ path: 'enabled', code: 'no_rule', messageKey: 'pool.no_rule' });
  }
  const shortest = Math.min(rules.followUpDays ?? Infinity, rules.wonDealDays ?? Infinity);
  if (rules.warnDays >= shortest) issues.push({ path: 'warnDays', code: 'too_long', messageKey: 'pool.warn_too_long' });
  if (issues.length) throw errors.invalidFields(...issues);
}

const auditedPool = (r: Omit<repo.PoolRow, 'teamName' | 'createdAt' | 'updatedAt' | 'createdBy' | 'version' | 'deletedAt' | 'id'>) => ({
  name: r.name, teamId: r.teamId, enabled: r.enabled === 1, followUpDays: r.followUpDays, wonDealDays: r.wonDealDays,
  warnDays: r.warnDays, maxOwned: r.maxOwned, claimCooldownDays: r.claimCooldownDays,
});

export async function createPool(ctx: Ctx, input: z.output<typeof CustomerPoolCreate>): Promise<CustomerPool> {
  const actor = requirePermission(ctx, 'settings:manage');
  const id = newId();
  await ctx.tx(async (tx) => {
    const now = tx.now();
    const row = {
      name: input.name, teamId: input.teamId ?? null, isDefault: 0, enabled: input.enabled ? 1 : 0,
      followUpDays: input.followUpDays ?? null, wonDealDays: input.wonDealDays ?? null, warnDays: input.warnDays ?? 3,
      maxOwned: input.maxOwned ?? null, claimCooldownDays: input.claimCooldownDays ?? 0,
    };
    await checkRules(tx, null, row);
    await tx.db.insertInto('customerPools').values({ id, ...row, createdAt: now, updatedAt: now, createdBy: actor.userId, version: 1, deletedAt: null }).execute();
    tx.memo.delete('pools:byTeam');
    await recordAudit(tx, { action: 'customer_pool.create', objectType: 'customer_pool', objectId: id, after: auditedPool(row) });
  });
  return getPool(ctx, id);
}

export async function updatePool(ctx: Ctx, id: string, patch: z.output<typeof CustomerPoolPatch>, version: number): Promise<CustomerPool> {
  requirePermission(ctx, 'settings:manage');
  await ctx.tx(async (tx) => {
    const before = await repo.findPoolRow(tx.db, id);
    if (!before) throw errors.notFound('customer_pool');
    if (before.version !== version) throw errors.versionConflict(before.version);
    const pick = <K extends keyof typeof patch>(k: K, current: unknown) => (patch[k] === undefined ? current : patch[k]);
    const after = {
      ...before,
      name: pick('name', before.name) as string,
      teamId: pick('teamId', before.teamId) as string | null,
      enabled: patch.enabled === undefined ? before.enabled : Number(patch.enabled),
      followUpDays: pick('followUpDays', before.followUpDays) as number | null,
      wonDealDays: pick('wonDealDays', before.wonDealDays) as number | null,
      warnDays: pick('warnDays', before.warnDays) as number,
      maxOwned: pick('maxOwned', before.maxOwned) as number | null,
      claimCooldownDays: pick('claimCooldownDays', before.claimCooldownDays) as number,
    };
    await checkRules(tx, id, after);
    const { teamName: _t, id: _i, createdAt: _c, createdBy: _b, deletedAt: _d, isDefault: _f, ...columns } = after;
    const updated = await tx.db.updateTable('customerPools').set({ ...columns, updatedAt: tx.now(), version: version + 1 })
      .where('id', '=', id).where('version', '=', version).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw errors.versionConflict(version + 1);
    if (after.teamId !== before.teamId) {
      // The customers waiting in it now belong to the new team's people.
      await tx.db.updateTable('customers').set({ teamId: after.teamId }).where('poolId', '=', id).where('ownerId', 'is', null).execute();
    }
    tx.memo.delete('pools:byTeam');
    await recordAudit(tx, { action: 'customer_pool.update', objectType: 'customer_pool', objectId: id, before: auditedPool(before), after: auditedPool(after) });
  });
  return getPool(ctx, id);
}

/** Retires a pool; its customers, waiting or owned, move to the default pool. */
export async function deletePool(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'settings:manage');
  await ctx.tx(async (tx) => {
    const row = await repo.findPoolRow(tx.db, id);
    if (!row) throw errors.notFound('customer_pool');
    if (row.isDefault) throw errors.invalidFields({ path: 'id', code: 'default_pool', messageKey: 'pool.delete_default' });
    const waiting = await tx.db.updateTable('customers').set({ poolId: DEFAULT_POOL_ID, teamId: null })
      .where('poolId', '=', id).where('ownerId', 'is', null).executeTakeFirst();
    await tx.db.updateTable('customers').set({ poolId: DEFAULT_POOL_ID }).where('poolId', '=', id).execute();
    await tx.db.updateTable('customerPools').set({ deletedAt: tx.now(), updatedAt: tx.now(), version: row.version + 1 }).where('id', '=', id).execute();
    tx.memo.delete('pools:byTeam');
    await recordAudit(tx, { action: 'customer_pool.delete', objectType: 'customer_pool', objectId: id, meta: { name: row.name, movedWaiting: Number(waiting.numUpdatedRows) } });
  });
}

// ---- the customers in a pool ------------------------------------------------------------------

/** The latest time the user let each customer go (released, or reclaimed from them). */
function letGo(moves: { customerId: string; kind: string; ownerId: string | null; at: string }[], userId: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of moves) {
    if ((m.kind === 'release' || m.kind === 'reclaim') && m.ownerId === userId && !out.has(m.customerId)) out.set(m.customerId, new Date(m.at).toISOString());
  }
  return out;
}

function cooldownEnd(pool: { claimCooldownDays: number }, at: string | undefined, now: Date): string | null {
  if (!at || pool.claimCooldownDays <= 0) return null;
  const end = new Date(new Date(at).getTime() + pool.claimCooldownDays * DAY);
  return end > now ? end.toISOString() : null;
}

export async function listPoolCustomers(ctx: Ctx, poolId: string, query: z.output<typeof PoolCustomerQuery>) {
  const actor = requirePermission(ctx, 'customers:read');
  const pool = await visiblePool(ctx, poolId);
  const rows = await repo.listWaiting(ctx.db, ctx.platform.dialect, poolId, { q: query.q, after: decodeCursor(query.cursor, 2), limit: query.limit });
  const page = toPage(rows, query.limit, (r) => [r.poolEnteredAt, r.id], (r) => r);
  const ids = page.data.map((r) => r.id);
  const now = ctx.platform.clock.now();
  const [activities, moves] = await Promise.all([repo.lastActivities(ctx.db, ids, now.toISOString()), repo.movesOf(ctx.db, ids)]);
  const latest = new Map<string, (typeof moves)[number]>();
  for (const m of moves) if (!latest.has(m.customerId)) latest.set(m.customerId, m);
  const mine = letGo(moves, actor.userId);
  const data: PoolCustomer[] = page.data.map((r) => {
    const move = latest.get(r.id);
    const left = move && (move.kind === 'release' || move.kind === 'reclaim');
    return {
      id: r.id, name: r.name, type: r.type, industry: r.industry, province: r.province, city: r.city, grade: r.grade as PoolCustomer['grade'], stage: r.stage,
      tags: fromJson<string[]>(r.tags), poolId: r.poolId!, enteredAt: r.poolEnteredAt ? new Date(r.poolEnteredAt).toISOString() : null,
      lastActivityAt: activities.get(r.id) ?? null,
      previousOwnerName: left ? move.ownerName : null,
      lastMove: move?.kind ?? null, lastRule: move?.rule ?? null, lastReason: move?.reason ?? null,
      claimableFrom: cooldownEnd(pool, mine.get(r.id), now),
    };
  });
  return { data, nextCursor: page.nextCursor };
}

// ---- claim, release, assign -------------------------------------------------------------------

class Refused extends Error {
  constructor(readonly refusal: Omit<PoolRefusal, 'id'>) {
    super(refusal.code);
  }
}

function refuse(ctx: Ctx, code: PoolRefusal['code'], name: string | null, params: Record<string, string | number> = {}, key: string = code): never {
  throw new Refused({ code, name, message: translate(ctx.locale, `pool.refused.${key}` as MessageKey, { name: name ?? '', ...params }) });
}

/** Runs `one` for each customer in its own transaction: each succeeds or is refused with its reason. */
async function eachCustomer(ctx: Ctx, ids: string[], one: (tx: Ctx, id: string) => Promise<string>): Promise<PoolBatchResult> {
  const result: PoolBatchResult = { done: [], refused: [] };
  for (const id of [...new Set(ids)]) {
    try {
      result.done.push({ id, name: await ctx.tx((tx) => one(tx, id)) });
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      result.refused.push({ id, ...err.refusal });
    }
  }
  return result;
}

function waitingCustomer(ctx: Ctx, id: string) {
  return ctx.db.selectFrom('customers').leftJoin('users as owner', 'owner.id', 'customers.ownerId')
    .select(['customers.id', 'customers.name', 'customers.ownerId', 'customers.poolId', 'customers.version', 'owner.name as ownerName'])
    .where('customers.id', '=', id).where('customers.deletedAt', 'is', null).executeTakeFirst();
}

/** A rep takes customers from a pool: not beyond the pool's limit of owned customers, nor one they let go within its cooldown. */
export async function claimCustomers(ctx: Ctx, poolId: string, customerIds: string[]): Promise<PoolBatchResult> {
  const actor = requirePermission(ctx, 'customers:write');
  const pool = await visiblePool(ctx, poolId);
  const fmt = new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'medium' });
  const result = await eachCustomer(ctx, customerIds, async (tx, id) => {
    // Claims of one user take turns, so two at once cannot both pass the limit.
    if (tx.platform.dialect === 'postgres') await tx.db.selectFrom('users').select('id').where('id', '=', actor.userId).forUpdate().execute();
    const row = await waitingCustomer(tx, id);
    if (!row || row.poolId !== pool.id) refuse(tx, 'not_in_pool', null);
    if (row.ownerId) refuse(tx, 'taken', row.name, { owner: row.ownerName ?? '' });
    const until = cooldownEnd(pool, letGo(await repo.movesOf(tx.db, [id]), actor.userId).get(id), tx.platform.clock.now());
    if (until) refuse(tx, 'cooldown', row.name, { date: fmt.format(new Date(until)) });
    if (pool.maxOwned !== null && (await repo.ownedCount(tx.db, actor.userId)) >= pool.maxOwned) refuse(tx, 'limit_reached', row.name, { max: pool.maxOwned });
    await takeOwnership(tx, row, { ownerId: actor.userId, teamId: actor.teamId }, pool, 'claim');
    return row.name;
  });
  const owned = await repo.ownedCount(ctx.db, actor.userId);
  return { ...result, claimable: pool.maxOwned === null ? null : Math.max(0, pool.maxOwned - owned) };
}

/** A manager hands customers waiting in a pool to a rep, past the rep's limits. */
export async function assignFromPool(ctx: Ctx, poolId: string, input: z.output<typeof PoolAssign>): Promise<PoolBatchResult> {
  requirePermission(ctx, 'customers:assign');
  const pool = await visiblePool(ctx, poolId);
  const owner = await findActiveUser(ctx, input.ownerId);
  if (!owner) throw errors.invalidFields({ path: 'ownerId', code: 'unknown', messageKey: 'user.unknown' });
  return eachCustomer(ctx, input.customerIds, async (tx, id) => {
    const row = await waitingCustomer(tx, id);
    if (!row || row.poolId !== pool.id) refuse(tx, 'not_in_pool', null);
    if (row.ownerId) refuse(tx, 'taken', row.name, { owner: row.ownerName ?? '' });
    await takeOwnership(tx, row, { ownerId: owner.id, teamId: owner.teamId }, pool, 'assign', owner.name);
    return row.name;
  });
}

async function takeOwnership(
  tx: Ctx,
  row: { id: string; name: string; version: number },
  owner: { ownerId: string; teamId: string | null },
  pool: repo.PoolRow,
  kind: 'claim' | 'assign',
  ownerName?: string,
): Promise<void> {
  const now = tx.now();
  const updated = await tx.db.updateTable('customers')
    .set({ ...owner, ownedAt: now, poolEnteredAt: null, updatedAt: now, version: row.version + 1 })
    .where('id', '=', row.id).where('ownerId', 'is', null).where('version', '=', row.version).executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) refuse(tx, 'taken', row.name, { owner: '' }, 'taken_now');
  await repo.insertMoves(tx.db, [{ id: newId(), customerId: row.id, poolId: pool.id, kind, actorId: tx.actor?.userId ?? null, ownerId: owner.ownerId, rule: null, reason: null, at: now }]);
  await recordAudit(tx, {
    action: kind === 'claim' ? 'customer.claimed' : 'customer.assigned', objectType: 'customer', objectId: row.id, rootId: row.id,
    before: { ownerId: null }, after: { ownerId: owner.ownerId }, meta: { pool: pool.name, poolId: pool.id, ...(ownerName ? { ownerName } : {}) },
  });
  await emit(tx, kind === 'claim' ? 'customer.claimed' : 'customer.assigned', { id: row.id, ownerId: owner.ownerId, poolId: pool.id });
}

/** The owner (or a manager) puts customers back: without an owner, in their pool or the one named. */
export async function releaseCustomers(ctx: Ctx, input: z.output<typeof PoolRelease>): Promise<PoolBatchResult> {
  const actor = requirePermission(ctx, 'customers:write');
  const manager = can(ctx, 'customers:assign');
  const scope = await scopeFilter(ctx, 'customers');
  const target = input.poolId ? await visiblePool(ctx, input.poolId) : null;
  return eachCustomer(ctx, input.customerIds, async (tx, id) => {
    const row = await customerRepo.findVisibleCustomer(tx.db, scope, id);
    if (!row) refuse(tx, 'not_found', null);
    if (!row.ownerId) refuse(tx, 'not_owner', row.name, {}, 'unowned');
    if (row.ownerId !== actor.userId && !manager) refuse(tx, 'not_owner', row.name);
    const pool = target ?? (await repo.findPoolRow(tx.db, row.poolId ?? DEFAULT_POOL_ID)) ?? (await repo.findPoolRow(tx.db, DEFAULT_POOL_ID))!;
    const now = tx.now();
    const updated = await tx.db.updateTable('customers')
      .set({ ownerId: null, teamId: pool.teamId, poolId: pool.id, poolEnteredAt: now, ownedAt: null, updatedAt: now, version: row.version + 1 })
      .where('id', '=', id).where('version', '=', row.version).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) refuse(tx, 'changed', row.name);
    await repo.insertMoves(tx.db, [{ id: newId(), customerId: id, poolId: pool.id, kind: 'release', actorId: actor.userId, ownerId: row.ownerId, rule: null, reason: input.reason, at: now }]);
    await recordAudit(tx, {
      action: 'customer.released', objectType: 'customer', objectId: id, rootId: id,
      before: { ownerId: row.ownerId }, after: { ownerId: null }, meta: { pool: pool.name, poolId: pool.id, reason: input.reason },
    });
    await emit(tx, 'customer.released', { id, previousOwnerId: row.ownerId, poolId: pool.id });
    return row.name;
  });
}

/**
 * For customer edits that change the owner: an owner cleared puts the customer in its pool
 * (a release, so the cooldown counts), an owner set takes it out (an assignment).
 */
export async function recordOwnerChange(ctx: Ctx, c: { id: string; poolId: string | null; ownerId: string | null }, ownerId: string | null) {
  const now = ctx.now();
  const pool = c.poolId ? await repo.findPoolRow(ctx.db, c.poolId) : null;
  const poolId = pool?.id ?? DEFAULT_POOL_ID;
  if (!c.ownerId || !ownerId) {
    await repo.insertMoves(ctx.db, [{
      id: newId(), customerId: c.id, poolId, kind: ownerId ? 'assign' : 'release', actorId: ctx.actor?.userId ?? null,
      ownerId: ownerId ?? c.ownerId, rule: null, reason: null, at: now,
    }]);
  }
  return ownerId
    ? { ownedAt: now, poolEnteredAt: null, poolId }
    : { ownedAt: null, poolEnteredAt: now, poolId, teamId: pool?.teamId ?? null };
}
