// Queries of forecasting: quotas, forecast adjustments, and the sums over opportunities that
// forecasts and pipeline figures are made of. Every sum is a GROUP BY in the database, so the
// figures cost the same whether a team has ten deals or half a million.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { ScopeFilter } from '../../platform/authz/index.js';
import { scopeCondition } from '../../platform/authz/sql.js';
import type { Executor } from '../../platform/context.js';
import type { Dialect } from '../../platform/db/connect.js';
import { daysBetween } from '../../platform/db/dialect.js';
import type { CursorKey } from '../../platform/http/pagination.js';

/** Which opportunities a figure covers: the viewer's scope narrowed by the filters. */
export interface DealFilter {
  scope: ScopeFilter;
  /** A team and the teams below it. */
  teamIds?: string[];
  ownerId?: string;
  pipelineId?: string;
}

function deals(db: Executor, f: DealFilter) {
  return db
    .selectFrom('opportunities')
    .where('opportunities.deletedAt', 'is', null)
    .where((eb) => scopeCondition(eb, f.scope, { owner: 'opportunities.ownerId', team: 'opportunities.teamId' }))
    .$if(!!f.teamIds, (q) => q.where('opportunities.teamId', 'in', f.teamIds!))
    .$if(!!f.ownerId, (q) => q.where('opportunities.ownerId', '=', f.ownerId!))
    .$if(!!f.pipelineId, (q) => q.where('opportunities.pipelineId', '=', f.pipelineId!));
}

const n = (v: unknown) => Number(v ?? 0);

/** Sums in the organization's currency; deals in another are only counted. */
function currencySums(currency: string) {
  return [
    sql<number>`sum(case when opportunities.currency = ${currency} then 1 else 0 end)`.as('count'),
    sql<number>`coalesce(sum(case when opportunities.currency = ${currency} then opportunities.amount else 0 end), 0)`.as('amount'),
    sql<number>`coalesce(sum(case when opportunities.currency = ${currency} then opportunities.amount * opportunities.probability else 0 end), 0)`.as('weighted'),
    sql<number>`sum(case when opportunities.currency <> ${currency} then 1 else 0 end)`.as('other'),
  ] as const;
}

export interface Sums {
  count: number;
  amount: number;
  /** Σ amount × probability, in minor units × percent. */
  weighted: number;
  other: number;
}

const toSums = (r: { count: unknown; amount: unknown; weighted: unknown; other: unknown }): Sums => ({
  count: n(r.count), amount: n(r.amount), weighted: n(r.weighted), other: n(r.other),
});

/** Deals won between two instants, per owner. */
export async function wonByOwner(db: Executor, f: DealFilter, currency: string, from: string, to: string) {
  const rows = await deals(db, f)
    .where('opportunities.status', '=', 'won')
    .where('opportunities.closedAt', '>=', from)
    .where('opportunities.closedAt', '<', to)
    .select(['opportunities.ownerId', ...currencySums(currency)])
    .groupBy('opportunities.ownerId')
    .execute();
  return rows.map((r) => ({ ownerId: r.ownerId, ...toSums(r) }));
}

export type OpenWindow =
  /** Expected to close on a day in [from, to). */
  | { kind: 'dated'; from: string; to: string }
  /** No expected close date, created between two instants. */
  | { kind: 'undated'; from: string; to: string };

/** Open deals not omitted from the forecast, per owner, stage and forecast category. */
export async function openByOwnerStage(db: Executor, f: DealFilter, currency: string, window: OpenWindow) {
  let q = deals(db, f).where('opportunities.status', '=', 'open').where('opportunities.forecastCategory', '!=', 'omitted');
  q = window.kind === 'dated'
    ? q.where('opportunities.expectedCloseDate', '>=', window.from).where('opportunities.expectedCloseDate', '<', window.to)
    : q.where('opportunities.expectedCloseDate', 'is', null).where('opportunities.createdAt', '>=', window.from).where('opportunities.createdAt', '<', window.to);
  const rows = await q
    .select(['opportunities.ownerId', 'opportunities.stageId', 'opportunities.forecastCategory', ...currencySums(currency)])
    .groupBy(['opportunities.ownerId', 'opportunities.stageId', 'opportunities.forecastCategory'])
    .execute();
  return rows.map((r) => ({ ownerId: r.ownerId, stageId: r.stageId, category: r.forecastCategory, ...toSums(r) }));
}

/** Deals closed between two instants: how many won and lost, the won amount, the average days to a win. */
export async function closedSummary(db: Executor, dialect: Dialect, f: DealFilter, currency: string, from: string, to: string) {
  const row = await deals(db, f)
    .where('opportunities.status', 'in', ['won', 'lost'])
    .where('opportunities.closedAt', '>=', from)
    .where('opportunities.closedAt', '<', to)
    .select([
      sql<number>`sum(case when opportunities.status = 'won' then 1 else 0 end)`.as('won'),
      sql<number>`sum(case when opportunities.status = 'lost' then 1 else 0 end)`.as('lost'),
      sql<number>`coalesce(sum(case when opportunities.status = 'won' and opportunities.currency = ${currency} then opportunities.amount end), 0)`.as('wonAmount'),
      sql<number>`sum(case when opportunities.status = 'won' and opportunities.currency = ${currency} and opportunities.amount is not null then 1 else 0 end)`.as('wonPriced'),
      sql<number | null>`avg(case when opportunities.status = 'won' then ${daysBetween(dialect, 'opportunities.createdAt', 'opportunities.closedAt')} end)`.as('cycleDays'),
    ])
    .executeTakeFirstOrThrow();
  return {
    won: n(row.won), lost: n(row.lost), wonAmount: n(row.wonAmount), wonPriced: n(row.wonPriced),
    averageCycleDays: row.cycleDays === null ? null : Number(row.cycleDays),
  };
}

/** For each stage, how many of the deals closed between two instants passed through it, and how many of those were won. */
export async function stageOutcomes(db: Executor, f: DealFilter, from: string, to: string) {
  const rows = await deals(db, f)
    .innerJoin('opportunityStageHistory as h', 'h.opportunityId', 'opportunities.id')
    .where('opportunities.status', 'in', ['won', 'lost'])
    .where('opportunities.closedAt', '>=', from)
    .where('opportunities.closedAt', '<', to)
    .select([
      'h.stageId',
      sql<number>`count(distinct opportunities.id)`.as('closed'),
      sql<number>`count(distinct case when opportunities.status = 'won' then opportunities.id end)`.as('won'),
    ])
    .groupBy('h.stageId')
    .execute();
  return rows.map((r) => ({ stageId: r.stageId, closed: n(r.closed), won: n(r.won) }));
}

/** Deals of a pipeline created between two instants, by the furthest stage (position) each reached, lost left aside. */
export async function furthestStages(db: Executor, f: DealFilter & { pipelineId: string }, from: string, to: string) {
  const reached = deals(db, f)
    .innerJoin('opportunityStageHistory as h', 'h.opportunityId', 'opportunities.id')
    .innerJoin('pipelineStages as s', (j) => j.onRef('s.id', '=', 'h.stageId').onRef('s.pipelineId', '=', 'opportunities.pipelineId'))
    .where('opportunities.createdAt', '>=', from)
    .where('opportunities.createdAt', '<', to)
    .where('s.kind', '!=', 'lost')
    .select(['opportunities.id', (eb) => eb.fn.max('s.position').as('furthest')])
    .groupBy('opportunities.id');
  const rows = await db
    .selectFrom(reached.as('r'))
    .select(['r.furthest', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('r.furthest')
    .execute();
  return rows.map((r) => ({ position: n(r.furthest), count: n(r.count) }));
}

export async function createdCount(db: Executor, f: DealFilter & { pipelineId: string }, from: string, to: string): Promise<number> {
  const row = await deals(db, f)
    .where('opportunities.createdAt', '>=', from)
    .where('opportunities.createdAt', '<', to)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return n(row.count);
}

/**
 * Open deals with no change since `cutoff` whose customer has no activity since then either.
 * Activities belong to customers (an opportunity link may come later), so the customer's
 * latest activity stands for the deal's.
 */
function stalled(db: Executor, f: DealFilter, cutoff: string) {
  return deals(db, f)
    .where('opportunities.status', '=', 'open')
    .where('opportunities.updatedAt', '<', cutoff)
    .where((eb) => eb.not(eb.exists(
      eb.selectFrom('activities')
        .select('activities.id')
        .whereRef('activities.customerId', '=', 'opportunities.customerId')
        .where('activities.deletedAt', 'is', null)
        .where('activities.occurredAt', '>=', cutoff),
    )));
}

export async function stalledSummary(db: Executor, f: DealFilter, currency: string, cutoff: string) {
  const row = await stalled(db, f, cutoff).select([...currencySums(currency)]).executeTakeFirstOrThrow();
  return toSums(row);
}

export function stalledDeals(db: Executor, f: DealFilter, cutoff: string, limit: number) {
  return stalled(db, f, cutoff)
    .innerJoin('customers', 'customers.id', 'opportunities.customerId')
    .leftJoin('users as owner', 'owner.id', 'opportunities.ownerId')
    .select([
      'opportunities.id', 'opportunities.name', 'opportunities.customerId', 'customers.name as customerName', 'opportunities.ownerId',
      'owner.name as ownerName', 'opportunities.stageId', 'opportunities.amount', 'opportunities.currency', 'opportunities.expectedCloseDate',
      'opportunities.updatedAt',
    ])
    .orderBy(sql`coalesce(opportunities.amount, -1)`, 'desc')
    .orderBy('opportunities.updatedAt')
    .orderBy('opportunities.id')
    .limit(limit)
    .execute();
}

/** The latest activity time of each customer. */
export async function latestActivities(db: Executor, customerIds: string[]): Promise<Map<string, string>> {
  if (!customerIds.length) return new Map();
  const rows = await db
    .selectFrom('activities')
    .select(['activities.customerId', (eb) => eb.fn.max('activities.occurredAt').as('at')])
    .where('activities.customerId', 'in', customerIds)
    .where('activities.deletedAt', 'is', null)
    .groupBy('activities.customerId')
    .execute();
  return new Map(rows.map((r) => [r.customerId!, String(r.at)]));
}

// Quotas and adjustments belong to a user or a team. A viewer sees those of users and teams
// inside their opportunities scope: themselves (own), their team's people and teams (team), all.

function targetVisible(scope: ScopeFilter, cols: { kind: string; id: string }): Expression<SqlBool> {
  const kind = sql.ref(cols.kind);
  const id = sql.ref(cols.id);
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  if (scope.kind === 'own') return sql<SqlBool>`(${kind} = 'user' and ${id} = ${scope.userId})`;
  const teams = sql.join(scope.teamIds);
  return sql<SqlBool>`((${kind} = 'user' and (${id} = ${scope.userId} or ${sql.ref('tu.teamId')} in (${teams}))) or (${kind} = 'team' and ${id} in (${teams})))`;
}

/** Narrowing to one owner and/or the people of some teams (a team filter also keeps the teams' own rows). */
export interface TargetFilter {
  kind?: 'user' | 'team';
  id?: string;
  teamIds?: string[];
}

function quotaRows(db: Executor, scope: ScopeFilter, f: TargetFilter) {
  return db
    .selectFrom('quotas')
    .leftJoin('users as tu', (j) => j.onRef('tu.id', '=', 'quotas.ownerId').on('quotas.ownerKind', '=', 'user'))
    .leftJoin('teams as tt', (j) => j.onRef('tt.id', '=', 'quotas.ownerId').on('quotas.ownerKind', '=', 'team'))
    .selectAll('quotas')
    .select((eb) => eb.fn.coalesce('tu.name', 'tt.name').as('ownerName'))
    .select('tu.teamId as ownerTeamId')
    .where(targetVisible(scope, { kind: 'quotas.ownerKind', id: 'quotas.ownerId' }))
    .$if(!!f.kind, (q) => q.where('quotas.ownerKind', '=', f.kind!))
    .$if(!!f.id, (q) => q.where('quotas.ownerId', '=', f.id!))
    .$if(!!f.teamIds, (q) => q.where((eb) => eb.or([eb('tu.teamId', 'in', f.teamIds!), eb.and([eb('quotas.ownerKind', '=', 'team'), eb('quotas.ownerId', 'in', f.teamIds!)])])));
}

export type QuotaRow = Awaited<ReturnType<typeof findQuota>> & {};

export function findQuota(db: Executor, scope: ScopeFilter, id: string) {
  return quotaRows(db, scope, {}).where('quotas.id', '=', id).executeTakeFirst();
}

export function quotaOf(db: Executor, owner: { kind: string; id: string }, period: { kind: string; start: string }) {
  return db.selectFrom('quotas').selectAll()
    .where('ownerKind', '=', owner.kind).where('ownerId', '=', owner.id)
    .where('periodKind', '=', period.kind).where('periodStart', '=', period.start)
    .executeTakeFirst();
}

export function periodQuotas(db: Executor, scope: ScopeFilter, f: TargetFilter, period: { kind: string; start: string }) {
  return quotaRows(db, scope, f).where('quotas.periodKind', '=', period.kind).where('quotas.periodStart', '=', period.start).execute();
}

/** Newest period first, then by id; keyset over (period start, id). */
export function listQuotas(db: Executor, scope: ScopeFilter, f: TargetFilter & { period?: { kind: string; start?: string }; after: CursorKey | null; limit: number }) {
  let q = quotaRows(db, scope, f);
  if (f.period) q = q.where('quotas.periodKind', '=', f.period.kind);
  if (f.period?.start) q = q.where('quotas.periodStart', '=', f.period.start);
  if (f.after) {
    const [start, id] = f.after;
    q = q.where(sql<SqlBool>`(quotas.period_start, quotas.id) < (${start}, ${id})`);
  }
  return q.orderBy('quotas.periodStart', 'desc').orderBy('quotas.id', 'desc').limit(f.limit + 1).execute();
}

function adjustmentRows(db: Executor, scope: ScopeFilter, f: TargetFilter) {
  return db
    .selectFrom('forecastAdjustments')
    .leftJoin('users as tu', (j) => j.onRef('tu.id', '=', 'forecastAdjustments.targetId').on('forecastAdjustments.targetKind', '=', 'user'))
    .leftJoin('teams as tt', (j) => j.onRef('tt.id', '=', 'forecastAdjustments.targetId').on('forecastAdjustments.targetKind', '=', 'team'))
    .leftJoin('users as actor', 'actor.id', 'forecastAdjustments.actorId')
    .selectAll('forecastAdjustments')
    .select((eb) => [eb.fn.coalesce('tu.name', 'tt.name').as('targetName'), 'actor.name as actorName'])
    .where(targetVisible(scope, { kind: 'forecastAdjustments.targetKind', id: 'forecastAdjustments.targetId' }))
    .$if(!!f.kind, (q) => q.where('forecastAdjustments.targetKind', '=', f.kind!))
    .$if(!!f.id, (q) => q.where('forecastAdjustments.targetId', '=', f.id!))
    .$if(!!f.teamIds, (q) => q.where((eb) => eb.or([
      eb('tu.teamId', 'in', f.teamIds!),
      eb.and([eb('forecastAdjustments.targetKind', '=', 'team'), eb('forecastAdjustments.targetId', 'in', f.teamIds!)]),
    ])));
}

export type AdjustmentRow = Awaited<ReturnType<typeof listAdjustments>>[number];

/** The history of a period, newest first; keyset over (created at, id). */
export function listAdjustments(db: Executor, scope: ScopeFilter, f: TargetFilter & { period: { kind: string; start: string }; after: CursorKey | null; limit: number }) {
  let q = adjustmentRows(db, scope, f)
    .where('forecastAdjustments.periodKind', '=', f.period.kind)
    .where('forecastAdjustments.periodStart', '=', f.period.start);
  if (f.after) {
    const [at, id] = f.after;
    q = q.where((eb) => eb.or([
      eb('forecastAdjustments.createdAt', '<', String(at)),
      eb.and([eb('forecastAdjustments.createdAt', '=', String(at)), eb('forecastAdjustments.id', '<', String(id))]),
    ]));
  }
  return q.orderBy('forecastAdjustments.createdAt', 'desc').orderBy('forecastAdjustments.id', 'desc').limit(f.limit + 1).execute();
}

/** The adjustment that counts for each target of a period: its latest. */
export async function latestAdjustments(db: Executor, scope: ScopeFilter, f: TargetFilter, period: { kind: string; start: string }) {
  const ranked = adjustmentRows(db, scope, f)
    .where('forecastAdjustments.periodKind', '=', period.kind)
    .where('forecastAdjustments.periodStart', '=', period.start)
    .select((eb) => eb.fn.agg<number>('row_number').over((o) => o
      .partitionBy(['forecastAdjustments.targetKind', 'forecastAdjustments.targetId'])
      .orderBy('forecastAdjustments.createdAt', 'desc')
      .orderBy('forecastAdjustments.id', 'desc')).as('recency'));
  const rows = await db.selectFrom(ranked.as('a')).selectAll().where('a.recency', '=', 1).execute();
  return rows.map(({ recency: _r, ...row }) => row as AdjustmentRow);
}

export function findAdjustment(db: Executor, id: string) {
  return adjustmentRows(db, { kind: 'all' }, {}).where('forecastAdjustments.id', '=', id).executeTakeFirstOrThrow();
}

/** Names of users by id (owners of forecast rows). */
export async function userNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function findTeam(db: Executor, id: string) {
  return db.selectFrom('teams').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}
