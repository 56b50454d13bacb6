// Queries of the shared customer pool (公海): pools, the customers waiting in them, their moves
// in and out, the reclaim warnings sent, and the set-based scans of the nightly reclaim.
import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/context.js';
import type { Dialect } from '../../platform/db/connect.js';
import type { CustomerPoolMoveTable, CustomerPoolTable } from '../../db/schema.js';
import type { CursorKey } from '../../platform/http/pagination.js';
import { matchesText, planTextSearch } from './repository.js';

export type PoolRow = Selectable<CustomerPoolTable> & { teamName: string | null };
export type MoveRow = Selectable<CustomerPoolMoveTable>;

function pools(db: Executor) {
  return db.selectFrom('customerPools').leftJoin('teams', 'teams.id', 'customerPools.teamId')
    .selectAll('customerPools').select('teams.name as teamName').where('customerPools.deletedAt', 'is', null);
}

/** Live pools, the default first; with teamIds, only company-wide pools and those teams'. */
export function listPoolRows(db: Executor, teamIds: string[] | null): Promise<PoolRow[]> {
  let q = pools(db);
  if (teamIds) q = q.where((eb) => eb.or([eb('customerPools.teamId', 'is', null), ...(teamIds.length ? [eb('customerPools.teamId', 'in', teamIds)] : [])]));
  return q.orderBy('customerPools.isDefault', 'desc').orderBy('customerPools.name').orderBy('customerPools.id').execute();
}

export function findPoolRow(db: Executor, id: string): Promise<PoolRow | undefined> {
  return pools(db).where('customerPools.id', '=', id).executeTakeFirst();
}

export function findTeamPool(db: Executor, teamId: string, exceptId?: string) {
  let q = db.selectFrom('customerPools').select('id').where('teamId', '=', teamId).where('deletedAt', 'is', null);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

/** Customers waiting (without an owner) in each pool. */
export async function waitingCounts(db: Executor, poolIds: string[]): Promise<Map<string, number>> {
  if (!poolIds.length) return new Map();
  const rows = await db.selectFrom('customers').select(['poolId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('poolId', 'in', poolIds).where('ownerId', 'is', null).where('deletedAt', 'is', null).groupBy('poolId').execute();
  return new Map(rows.map((r) => [r.poolId!, Number(r.n)]));
}

/** Live customers a user owns, for the claim limit. */
export async function ownedCount(db: Executor, userId: string): Promise<number> {
  const row = await db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ownerId', '=', userId).where('deletedAt', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A page of the customers waiting in a pool, most recently returned first. */
export async function listWaiting(db: Executor, dialect: Dialect, poolId: string, f: { q?: string; after: CursorKey | null; limit: number }) {
  const search = await planTextSearch(db, dialect, 'customers', { kind: 'all' }, f.q);
  let q = db.selectFrom('customers')
    .select(['customers.id', 'customers.name', 'customers.type', 'customers.industry', 'customers.province', 'customers.city', 'customers.grade',
      'customers.stage', 'customers.tags', 'customers.poolId', 'customers.poolEnteredAt', 'customers.createdAt'])
    .where('customers.poolId', '=', poolId).where('customers.ownerId', 'is', null).where('customers.deletedAt', 'is', null);
  if (search) q = q.where(() => matchesText(dialect, search));
  if (f.after) {
    const [at, id] = f.after as [string, string];
    q = q.where((eb) => eb(eb.refTuple('customers.poolEnteredAt', 'customers.id'), '<', eb.tuple(at, id)));
  }
  return q.orderBy('customers.poolEnteredAt', 'desc').orderBy('customers.id', 'desc').limit(f.limit + 1).execute();
}

/** The newest activity of each customer that has happened by `now` (a meeting planned for later is not a follow-up yet). */
export async function lastActivities(db: Executor, customerIds: string[], now: string): Promise<Map<string, string>> {
  if (!customerIds.length) return new Map();
  const rows = await db.selectFrom('activities').select(['customerId', (eb) => eb.fn.max('occurredAt').as('at')])
    .where('customerId', 'in', customerIds).where('deletedAt', 'is', null).where('occurredAt', '<=', now).groupBy('customerId').execute();
  return new Map(rows.map((r) => [r.customerId!, new Date(r.at as string).toISOString()]));
}

/** When each customer last won a deal. */
export async function lastWins(db: Executor, customerIds: string[]): Promise<Map<string, string>> {
  if (!customerIds.length) return new Map();
  const rows = await db.selectFrom('opportunities').select(['customerId', (eb) => eb.fn.max('closedAt').as('at')])
    .where('customerId', 'in', customerIds).where('status', '=', 'won').where('deletedAt', 'is', null).where('closedAt', 'is not', null)
    .groupBy('customerId').execute();
  return new Map(rows.map((r) => [r.customerId!, new Date(r.at as string).toISOString()]));
}

/** Every move of the given customers, newest first, with the names of the owners involved. */
export function movesOf(db: Executor, customerIds: string[]) {
  if (!customerIds.length) return Promise.resolve([]);
  return db.selectFrom('customerPoolMoves').leftJoin('users as owner', 'owner.id', 'customerPoolMoves.ownerId')
    .selectAll('customerPoolMoves').select('owner.name as ownerName')
    .where('customerPoolMoves.customerId', 'in', customerIds)
    .orderBy('customerPoolMoves.at', 'desc').orderBy('customerPoolMoves.id', 'desc').execute();
}

export function insertMoves(db: Executor, moves: MoveRow[]) {
  return moves.length ? db.insertInto('customerPoolMoves').values(moves).execute() : Promise.resolve();
}

/**
 * Owned customers of a pool that are due back by `horizon` under its rules, in (owner, id)
 * order from a keyset: a customer is due when neither an activity after `followUpSince` nor
 * a win after `wonSince` exists, counting from when its owner took it. One indexed walk over
 * the pool's owned customers, with an index probe per customer for each rule.
 */
export function dueCustomers(
  db: Executor,
  poolId: string,
  rules: { followUpSince: string | null; wonSince: string | null; now: string },
  after: [string, string] | null,
  limit: number,
) {
  let q = db.selectFrom('customers as c')
    .select(['c.id', 'c.name', 'c.ownerId', 'c.teamId', 'c.ownedAt', 'c.createdAt', 'c.version'])
    .where('c.poolId', '=', poolId).where('c.ownerId', 'is not', null).where('c.deletedAt', 'is', null)
    .where((eb) => {
      const since = eb.fn.coalesce('c.ownedAt', 'c.createdAt');
      const due = [];
      if (rules.followUpSince) {
        const cut = rules.followUpSince;
        due.push(eb.and([
          eb(since, '<=', cut),
          eb.not(eb.exists(eb.selectFrom('activities as a').select('a.id').whereRef('a.customerId', '=', 'c.id')
            .where('a.deletedAt', 'is', null).where('a.occurredAt', '>', cut).where('a.occurredAt', '<=', rules.now))),
        ]));
      }
      if (rules.wonSince) {
        const cut = rules.wonSince;
        due.push(eb.and([
          eb(since, '<=', cut),
          // The status is read through coalesce so that SQLite probes the customer's own deals
          // (opportunities_customer_idx) rather than every win since the cut (opportunities_closed_idx).
          eb.not(eb.exists(eb.selectFrom('opportunities as o').select('o.id').whereRef('o.customerId', '=', 'c.id')
            .where((o) => o(o.fn.coalesce('o.status', o.val('')), '=', 'won')).where('o.deletedAt', 'is', null).where('o.closedAt', '>', cut))),
        ]));
      }
      return eb.or(due);
    });
  if (after) q = q.where((eb) => eb(eb.refTuple('c.ownerId', 'c.id'), '>', eb.tuple(after[0], after[1])));
  return q.orderBy('c.ownerId').orderBy('c.id').limit(limit).execute();
}

/** Which of these (customer, owner, due time) warnings were already sent. */
export async function sentWarnings(db: Executor, customerIds: string[]): Promise<Set<string>> {
  if (!customerIds.length) return new Set();
  const rows = await db.selectFrom('customerPoolWarnings').select(['customerId', 'ownerId', 'dueAt']).where('customerId', 'in', customerIds).execute();
  return new Set(rows.map((r) => warningKey(r.customerId, r.ownerId, new Date(r.dueAt).toISOString())));
}

export const warningKey = (customerId: string, ownerId: string, dueAt: string) => `${customerId}|${ownerId}|${dueAt}`;
