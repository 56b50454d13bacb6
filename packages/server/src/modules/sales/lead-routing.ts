// Lead routing (线索分配): rules in order, each with conditions on the lead's fields and a
// target — a user, a team in turn (round-robin), or the member with the fewest open leads —
// and a fallback owner for the rest. Changing the rules never moves leads already routed;
// rerouting is a separate, explicit step that leaves worked leads alone unless asked.
import type { z } from 'zod';
import { openLeadStatuses, RoutingSettings, type LeadReroute, type RoutingRule, type RoutingTarget } from '@kehu/shared';
import { memoized, type Ctx } from '../../platform/context.js';
import { requirePermission, scopeFilter } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { fromJson, supportsSkipLocked } from '../../platform/db/dialect.js';
import { errors } from '../../platform/http/errors.js';
import { findActiveUser } from '../identity/users.service.js';
import { conditionHolds, saveSalesSetting, subjectOf, type RuleSubject } from './lead-scoring.js';
import * as repo from './leads.repository.js';

type Settings = z.output<typeof RoutingSettings>;
const SETTINGS_KEY = 'lead_routing';

export async function getRoutingSettings(ctx: Ctx): Promise<Settings> {
  return memoized(ctx, `salesSettings:${SETTINGS_KEY}`, async () => {
    const row = await ctx.db.selectFrom('salesSettings').selectAll().where('key', '=', SETTINGS_KEY).executeTakeFirst();
    return row ? { ...fromJson<Settings>(row.value), version: row.version } : { rules: [], fallbackOwnerId: null, version: 0 };
  });
}

async function checkTargets(ctx: Ctx, input: Settings): Promise<void> {
  const ids = input.rules.map((r) => r.id);
  const repeated = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (repeated >= 0) throw errors.invalidFields({ path: `rules.${repeated}.id`, code: 'duplicate', messageKey: 'lead.rule_id_taken' });
  for (const [i, rule] of input.rules.entries()) {
    const t = rule.target;
    const userIds = t.kind === 'user' ? [t.userId] : t.userIds ?? [];
    for (const [j, id] of userIds.entries()) {
      if (!(await findActiveUser(ctx, id))) {
        throw errors.invalidFields({ path: t.kind === 'user' ? `rules.${i}.target.userId` : `rules.${i}.target.userIds.${j}`, code: 'unknown', messageKey: 'user.unknown' });
      }
    }
    if (t.kind !== 'user' && t.teamId && !(await ctx.db.selectFrom('teams').select('id').where('id', '=', t.teamId).executeTakeFirst())) {
      throw errors.invalidFields({ path: `rules.${i}.target.teamId`, code: 'unknown', messageKey: 'team.unknown' });
    }
    if (t.kind !== 'user' && !t.teamId && !userIds.length) {
      throw errors.invalidFields({ path: `rules.${i}.target`, code: 'empty', messageKey: 'lead.target_empty' });
    }
  }
  if (input.fallbackOwnerId && !(await findActiveUser(ctx, input.fallbackOwnerId))) {
    throw errors.invalidFields({ path: 'fallbackOwnerId', code: 'unknown', messageKey: 'user.unknown' });
  }
}

export async function updateRoutingSettings(ctx: Ctx, input: Settings): Promise<Settings> {
  requirePermission(ctx, 'settings:manage');
  await ctx.tx(async (tx) => {
    await checkTargets(tx, input);
    const before = await getRoutingSettings(tx);
    const { version, ...value } = input;
    await saveSalesSetting(tx, SETTINGS_KEY, value, version);
    await recordAudit(tx, { action: 'settings.lead_routing', objectType: 'settings', objectId: null, before: { ...before }, after: { ...value } });
  });
  ctx.memo.delete(`salesSettings:${SETTINGS_KEY}`);
  return getRoutingSettings(ctx);
}

/** The active users a target draws from, in a stable order. */
async function candidates(ctx: Ctx, target: Exclude<RoutingTarget, { kind: 'user' }>): Promise<string[]> {
  let q = ctx.db.selectFrom('users').select('id').where('status', '=', 'active');
  const ids = target.userIds ?? [];
  q = target.teamId && ids.length
    ? q.where((eb) => eb.or([eb('teamId', '=', target.teamId!), eb('id', 'in', ids)]))
    : target.teamId ? q.where('teamId', '=', target.teamId) : q.where('id', 'in', ids);
  return (await q.orderBy('id').execute()).map((u) => u.id);
}

/** The next member after the last one served; the turn is kept in the database for every process. */
async function nextInTurn(ctx: Ctx, ruleId: string, members: string[]): Promise<string> {
  await ctx.db.insertInto('leadRoutingTurns').values({ ruleId, lastUserId: '', updatedAt: ctx.now() }).onConflict((oc) => oc.column('ruleId').doNothing()).execute();
  let read = ctx.db.selectFrom('leadRoutingTurns').select('lastUserId').where('ruleId', '=', ruleId);
  if (supportsSkipLocked(ctx.platform.dialect)) read = read.forUpdate();
  const { lastUserId } = (await read.executeTakeFirst())!;
  const next = members.find((id) => id > lastUserId) ?? members[0]!;
  await ctx.db.updateTable('leadRoutingTurns').set({ lastUserId: next, updatedAt: ctx.now() }).where('ruleId', '=', ruleId).execute();
  return next;
}

async function pick(ctx: Ctx, rule: RoutingRule): Promise<string | null> {
  const t = rule.target;
  if (t.kind === 'user') return (await findActiveUser(ctx, t.userId)) ? t.userId : null;
  const members = await candidates(ctx, t);
  if (!members.length) return null;
  if (t.kind === 'round_robin') return nextInTurn(ctx, rule.id, members);
  const load = await repo.openLeadCounts(ctx.db, members);
  return members.reduce((best, id) => (load.get(id)! < load.get(best)! ? id : best), members[0]!);
}

export interface Routed { ownerId: string | null; teamId: string | null; ruleId: string | null }

/** Who a new lead goes to: the first enabled rule that matches and has someone, else the fallback owner. */
export async function routeLead(ctx: Ctx, lead: RuleSubject): Promise<Routed> {
  const settings = await getRoutingSettings(ctx);
  for (const rule of settings.rules) {
    if (!rule.enabled || !rule.conditions.every((c) => conditionHolds(c, lead))) continue;
    const ownerId = await pick(ctx, rule);
    if (ownerId) return { ownerId, teamId: (await findActiveUser(ctx, ownerId))!.teamId, ruleId: rule.id };
  }
  const fallback = settings.fallbackOwnerId ? await findActiveUser(ctx, settings.fallbackOwnerId) : null;
  return fallback ? { ownerId: fallback.id, teamId: fallback.teamId, ruleId: 'fallback' } : { ownerId: null, teamId: null, ruleId: null };
}

/** Runs the current rules again over open leads; worked ones (contacted, or with activities) stay unless asked. */
export async function rerouteLeads(ctx: Ctx, input: z.output<typeof LeadReroute>, assign: (tx: Ctx, leadId: string, routed: Routed) => Promise<void>) {
  requirePermission(ctx, 'leads:write');
  const scope = await scopeFilter(ctx, 'leads');
  if (scope.kind === 'own') throw errors.forbidden();
  let q = ctx.db.selectFrom('leads').selectAll().where('deletedAt', 'is', null).where('status', 'in', [...openLeadStatuses]);
  if (scope.kind === 'team') q = q.where((eb) => eb.or([eb('ownerId', '=', scope.userId), eb('teamId', 'in', scope.teamIds), eb('ownerId', 'is', null)]));
  if (input.leadIds) q = q.where('id', 'in', input.leadIds);
  const leads = await q.orderBy('createdAt').limit(input.leadIds ? 500 : 5000).execute();
  let rerouted = 0;
  let kept = 0;
  for (const lead of leads) {
    const worked = lead.status !== 'new' || lead.lastActivityAt !== null;
    if (worked && !input.includeWorked) { kept++; continue; }
    await ctx.tx(async (tx) => {
      const routed = await routeLead(tx, subjectOf(lead));
      if (routed.ownerId && routed.ownerId !== lead.ownerId) { await assign(tx, lead.id, routed); rerouted++; } else kept++;
    });
  }
  return { rerouted, kept };
}
