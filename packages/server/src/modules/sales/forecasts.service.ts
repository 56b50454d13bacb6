// Sales forecasts (销售预测) and quotas (销售指标): per rep and team for a month, quarter or year —
// closed won, commit, best case, weighted pipeline, a projection learned from history, the
// quota and its attainment — and the adjustments managers lay over them. Record scope is the
// opportunities' own: a rep sees their numbers, a manager their team's, an admin everyone's.
import type { z } from 'zod';
import { DateTime } from 'luxon';
import {
  periodOf, type Forecast, type ForecastAdjustment, type ForecastAdjustmentCreate, type ForecastAdjustmentListQuery, type ForecastFigures,
  type ForecastQuery, type PeriodKind, type Quota, type QuotaCreate, type QuotaListQuery, type QuotaPatch,
} from '@kehu/shared';
import { memoized, type Ctx } from '../../platform/context.js';
import { inScope, requireActor, requirePermission, scopeFilter, teamSubtree, type ScopeFilter } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { emit } from '../../platform/events.js';
import { newId } from '../../platform/crypto.js';
import { errors } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { findActiveUser } from '../identity/users.service.js';
import { getOrganization } from '../identity/organization.service.js';
import * as repo from './forecasts.repository.js';

/** The organization's currency and time zone: periods are its calendar days. */
export async function orgCalendar(ctx: Ctx): Promise<{ currency: string; timeZone: string; today: string }> {
  const org = await getOrganization(ctx);
  return { currency: org.currency, timeZone: org.timeZone, today: DateTime.fromISO(ctx.now()).setZone(org.timeZone).toISODate()! };
}

/** The instant a calendar day starts in a time zone, as stored. */
export function dayStart(date: string, timeZone: string): string {
  return DateTime.fromISO(date, { zone: timeZone }).toUTC().toJSDate().toISOString();
}

const shiftDays = (instant: string, days: number) => new Date(new Date(instant).getTime() + days * 86_400_000).toISOString();

/** The viewer's scope narrowed by team (with its sub-teams), owner and pipeline. */
export async function dealFilter(ctx: Ctx, q: { teamId?: string; ownerId?: string; pipelineId?: string }): Promise<repo.DealFilter> {
  const scope = await scopeFilter(ctx, 'opportunities');
  const teamIds = q.teamId ? await memoized(ctx, `teamSubtree:${q.teamId}`, () => teamSubtree(ctx, q.teamId!)) : undefined;
  return { scope, teamIds, ownerId: q.ownerId, pipelineId: q.pipelineId };
}

function toAdjustment(row: repo.AdjustmentRow): ForecastAdjustment {
  return {
    id: row.id,
    targetKind: row.targetKind as ForecastAdjustment['targetKind'],
    targetId: row.targetId,
    targetName: row.targetName ?? null,
    periodKind: row.periodKind as PeriodKind,
    periodStart: row.periodStart,
    commit: Number(row.commitAmount),
    bestCase: Number(row.bestCaseAmount),
    currency: row.currency,
    note: row.note,
    actorId: row.actorId,
    actorName: row.actorName ?? null,
    createdAt: row.createdAt,
  };
}

function toQuota(row: repo.QuotaRow): Quota {
  return {
    id: row.id,
    ownerKind: row.ownerKind as Quota['ownerKind'],
    ownerId: row.ownerId,
    ownerName: row.ownerName ?? null,
    periodKind: row.periodKind as PeriodKind,
    periodStart: row.periodStart,
    amount: Number(row.amount),
    currency: row.currency,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

type Model = Forecast['model'];

/**
 * Learns the projection's parameters (see ProjectionModel in the shared contract) from the
 * deals closed in the 12 months before the period that the viewer may see.
 */
async function learnModel(ctx: Ctx, f: repo.DealFilter, currency: string, periodStart: string, timeZone: string): Promise<Model> {
  const [y, m, d] = periodStart.split('-');
  const historyFrom = `${String(Number(y) - 1).padStart(4, '0')}-${m}-${d}`;
  const from = dayStart(historyFrom, timeZone);
  const to = dayStart(periodStart, timeZone);
  const [summary, stages] = await Promise.all([
    repo.closedSummary(ctx.db, ctx.platform.dialect, f, currency, from, to),
    repo.stageOutcomes(ctx.db, f, from, to),
  ]);
  return {
    historyFrom,
    historyTo: DateTime.fromISO(periodStart).minus({ days: 1 }).toISODate()!,
    closedCount: summary.won + summary.lost,
    wonCount: summary.won,
    averageCycleDays: summary.averageCycleDays === null ? null : Math.round(summary.averageCycleDays * 10) / 10,
    stages: stages.map((s) => ({ ...s, winRate: s.won / s.closed })),
  };
}

const emptyFigures = (): ForecastFigures => ({
  closedWon: 0, wonCount: 0, commit: 0, bestCase: 0, pipelineTotal: 0, weightedPipeline: 0, openCount: 0, projection: 0, quota: null, attainment: null, adjustment: null,
});

const attainmentOf = (closedWon: number, quota: number | null) => (quota ? closedWon / quota : null);

export async function computeForecast(ctx: Ctx, query: z.output<typeof ForecastQuery>): Promise<Forecast> {
  requirePermission(ctx, 'forecasts:read');
  const { currency, timeZone, today } = await orgCalendar(ctx);
  const period = periodOf(query.periodKind, query.date ?? today);
  const from = dayStart(period.start, timeZone);
  const to = dayStart(period.next, timeZone);
  const f = await dealFilter(ctx, query);
  // Learned over everything the viewer may see in the pipeline, whoever the filters single out,
  // so one rep's projection does not swing on a handful of their own deals.
  const model = await learnModel(ctx, { scope: f.scope, pipelineId: query.pipelineId }, currency, period.start, timeZone);
  const cycle = model.averageCycleDays;
  const targets: repo.TargetFilter = { teamIds: f.teamIds, id: query.ownerId };
  const periodKey = { kind: period.kind, start: period.start };
  const [won, dated, undated, quotas, adjustments] = await Promise.all([
    repo.wonByOwner(ctx.db, f, currency, from, to),
    repo.openByOwnerStage(ctx.db, f, currency, { kind: 'dated', from: period.start, to: period.next }),
    cycle === null ? [] : repo.openByOwnerStage(ctx.db, f, currency, { kind: 'undated', from: shiftDays(from, -cycle), to: shiftDays(to, -cycle) }),
    repo.periodQuotas(ctx.db, f.scope, { ...targets, kind: 'user' }, periodKey),
    repo.latestAdjustments(ctx.db, f.scope, targets, periodKey),
  ]);

  const rates = new Map(model.stages.map((s) => [s.stageId, s.winRate]));
  // Open commit and best-case amounts, unrounded sums; the figures are made from them below.
  const acc = new Map<string, ForecastFigures & { openCommit: number; openBestCase: number; weightedRaw: number; projectedRaw: number }>();
  const of = (ownerId: string) => {
    let row = acc.get(ownerId);
    if (!row) acc.set(ownerId, (row = { ...emptyFigures(), openCommit: 0, openBestCase: 0, weightedRaw: 0, projectedRaw: 0 }));
    return row;
  };
  let otherCurrencyCount = 0;
  for (const w of won) {
    const row = of(w.ownerId);
    row.closedWon += w.amount;
    row.wonCount += w.count;
    otherCurrencyCount += w.other;
  }
  // A stage's learned win rate, or the deals' own probabilities where history has none.
  const projected = (g: repo.Sums & { stageId: string }) => {
    const rate = rates.get(g.stageId);
    return rate === undefined ? g.weighted / 100 : g.amount * rate;
  };
  for (const g of dated) {
    const row = of(g.ownerId);
    row.openCount += g.count;
    row.pipelineTotal += g.amount;
    row.weightedRaw += g.weighted;
    if (g.category === 'commit') row.openCommit += g.amount;
    if (g.category === 'best_case') row.openBestCase += g.amount;
    row.projectedRaw += projected(g);
    otherCurrencyCount += g.other;
  }
  for (const g of undated) of(g.ownerId).projectedRaw += projected(g);
  for (const q of quotas) {
    if (q.currency === currency) of(q.ownerId).quota = Number(q.amount);
    else of(q.ownerId);
  }
  for (const a of adjustments) if (a.targetKind === 'user') of(a.targetId).adjustment = toAdjustment(a);

  const names = await repo.userNames(ctx.db, [...acc.keys()]);
  const rows = [...acc.entries()].map(([ownerId, r]) => {
    const { openCommit, openBestCase, weightedRaw, projectedRaw, ...figures } = r;
    const commit = r.closedWon + openCommit;
    return {
      ...figures,
      ownerId,
      ownerName: names.get(ownerId) ?? null,
      commit,
      bestCase: commit + openBestCase,
      weightedPipeline: Math.round(weightedRaw / 100),
      projection: r.closedWon + Math.round(projectedRaw),
      attainment: attainmentOf(r.closedWon, r.quota),
    };
  }).sort((a, b) => (a.ownerName ?? '').localeCompare(b.ownerName ?? '', ctx.locale) || a.ownerId.localeCompare(b.ownerId));

  const total = emptyFigures();
  for (const r of rows) {
    for (const k of ['closedWon', 'wonCount', 'commit', 'bestCase', 'pipelineTotal', 'weightedPipeline', 'openCount', 'projection'] as const) total[k] += r[k];
    if (r.quota !== null) total.quota = (total.quota ?? 0) + r.quota;
  }
  if (query.teamId && !query.ownerId) {
    const [teamQuota] = await repo.periodQuotas(ctx.db, f.scope, { kind: 'team', id: query.teamId }, periodKey);
    if (teamQuota && teamQuota.currency === currency) total.quota = Number(teamQuota.amount);
    const teamAdjustment = adjustments.find((a) => a.targetKind === 'team' && a.targetId === query.teamId);
    total.adjustment = teamAdjustment ? toAdjustment(teamAdjustment) : null;
  }
  total.attainment = attainmentOf(total.closedWon, total.quota);
  return { period: { kind: period.kind, start: period.start, end: period.end }, currency, rows, total, teamId: query.teamId ?? null, model, otherCurrencyCount };
}

/** A user or team the actor may plan for: inside their opportunities scope; anything else is unknown to them. */
async function visibleTarget(ctx: Ctx, scope: ScopeFilter, kind: 'user' | 'team', id: string, path: string): Promise<{ id: string; name: string }> {
  if (kind === 'user') {
    const user = await findActiveUser(ctx, id);
    if (user && inScope(scope, { ownerId: user.id, teamId: user.teamId })) return user;
    throw errors.invalidFields({ path, code: 'unknown', messageKey: 'user.unknown' });
  }
  const team = await repo.findTeam(ctx.db, id);
  if (team && (scope.kind === 'all' || (scope.kind === 'team' && scope.teamIds.includes(team.id)))) return team;
  throw errors.invalidFields({ path, code: 'unknown', messageKey: 'team.unknown' });
}

export async function adjustForecast(ctx: Ctx, input: z.output<typeof ForecastAdjustmentCreate>): Promise<ForecastAdjustment> {
  const actor = requirePermission(ctx, 'forecasts:adjust');
  if (input.bestCase < input.commit) throw errors.invalidFields({ path: 'bestCase', code: 'below_commit', messageKey: 'forecast.best_case_below_commit' });
  const id = newId();
  await ctx.tx(async (tx) => {
    const target = await visibleTarget(tx, await scopeFilter(tx, 'opportunities'), input.targetKind, input.targetId, 'targetId');
    const { currency } = await orgCalendar(tx);
    const period = periodOf(input.periodKind, input.date);
    const values = {
      id, targetKind: input.targetKind, targetId: target.id, periodKind: period.kind, periodStart: period.start,
      commitAmount: input.commit, bestCaseAmount: input.bestCase, currency, note: input.note || null, actorId: actor.userId, createdAt: tx.now(),
    };
    await tx.db.insertInto('forecastAdjustments').values(values).execute();
    await recordAudit(tx, {
      action: 'forecast.adjust', objectType: 'forecast_adjustment', objectId: id,
      after: { targetKind: input.targetKind, targetId: target.id, periodKind: period.kind, periodStart: period.start, commit: input.commit, bestCase: input.bestCase, currency, note: values.note },
      meta: { name: target.name },
    });
    await emit(tx, 'forecast.adjusted', {
      id, targetKind: input.targetKind, targetId: target.id, periodKind: period.kind, periodStart: period.start, commit: input.commit, bestCase: input.bestCase,
    });
  });
  return toAdjustment(await repo.findAdjustment(ctx.db, id));
}

export async function listAdjustments(ctx: Ctx, query: z.output<typeof ForecastAdjustmentListQuery>) {
  requirePermission(ctx, 'forecasts:read');
  const period = periodOf(query.periodKind, query.date);
  const rows = await repo.listAdjustments(ctx.db, await scopeFilter(ctx, 'opportunities'), {
    kind: query.targetKind, id: query.targetId, period: { kind: period.kind, start: period.start }, after: decodeCursor(query.cursor, 2), limit: query.limit,
  });
  return toPage(rows, query.limit, (r) => [r.createdAt, r.id], toAdjustment);
}

/** Quotas are read by whoever reads forecasts or sets quotas, within their scope. */
function requireQuotaReader(ctx: Ctx) {
  const actor = requireActor(ctx);
  if (!actor.permissions.has('forecasts:read') && !actor.permissions.has('quotas:manage')) throw errors.forbidden();
}

export async function listQuotas(ctx: Ctx, query: z.output<typeof QuotaListQuery>) {
  requireQuotaReader(ctx);
  const period = query.periodKind ? { kind: query.periodKind, start: query.date ? periodOf(query.periodKind, query.date).start : undefined } : undefined;
  const rows = await repo.listQuotas(ctx.db, await scopeFilter(ctx, 'opportunities'), {
    kind: query.ownerKind, id: query.ownerId, period, after: decodeCursor(query.cursor, 2), limit: query.limit,
  });
  return toPage(rows, query.limit, (r) => [r.periodStart, r.id], toQuota);
}

async function readQuota(ctx: Ctx, id: string): Promise<Quota> {
  const row = await repo.findQuota(ctx.db, await scopeFilter(ctx, 'opportunities'), id);
  if (!row) throw errors.notFound('quota');
  return toQuota(row);
}

export async function getQuota(ctx: Ctx, id: string): Promise<Quota> {
  requireQuotaReader(ctx);
  return readQuota(ctx, id);
}

const auditedQuota = ({ createdAt: _c, updatedAt: _u, version: _v, ownerName: _n, ...rest }: Quota) => rest;

export async function createQuota(ctx: Ctx, input: z.output<typeof QuotaCreate>): Promise<Quota> {
  const actor = requirePermission(ctx, 'quotas:manage');
  const id = newId();
  await ctx.tx(async (tx) => {
    const owner = await visibleTarget(tx, await scopeFilter(tx, 'opportunities'), input.ownerKind, input.ownerId, 'ownerId');
    const period = periodOf(input.periodKind, input.periodStart);
    if (await repo.quotaOf(tx.db, { kind: input.ownerKind, id: owner.id }, period)) {
      throw errors.invalidFields({ path: 'periodStart', code: 'taken', messageKey: 'quota.exists' });
    }
    const now = tx.now();
    await tx.db.insertInto('quotas').values({
      id, ownerKind: input.ownerKind, ownerId: owner.id, periodKind: period.kind, periodStart: period.start, amount: input.amount,
      currency: input.currency ?? (await orgCalendar(tx)).currency, createdAt: now, updatedAt: now, createdBy: actor.userId, version: 1,
    }).execute();
    const created = await readQuota(tx, id);
    await recordAudit(tx, { action: 'quota.create', objectType: 'quota', objectId: id, after: auditedQuota(created), meta: { name: owner.name } });
    await emit(tx, 'quota.created', { id, ownerKind: created.ownerKind, ownerId: created.ownerId, periodKind: created.periodKind, periodStart: created.periodStart, amount: created.amount });
  });
  return readQuota(ctx, id);
}

export async function updateQuota(ctx: Ctx, id: string, patch: z.output<typeof QuotaPatch>, version: number): Promise<Quota> {
  requirePermission(ctx, 'quotas:manage');
  await ctx.tx(async (tx) => {
    const before = await readQuota(tx, id);
    if (before.version !== version) throw errors.versionConflict(before.version);
    const updated = await tx.db.updateTable('quotas')
      .set({ amount: patch.amount ?? before.amount, currency: patch.currency ?? before.currency, updatedAt: tx.now(), version: version + 1 })
      .where('id', '=', id).where('version', '=', version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw errors.versionConflict(version + 1);
    const after = await readQuota(tx, id);
    await recordAudit(tx, { action: 'quota.update', objectType: 'quota', objectId: id, before: auditedQuota(before), after: auditedQuota(after), meta: { name: after.ownerName } });
    await emit(tx, 'quota.updated', { id, ownerKind: after.ownerKind, ownerId: after.ownerId, periodKind: after.periodKind, periodStart: after.periodStart, amount: after.amount });
  });
  return readQuota(ctx, id);
}

/** Quotas are plans, not business records: deleting one removes it, and the audit log keeps what it was. */
export async function deleteQuota(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'quotas:manage');
  await ctx.tx(async (tx) => {
    const before = await readQuota(tx, id);
    await tx.db.deleteFrom('quotas').where('id', '=', id).execute();
    await recordAudit(tx, { action: 'quota.delete', objectType: 'quota', objectId: id, before: auditedQuota(before), meta: { name: before.ownerName } });
    await emit(tx, 'quota.deleted', { id, ownerKind: before.ownerKind, ownerId: before.ownerId, periodKind: before.periodKind, periodStart: before.periodStart });
  });
}
