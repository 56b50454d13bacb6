// Pipeline insights: the funnel of one pipeline (how many deals reached each stage and how
// many went on), win rate, average won deal, sales cycle length, and the deals that stalled.
// Same record scope as the forecast: the opportunities the viewer may see.
import type { z } from 'zod';
import { DateTime } from 'luxon';
import type { PipelineStats, PipelineStatsQuery } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requirePermission } from '../../platform/authz/index.js';
import { errors } from '../../platform/http/errors.js';
import { dayStart, dealFilter, orgCalendar } from './forecasts.service.js';
import { defaultPipeline, findPipeline } from './pipelines.service.js';
import * as repo from './forecasts.repository.js';

const DAY_MS = 86_400_000;

export async function pipelineStats(ctx: Ctx, query: z.output<typeof PipelineStatsQuery>): Promise<PipelineStats> {
  requirePermission(ctx, 'forecasts:read');
  const { currency, timeZone, today } = await orgCalendar(ctx);
  const pipeline = query.pipelineId ? await findPipeline(ctx, query.pipelineId) : await defaultPipeline(ctx);
  if (!pipeline) throw errors.notFound('pipeline');
  const to = query.to ?? today;
  const from = query.from ?? DateTime.fromISO(to).minus({ years: 1 }).plus({ days: 1 }).toISODate()!;
  if (from > to) throw errors.invalidFields({ path: 'from', code: 'after_to', messageKey: 'period.from_after_to' });
  const fromAt = dayStart(from, timeZone);
  const toAt = dayStart(DateTime.fromISO(to).plus({ days: 1 }).toISODate()!, timeZone);
  const f = { ...(await dealFilter(ctx, query)), pipelineId: pipeline.id };
  const now = new Date(ctx.now()).getTime();
  const cutoff = new Date(now - query.stalledDays * DAY_MS).toISOString();

  const [created, furthest, closed, stalled, stalledRows] = await Promise.all([
    repo.createdCount(ctx.db, f, fromAt, toAt),
    repo.furthestStages(ctx.db, f, fromAt, toAt),
    repo.closedSummary(ctx.db, ctx.platform.dialect, f, currency, fromAt, toAt),
    repo.stalledSummary(ctx.db, f, currency, cutoff),
    repo.stalledDeals(ctx.db, f, cutoff, query.stalledLimit),
  ]);

  // Stages are stored in order (position = index): open ones, then won; a deal that reached a
  // later stage has passed the earlier ones even where it skipped them.
  const steps = pipeline.stages.filter((s) => s.kind !== 'lost');
  const reachedAt = (index: number) => furthest.filter((r) => r.position >= index).reduce((sum, r) => sum + r.count, 0);
  const reached = steps.map((s) => reachedAt(pipeline.stages.indexOf(s)));
  const funnel = steps.map((s, i) => ({
    stageId: s.id,
    stageName: s.name,
    kind: s.kind,
    reached: reached[i]!,
    conversionToNext: i + 1 < steps.length && reached[i]! > 0 ? reached[i + 1]! / reached[i]! : null,
  }));

  const lastActivity = await repo.latestActivities(ctx.db, [...new Set(stalledRows.map((r) => r.customerId))]);
  const deals = stalledRows.map((r) => {
    const activity = lastActivity.get(r.customerId);
    const lastTouchAt = activity && activity > r.updatedAt ? activity : r.updatedAt;
    const stage = pipeline.stages.find((s) => s.id === r.stageId);
    return {
      id: r.id,
      name: r.name,
      customerId: r.customerId,
      customerName: r.customerName,
      ownerId: r.ownerId,
      ownerName: r.ownerName,
      stageId: r.stageId,
      stageName: stage?.name ?? { 'zh-CN': '—' },
      amount: r.amount === null ? null : Number(r.amount),
      currency: r.currency,
      expectedCloseDate: r.expectedCloseDate,
      lastTouchAt,
      idleDays: Math.floor((now - new Date(lastTouchAt).getTime()) / DAY_MS),
    };
  });

  const decided = closed.won + closed.lost;
  return {
    pipelineId: pipeline.id,
    currency,
    from,
    to,
    created,
    funnel,
    won: closed.won,
    lost: closed.lost,
    winRate: decided ? closed.won / decided : null,
    wonAmount: closed.wonAmount,
    averageWonAmount: closed.wonPriced ? Math.round(closed.wonAmount / closed.wonPriced) : null,
    averageCycleDays: closed.averageCycleDays === null ? null : Math.round(closed.averageCycleDays * 10) / 10,
    stalled: { days: query.stalledDays, count: stalled.count + stalled.other, amount: stalled.amount, deals },
  };
}
