// Lead scoring (线索评分): points an admin configures for field values and for activities,
// minus a decay for weeks without activity; the score keeps the reasons that made it.
import type { z } from 'zod';
import {
  ScoringSettings, type FieldCondition, type Lead, type Locale, type ScoreBand, type ScoringRule,
} from '@kehu/shared';
import { memoized, type Ctx } from '../../platform/context.js';
import { requirePermission } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { fromJson, toJson } from '../../platform/db/dialect.js';
import { errors } from '../../platform/http/errors.js';
import { enqueue, registerJob } from '../../platform/jobs.js';
import { translate, type MessageKey } from '../../platform/i18n/index.js';
import { readOrganization } from '../identity/organization.service.js';
import * as repo from './leads.repository.js';

type Settings = z.output<typeof ScoringSettings>;
/** The lead values rules look at. */
export type RuleSubject = Pick<Lead, 'source' | 'industry' | 'province' | 'city' | 'campaign' | 'budget' | 'title' | 'companyName' | 'email' | 'mobile' | 'custom'>;

const DAY = 86_400_000;
/** The rules an organization starts with, labelled in its language. Budgets are in minor units: ¥100,000 is 10,000,000 分. */
export function defaultScoring(locale: Locale): Settings {
  const label = (id: string) => translate(locale, `values.lead.scoring_rule.${id}` as MessageKey);
  return {
    rules: [
      { id: 'referral', label: label('referral'), kind: 'field', condition: { field: 'source', op: 'is', value: 'referral' }, points: 20 },
      { id: 'web_form', label: label('web_form'), kind: 'field', condition: { field: 'source', op: 'is', value: 'web_form' }, points: 10 },
      { id: 'budget_100k', label: label('budget_100k'), kind: 'field', condition: { field: 'budget', op: 'gte', value: 10_000_000 }, points: 25 },
      { id: 'mobile', label: label('mobile'), kind: 'field', condition: { field: 'mobile', op: 'filled' }, points: 10 },
      { id: 'email', label: label('email'), kind: 'field', condition: { field: 'email', op: 'filled' }, points: 5 },
      { id: 'company', label: label('company'), kind: 'field', condition: { field: 'companyName', op: 'filled' }, points: 5 },
      { id: 'call', label: label('call'), kind: 'activity', activityKind: 'call', direction: null, points: 5, maxPoints: 15 },
      { id: 'email_reply', label: label('email_reply'), kind: 'activity', activityKind: 'email', direction: 'inbound', points: 15, maxPoints: 30 },
      { id: 'meeting', label: label('meeting'), kind: 'activity', activityKind: 'meeting', direction: null, points: 20, maxPoints: 40 },
    ],
    decay: { graceDays: 14, pointsPerWeek: 5 },
    bands: { hot: 70, warm: 40 },
    version: 0,
  };
}

/** Whether a lead's field satisfies a condition; used by scoring and routing alike. */
export function conditionHolds(c: FieldCondition, lead: RuleSubject): boolean {
  const raw = c.field.startsWith('custom.') ? lead.custom[c.field.slice(7)] : lead[c.field as keyof RuleSubject];
  const value = raw && typeof raw === 'object' && 'amount' in raw ? (raw as { amount: unknown }).amount : raw;
  const filled = value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && !value.length);
  const text = (v: unknown) => String(v ?? '').trim().toLowerCase();
  switch (c.op) {
    case 'filled':
      return filled;
    case 'is':
      return filled && text(value) === text(c.value);
    case 'in':
      return filled && (Array.isArray(c.value) ? c.value : [c.value]).some((v) => text(v) === text(value));
    case 'contains':
      return filled && text(value).includes(text(c.value));
    case 'gte':
      return filled && Number(value) >= Number(c.value);
    case 'lte':
      return filled && Number(value) <= Number(c.value);
  }
}

export function bandOf(score: number, bands: Settings['bands']): ScoreBand {
  return score >= bands.hot ? 'hot' : score >= bands.warm ? 'warm' : 'cold';
}

export interface ActivityCount { kind: string; direction: string | null; count: number; last: string | null }

/** The score of a lead from the rules, its activities, and the weeks since it was last touched. */
export function computeScore(settings: Settings, lead: RuleSubject & { createdAt: string }, activities: ActivityCount[], now: string) {
  const reasons: { ruleId: string; label: string; points: number }[] = [];
  for (const rule of settings.rules as ScoringRule[]) {
    if (rule.kind === 'field') {
      if (conditionHolds(rule.condition, lead)) reasons.push({ ruleId: rule.id, label: rule.label, points: rule.points });
    } else {
      const count = activities
        .filter((a) => a.kind === rule.activityKind && (!rule.direction || a.direction === rule.direction))
        .reduce((n, a) => n + a.count, 0);
      const points = Math.sign(rule.points) * Math.min(Math.abs(rule.points) * count, rule.maxPoints);
      if (count && points) reasons.push({ ruleId: rule.id, label: rule.label, points });
    }
  }
  const lastTouched = activities.reduce((latest, a) => (a.last && a.last > latest ? a.last : latest), lead.createdAt);
  const idleDays = (new Date(now).getTime() - new Date(lastTouched).getTime()) / DAY;
  const weeks = Math.floor(Math.max(0, idleDays - settings.decay.graceDays) / 7);
  // The label of the decay is the number of idle weeks; the app words it.
  if (weeks && settings.decay.pointsPerWeek) reasons.push({ ruleId: 'decay', label: String(weeks), points: -weeks * settings.decay.pointsPerWeek });
  const score = Math.max(0, Math.min(100, reasons.reduce((n, r) => n + r.points, 0)));
  return { score, band: bandOf(score, settings.bands), reasons, lastActivityAt: lastTouched === lead.createdAt ? null : lastTouched };
}

const SETTINGS_KEY = 'lead_scoring';

export async function getScoringSettings(ctx: Ctx): Promise<Settings> {
  return memoized(ctx, `salesSettings:${SETTINGS_KEY}`, async () => {
    const row = await ctx.db.selectFrom('salesSettings').selectAll().where('key', '=', SETTINGS_KEY).executeTakeFirst();
    return row ? { ...fromJson<Settings>(row.value), version: row.version } : defaultScoring((await readOrganization(ctx)).defaultLocale as Locale);
  });
}

/** Reads a versioned settings document for update: 409 when someone saved it since. */
export async function saveSalesSetting(ctx: Ctx, key: string, value: object, version: number): Promise<void> {
  const row = await ctx.db.selectFrom('salesSettings').select('version').where('key', '=', key).executeTakeFirst();
  if ((row?.version ?? 0) !== version) throw errors.versionConflict(row?.version ?? 0);
  const actor = requirePermission(ctx, 'settings:manage');
  const now = ctx.now();
  if (row) {
    await ctx.db.updateTable('salesSettings').set({ value: toJson(value), updatedAt: now, updatedBy: actor.userId, version: version + 1 }).where('key', '=', key).execute();
  } else {
    await ctx.db.insertInto('salesSettings').values({ key, value: toJson(value), updatedAt: now, updatedBy: actor.userId, version: 1 }).execute();
  }
  ctx.memo.delete(`salesSettings:${key}`);
}

export async function updateScoringSettings(ctx: Ctx, input: Settings): Promise<Settings> {
  requirePermission(ctx, 'settings:manage');
  const ids = input.rules.map((r) => r.id);
  const repeated = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (repeated >= 0) throw errors.invalidFields({ path: `rules.${repeated}.id`, code: 'duplicate', messageKey: 'lead.rule_id_taken' });
  await ctx.tx(async (tx) => {
    const before = await getScoringSettings(tx);
    const { version, ...value } = input;
    await saveSalesSetting(tx, SETTINGS_KEY, value, version);
    await recordAudit(tx, { action: 'settings.lead_scoring', objectType: 'settings', objectId: null, before: { ...before }, after: { ...value } });
    await enqueue(tx, RESCORE_JOB, {}, { uniqueKey: `${RESCORE_JOB}:${tx.now()}` });
  });
  ctx.memo.delete(`salesSettings:${SETTINGS_KEY}`);
  return getScoringSettings(ctx);
}

/** Recomputes one lead's score and band; writes only when something changed. */
export async function rescoreLead(ctx: Ctx, leadId: string): Promise<void> {
  const row = await ctx.db.selectFrom('leads').selectAll().where('id', '=', leadId).where('deletedAt', 'is', null).executeTakeFirst();
  if (!row) return;
  const settings = await getScoringSettings(ctx);
  const scored = computeScore(settings, subjectOf(row), await repo.leadActivityCounts(ctx.db, leadId), ctx.now());
  if (scored.score === row.score && scored.band === row.scoreBand && toJson(scored.reasons) === toJson(fromJson(row.scoreReasons)) && scored.lastActivityAt === row.lastActivityAt) return;
  await ctx.db.updateTable('leads')
    .set({ score: scored.score, scoreBand: scored.band, scoreReasons: toJson(scored.reasons), lastActivityAt: scored.lastActivityAt })
    .where('id', '=', leadId)
    .execute();
}

export function subjectOf(row: { source: string | null; industry: string | null; province: string | null; city: string | null; campaign: string | null; budget: number | string | null; title: string | null; companyName: string | null; email: string | null; mobile: string | null; custom: unknown; createdAt: string }) {
  return {
    source: row.source as Lead['source'], industry: row.industry, province: row.province, city: row.city, campaign: row.campaign,
    budget: row.budget === null ? null : Number(row.budget), title: row.title, companyName: row.companyName, email: row.email, mobile: row.mobile,
    custom: (typeof row.custom === 'string' ? fromJson(row.custom) : row.custom) as Record<string, unknown>, createdAt: row.createdAt,
  };
}

/** Every open lead, in batches: after the rules change, and nightly for the decay. */
export const RESCORE_JOB = 'sales.leads.rescore';
registerJob<{ after?: string }>(RESCORE_JOB, {
  async run(payload, { ctx }) {
    const batch = await ctx.db.selectFrom('leads').select('id')
      .where('status', 'in', ['new', 'contacted', 'qualified']).where('deletedAt', 'is', null)
      .$if(Boolean(payload.after), (q) => q.where('id', '>', payload.after!))
      .orderBy('id').limit(500).execute();
    for (const { id } of batch) await rescoreLead(ctx, id);
    if (batch.length === 500) await enqueue(ctx, RESCORE_JOB, { after: batch.at(-1)!.id });
  },
});
