// Contract of sales forecasting (销售预测): quotas (销售指标) per user or team and period, the
// forecast by rep with its team total, managers' adjustments, and the pipeline figures
// (funnel, win rate, deal size, cycle length, stalled deals).
import { z } from 'zod';
import { Currency, Id, IsoDateTime, ListQuery, Version } from './common.js';
import { LocalizedLabel } from './custom-fields.js';
import { StageKind } from './sales.js';

export const periodKinds = ['month', 'quarter', 'year'] as const;
export const PeriodKind = z.enum(periodKinds);
export type PeriodKind = z.infer<typeof PeriodKind>;

/** A calendar date, YYYY-MM-DD. */
const IsoDate = z.iso.date();
/** Money in minor units (分); never floats. */
const MinorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A period: its first and last day (both inclusive), in the organization's time zone. */
export const Period = z.object({ kind: PeriodKind, start: IsoDate, end: IsoDate });
export type Period = z.infer<typeof Period>;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const ymd = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/**
 * The month, quarter or year holding a date. Quarters and years follow the calendar
 * (Q1 starts on 1 January). `next` is the first day after the period.
 */
export function periodOf(kind: PeriodKind, date: string): Period & { next: string } {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const firstMonth = kind === 'month' ? month : kind === 'quarter' ? month - ((month - 1) % 3) : 1;
  const months = kind === 'month' ? 1 : kind === 'quarter' ? 3 : 12;
  const after = firstMonth + months;
  const next = after > 12 ? ymd(year + 1, after - 12, 1) : ymd(year, after, 1);
  const [ny, nm] = next.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(ny, nm - 1, 0)).getUTCDate();
  const endMonth = nm === 1 ? 12 : nm - 1;
  const endYear = nm === 1 ? ny - 1 : ny;
  return { kind, start: ymd(year, firstMonth, 1), end: ymd(endYear, endMonth, last), next };
}

/** The period just before the one holding `date`. */
export function previousPeriod(kind: PeriodKind, date: string): Period & { next: string } {
  const { start } = periodOf(kind, date);
  const [y, m] = start.split('-').map(Number) as [number, number];
  return periodOf(kind, m === 1 ? ymd(y - 1, 12, 1) : ymd(y, m - 1, 1));
}

export const quotaOwnerKinds = ['user', 'team'] as const;
export const QuotaOwnerKind = z.enum(quotaOwnerKinds);
export type QuotaOwnerKind = z.infer<typeof QuotaOwnerKind>;

/** What a user or team is expected to win in a period. One per owner and period. */
export const Quota = z.object({
  id: Id,
  ownerKind: QuotaOwnerKind,
  ownerId: Id,
  ownerName: z.string().nullable(),
  periodKind: PeriodKind,
  /** First day of the period. */
  periodStart: IsoDate,
  amount: z.number().int(),
  currency: Currency,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Quota = z.infer<typeof Quota>;

export const QuotaCreate = z.object({
  ownerKind: QuotaOwnerKind,
  ownerId: Id,
  periodKind: PeriodKind,
  /** Any day of the period; the quota is stored from the period's first day. */
  periodStart: IsoDate,
  amount: MinorUnits,
  /** The organization's currency when left out. */
  currency: Currency.optional(),
});
export type QuotaCreate = z.infer<typeof QuotaCreate>;

/** Owner and period are the quota's identity: a different one is a different quota. */
export const QuotaPatch = z.object({ amount: MinorUnits.optional(), currency: Currency.optional(), version: Version.optional() });
export type QuotaPatch = z.infer<typeof QuotaPatch>;

export const QuotaListQuery = ListQuery.extend({
  periodKind: PeriodKind.optional(),
  /** Quotas of the period (of `periodKind`) that holds this day. */
  date: IsoDate.optional(),
  ownerKind: QuotaOwnerKind.optional(),
  ownerId: Id.optional(),
});

export const forecastTargetKinds = quotaOwnerKinds;
export const ForecastTargetKind = QuotaOwnerKind;

/**
 * A manager's view of a rep's or a team's period, laid over the figures the opportunities
 * give. Adjustments are never edited: a new one replaces the last, and all stay as history.
 */
export const ForecastAdjustment = z.object({
  id: Id,
  targetKind: ForecastTargetKind,
  targetId: Id,
  targetName: z.string().nullable(),
  periodKind: PeriodKind,
  periodStart: IsoDate,
  commit: z.number().int(),
  bestCase: z.number().int(),
  currency: Currency,
  note: z.string().nullable(),
  actorId: Id.nullable(),
  actorName: z.string().nullable(),
  createdAt: IsoDateTime,
});
export type ForecastAdjustment = z.infer<typeof ForecastAdjustment>;

export const ForecastAdjustmentCreate = z.object({
  targetKind: ForecastTargetKind,
  targetId: Id,
  periodKind: PeriodKind,
  /** Any day of the period. */
  date: IsoDate,
  /** Adjusted commit and best case in minor units of the organization's currency; best case is at least commit. */
  commit: MinorUnits,
  bestCase: MinorUnits,
  note: z.string().trim().max(2000).nullable().optional(),
});
export type ForecastAdjustmentCreate = z.infer<typeof ForecastAdjustmentCreate>;

export const ForecastAdjustmentListQuery = ListQuery.extend({
  periodKind: PeriodKind,
  date: IsoDate,
  targetKind: ForecastTargetKind.optional(),
  targetId: Id.optional(),
});

export const ForecastQuery = z.object({
  periodKind: PeriodKind.default('quarter'),
  /** Any day of the period; today (in the organization's time zone) when left out. */
  date: IsoDate.optional(),
  teamId: Id.optional(),
  ownerId: Id.optional(),
  pipelineId: Id.optional(),
});
export type ForecastQuery = z.infer<typeof ForecastQuery>;

/**
 * The figures of one rep, or of everyone shown. Sums are in minor units of the organization's
 * currency; deals in another currency are left out of them (see `otherCurrencyCount`).
 * "In the period" means won with a close time inside it, or open with an expected close date
 * inside it. Deals in the `omitted` forecast category count in no figure except closed won.
 *
 * - closedWon: amounts of deals won in the period.
 * - commit: closedWon + open deals the owner put in the `commit` category.
 * - bestCase: commit + open deals in the `best_case` category (so best case ≥ commit, as in
 *   most CRMs: what comes in if the likely deals and the hopeful ones all close).
 * - pipelineTotal: every open deal in the period (pipeline, best case and commit), unweighted.
 * - weightedPipeline: Σ amount × probability over the same open deals.
 * - projection: the history-based forecast, see `ProjectionModel`.
 * - attainment: closedWon / quota as a ratio (1 = 100 %); null without a quota.
 */
export const ForecastFigures = z.object({
  closedWon: z.number().int(),
  wonCount: z.number().int(),
  commit: z.number().int(),
  bestCase: z.number().int(),
  pipelineTotal: z.number().int(),
  weightedPipeline: z.number().int(),
  openCount: z.number().int(),
  projection: z.number().int(),
  quota: z.number().int().nullable(),
  attainment: z.number().nullable(),
  /** The latest manager adjustment of this rep's (or the team's) period, if any. */
  adjustment: ForecastAdjustment.nullable(),
});
export type ForecastFigures = z.infer<typeof ForecastFigures>;

export const ForecastRow = ForecastFigures.extend({ ownerId: Id, ownerName: z.string().nullable() });
export type ForecastRow = z.infer<typeof ForecastRow>;

/**
 * How the projection was learned. From the deals closed (won or lost) in the 12 months before
 * the period — those the viewer may see, in the chosen pipeline if one is chosen, whoever owns
 * them — it takes for each stage the share of deals that passed through it and were won
 * (win rate from that stage), and the average days from creation to a win (cycle length).
 *
 *   projection = closedWon + Σ open amount × win rate of the deal's current stage
 *
 * over open deals (not omitted) whose expected close date is in the period or, without one,
 * whose creation date + the average cycle lands in it. A stage no closed deal passed through
 * yet uses the deal's own probability instead.
 */
export const ProjectionModel = z.object({
  historyFrom: IsoDate,
  historyTo: IsoDate,
  closedCount: z.number().int(),
  wonCount: z.number().int(),
  averageCycleDays: z.number().nullable(),
  stages: z.array(z.object({ stageId: Id, closed: z.number().int(), won: z.number().int(), winRate: z.number() })),
});

export const Forecast = z.object({
  period: Period,
  currency: Currency,
  /** One row per rep with a deal, a quota or an adjustment in the period, by name. */
  rows: z.array(ForecastRow),
  /**
   * The sum of the rows; with a team filter, the team's own quota and adjustment (else the
   * rows' quotas summed and no adjustment).
   */
  total: ForecastFigures,
  teamId: Id.nullable(),
  model: ProjectionModel,
  /** Deals in the period in another currency than the organization's, not summed. */
  otherCurrencyCount: z.number().int(),
});
export type Forecast = z.infer<typeof Forecast>;

export const PipelineStatsQuery = z.object({
  /** The default pipeline when left out: the funnel's stages belong to one pipeline. */
  pipelineId: Id.optional(),
  teamId: Id.optional(),
  ownerId: Id.optional(),
  /** First and last day (inclusive) of the period; the 12 months up to today when left out. */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  /** Open deals with no activity and no change for this many days are stalled. */
  stalledDays: z.coerce.number().int().min(1).max(365).default(14),
  stalledLimit: z.coerce.number().int().min(1).max(100).default(10),
});
export type PipelineStatsQuery = z.infer<typeof PipelineStatsQuery>;

/**
 * One step of the funnel over the deals created in the period: how many reached the stage —
 * entered it or any later one, so a skipped stage counts as passed — and the share of those
 * that went on to the next step.
 */
export const FunnelStep = z.object({
  stageId: Id,
  stageName: LocalizedLabel,
  kind: StageKind,
  reached: z.number().int(),
  conversionToNext: z.number().nullable(),
});

export const StalledDeal = z.object({
  id: Id,
  name: z.string(),
  customerId: Id,
  customerName: z.string(),
  ownerId: Id,
  ownerName: z.string().nullable(),
  stageId: Id,
  stageName: LocalizedLabel,
  amount: z.number().int().nullable(),
  currency: Currency,
  expectedCloseDate: IsoDate.nullable(),
  /** The later of the deal's last change and its customer's latest activity. */
  lastTouchAt: IsoDateTime,
  idleDays: z.number().int(),
});
export type StalledDeal = z.infer<typeof StalledDeal>;

export const PipelineStats = z.object({
  pipelineId: Id,
  currency: Currency,
  from: IsoDate,
  to: IsoDate,
  /** Deals of the pipeline created in the period: the top of the funnel. */
  created: z.number().int(),
  funnel: z.array(FunnelStep),
  /** Deals closed in the period. */
  won: z.number().int(),
  lost: z.number().int(),
  /** won / (won + lost); null when none closed. */
  winRate: z.number().nullable(),
  wonAmount: z.number().int(),
  averageWonAmount: z.number().int().nullable(),
  /** Average days from creation to a win, over the deals won in the period. */
  averageCycleDays: z.number().nullable(),
  stalled: z.object({
    days: z.number().int(),
    count: z.number().int(),
    amount: z.number().int(),
    /** The largest stalled deals first. */
    deals: z.array(StalledDeal),
  }),
});
export type PipelineStats = z.infer<typeof PipelineStats>;
