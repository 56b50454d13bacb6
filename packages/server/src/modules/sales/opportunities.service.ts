// Opportunities (商机): a deal with a customer moving through the stages of a pipeline.
// Entering a stage needs the fields the stage requires; closing asks why it was won or lost;
// a win makes the customer a (repeat) customer. Record scope is the opportunity's own.
import type { z } from 'zod';
import type {
  Opportunity, OpportunityClose, OpportunityCreate, OpportunityListQuery, OpportunityPatch, OpportunityStatus, Pipeline, PipelineStage, StageRequirableField,
} from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requirePermission, scopeFilter } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { emit } from '../../platform/events.js';
import { newId } from '../../platform/crypto.js';
import { fromJson, toJson } from '../../platform/db/dialect.js';
import { errors, type FieldIssue } from '../../platform/http/errors.js';
import { decodeCursor, encodeCursor, toPage } from '../../platform/http/pagination.js';
import { searchText } from '../../platform/text.js';
import { findActiveUser } from '../identity/users.service.js';
import { getOrganization } from '../identity/organization.service.js';
import { getContact } from '../customers/contacts.service.js';
import { validateCustomValues } from '../customers/custom-fields.service.js';
import { checkPicklistValue } from '../customers/picklists.service.js';
import { customerWon, requireVisibleCustomer } from '../customers/service.js';
import { defaultPipeline, findPipeline } from './pipelines.service.js';
import * as repo from './repository.js';
import { notifyWatchers } from './opportunity-watchers.js';
import { readOrganization } from '../identity/organization.service.js';

type Fields = z.output<typeof OpportunityCreate>;
type Row = repo.OpportunityRow;

function stageOf(pipeline: Pipeline, stageId: string): PipelineStage {
  const stage = pipeline.stages.find((s) => s.id === stageId);
  if (!stage) throw new Error(`stage ${stageId} is not in pipeline ${pipeline.id}`);
  return stage;
}

function toOpportunity(row: Row, pipeline: Pipeline, contacts: Opportunity['contacts']): Opportunity {
  return {
    id: row.id,
    name: row.name,
    customerId: row.customerId,
    customerName: row.customerName,
    contacts,
    amount: row.amount === null ? null : Number(row.amount),
    currency: row.currency,
    expectedCloseDate: row.expectedCloseDate,
    pipelineId: row.pipelineId,
    stageId: row.stageId,
    stageName: stageOf(pipeline, row.stageId).name,
    probability: row.probability,
    probabilityOverridden: row.probabilityOverridden === 1,
    forecastCategory: row.forecastCategory as Opportunity['forecastCategory'],
    status: row.status as OpportunityStatus,
    needs: row.needs,
    budget: row.budget === null ? null : Number(row.budget),
    decisionProcess: row.decisionProcess,
    decisionTimeline: row.decisionTimeline,
    competitors: fromJson(row.competitors),
    nextStep: row.nextStep,
    closeReason: row.closeReason,
    closeCompetitor: row.closeCompetitor,
    closeNote: row.closeNote,
    closedAt: row.closedAt,
    stageEnteredAt: row.stageEnteredAt,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    teamId: row.teamId,
    custom: fromJson(row.custom),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

async function toOpportunities(ctx: Ctx, rows: Row[]): Promise<Map<string, Opportunity>> {
  const contacts = await repo.contactsOf(ctx.db, rows.map((r) => r.id));
  const out = new Map<string, Opportunity>();
  for (const row of rows) {
    const pipeline = (await findPipeline(ctx, row.pipelineId))!;
    out.set(row.id, toOpportunity(row, pipeline, (contacts.get(row.id) ?? []) as Opportunity['contacts']));
  }
  return out;
}

async function readOpportunity(ctx: Ctx, id: string): Promise<Opportunity> {
  const row = await repo.findOpportunity(ctx.db, await scopeFilter(ctx, 'opportunities'), id);
  if (!row) throw errors.notFound('opportunity');
  return (await toOpportunities(ctx, [row])).get(id)!;
}

export async function getOpportunity(ctx: Ctx, id: string): Promise<Opportunity> {
  requirePermission(ctx, 'opportunities:read');
  return readOpportunity(ctx, id);
}

export type ListQuery = z.output<typeof OpportunityListQuery>;

export async function listOpportunities(ctx: Ctx, query: ListQuery) {
  requirePermission(ctx, 'opportunities:read');
  const rows = await repo.listOpportunities(ctx.db, await scopeFilter(ctx, 'opportunities'), { ...query, after: decodeCursor(query.cursor, 2) });
  const shown = await toOpportunities(ctx, rows.slice(0, query.limit));
  return toPage(rows, query.limit, (r) => repo.cursorOf(query.sort, r), (r) => shown.get(r.id)!);
}

/** The values a stage's requirements look at, by field. */
function isFilled(f: Partial<Fields>, field: StageRequirableField): boolean {
  const value = f[field];
  if (Array.isArray(value)) return value.length > 0;
  return value !== null && value !== undefined && value !== '';
}

/** A 400 naming every field the stage needs that the opportunity lacks. */
function checkStageRequirements(stage: PipelineStage, f: Partial<Fields> & { custom?: Record<string, unknown> }): void {
  const issues: FieldIssue[] = [
    ...stage.requiredFields.filter((field) => !isFilled(f, field)).map((field) => ({ path: field, code: 'required_for_stage', messageKey: 'opportunity.required_for_stage' })),
    ...stage.requiredCustomFields
      .filter((key) => { const v = f.custom?.[key]; return v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length); })
      .map((key) => ({ path: `custom.${key}`, code: 'required_for_stage', messageKey: 'opportunity.required_for_stage' })),
  ];
  if (issues.length) throw errors.invalidFields(...issues);
}

async function checkContacts(ctx: Ctx, customerId: string, contacts: { contactId: string }[]): Promise<void> {
  const seen = new Set<string>();
  for (const [i, c] of contacts.entries()) {
    const contact = seen.has(c.contactId) ? null : await getContact(ctx, c.contactId).catch(() => null);
    if (!contact) throw errors.invalidFields({ path: `contacts.${i}.contactId`, code: 'unknown', messageKey: 'contact.unknown' });
    if (contact.customerId !== customerId) throw errors.invalidFields({ path: `contacts.${i}.contactId`, code: 'other_customer', messageKey: 'contact.other_customer' });
    seen.add(c.contactId);
  }
}

async function pipelineOrInvalid(ctx: Ctx, pipelineId: string | undefined): Promise<Pipeline> {
  if (!pipelineId) return defaultPipeline(ctx);
  const pipeline = await findPipeline(ctx, pipelineId);
  if (!pipeline || pipeline.archived) throw errors.invalidFields({ path: 'pipelineId', code: 'unknown', messageKey: 'pipeline.unknown' });
  return pipeline;
}

/** The open stage an opportunity goes to: the one asked for, else the first. Won and lost go through close. */
function openStage(pipeline: Pipeline, stageId: string | undefined): PipelineStage {
  if (!stageId) return pipeline.stages.find((s) => s.kind === 'open')!;
  const stage = pipeline.stages.find((s) => s.id === stageId);
  if (!stage) throw errors.invalidFields({ path: 'stageId', code: 'unknown', messageKey: 'pipeline.unknown_stage' });
  if (stage.kind !== 'open') throw errors.invalidFields({ path: 'stageId', code: 'closing_stage', messageKey: 'opportunity.close_with_reason' });
  return stage;
}

async function ownerOrInvalid(ctx: Ctx, ownerId: string) {
  const owner = await findActiveUser(ctx, ownerId);
  if (!owner) throw errors.invalidFields({ path: 'ownerId', code: 'unknown', messageKey: 'user.unknown' });
  return owner;
}

const searchTextOf = (name: string, customerName: string) => searchText({ names: [name, customerName] });

const audited = ({ createdAt: _c, updatedAt: _u, version: _v, customerName: _n, ownerName: _o, stageName: _s, stageEnteredAt: _e, ...rest }: Opportunity) => rest;

export async function createOpportunity(ctx: Ctx, input: Fields): Promise<Opportunity> {
  const actor = requirePermission(ctx, 'opportunities:write');
  const id = newId();
  await ctx.tx(async (tx) => {
    const customer = await requireVisibleCustomer(tx, input.customerId).catch(() => {
      throw errors.invalidFields({ path: 'customerId', code: 'unknown', messageKey: 'customer.unknown' });
    });
    const contacts = input.contacts ?? [];
    await checkContacts(tx, customer.id, contacts);
    const pipeline = await pipelineOrInvalid(tx, input.pipelineId);
    const stage = openStage(pipeline, input.stageId);
    const custom = await validateCustomValues(tx, 'opportunity', input.custom, {});
    checkStageRequirements(stage, { ...input, custom });
    const owner = await ownerOrInvalid(tx, input.ownerId ?? actor.userId);
    const now = tx.now();
    await tx.db.insertInto('opportunities').values({
      id,
      name: input.name,
      customerId: customer.id,
      amount: input.amount ?? null,
      currency: input.currency ?? (await getOrganization(tx)).currency,
      expectedCloseDate: input.expectedCloseDate ?? null,
      pipelineId: pipeline.id,
      stageId: stage.id,
      probability: input.probability ?? stage.probability,
      probabilityOverridden: input.probability == null ? 0 : 1,
      forecastCategory: input.forecastCategory ?? 'pipeline',
      status: 'open',
      needs: input.needs || null,
      budget: input.budget ?? null,
      decisionProcess: input.decisionProcess || null,
      decisionTimeline: input.decisionTimeline || null,
      competitors: toJson(input.competitors ?? []),
      nextStep: input.nextStep || null,
      closeReason: null,
      closeCompetitor: null,
      closeNote: null,
      closedAt: null,
      stageEnteredAt: now,
      searchText: searchTextOf(input.name, customer.name),
      ownerId: owner.id,
      teamId: owner.teamId,
      custom: toJson(custom),
      createdAt: now,
      updatedAt: now,
      createdBy: actor.userId,
      version: 1,
      deletedAt: null,
    }).execute();
    await repo.setContacts(tx.db, id, contacts);
    await repo.enterStage(tx.db, { id: newId(), opportunityId: id, stageId: stage.id, at: now, actorId: actor.userId });
    const created = await readOpportunity(tx, id).catch(() => null);
    await recordAudit(tx, {
      action: 'opportunity.create', objectType: 'opportunity', objectId: id, rootId: customer.id,
      after: created ? audited(created) : { name: input.name }, meta: { name: input.name },
    });
    await emit(tx, 'opportunity.created', { id, customerId: customer.id, ownerId: owner.id, stageId: stage.id });
  });
  return readOpportunityUnscoped(ctx, id);
}

/** A stage's name in the organization's language, for notifications stored once for everyone. */
const stageLabel = (stage: { name: Record<string, string | undefined> }, locale: string) => stage.name[locale] || stage.name['zh-CN'] || '';
const orgLocale = async (ctx: Ctx) => (await readOrganization(ctx)).defaultLocale;
function moneyText(minor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return format.format(minor / 10 ** format.resolvedOptions().maximumFractionDigits!);
}

/** After a write the actor may have handed the opportunity to someone outside their scope; the answer still shows it. */
async function readOpportunityUnscoped(ctx: Ctx, id: string): Promise<Opportunity> {
  const row = await repo.findOpportunity(ctx.db, { kind: 'all' }, id);
  if (!row) throw errors.notFound('opportunity');
  return (await toOpportunities(ctx, [row])).get(id)!;
}

async function lockedForWrite(ctx: Ctx, id: string, version: number): Promise<{ row: Row; before: Opportunity; pipeline: Pipeline }> {
  const row = await repo.findOpportunity(ctx.db, await scopeFilter(ctx, 'opportunities'), id);
  if (!row) throw errors.notFound('opportunity');
  if (row.version !== version) throw errors.versionConflict(row.version);
  const pipeline = (await findPipeline(ctx, row.pipelineId))!;
  return { row, pipeline, before: (await toOpportunities(ctx, [row])).get(id)! };
}

async function saveAndAudit(tx: Ctx, id: string, version: number, set: Record<string, unknown>, before: Opportunity, action: string, event: { name: string; payload: Record<string, unknown> }[]): Promise<void> {
  const updated = await tx.db.updateTable('opportunities').set({ ...set, updatedAt: tx.now(), version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw errors.versionConflict(version + 1);
  const after = await readOpportunityUnscoped(tx, id);
  await recordAudit(tx, { action, objectType: 'opportunity', objectId: id, rootId: after.customerId, before: audited(before), after: audited(after), meta: { name: after.name } });
  for (const e of event) await emit(tx, e.name, e.payload);
}

export async function updateOpportunity(ctx: Ctx, id: string, patch: z.output<typeof OpportunityPatch>, version: number): Promise<Opportunity> {
  const actor = requirePermission(ctx, 'opportunities:write');
  await ctx.tx(async (tx) => {
    const { row, before, pipeline: currentPipeline } = await lockedForWrite(tx, id, version);
    const { version: _v, ...changes } = patch;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<Fields>;
    const merged = {
      ...before,
      contacts: before.contacts.map((c) => ({ contactId: c.contactId, role: c.role })),
      ...defined,
      custom: await validateCustomValues(tx, 'opportunity', changes.custom, before.custom),
    };
    const pipelineChanged = defined.pipelineId !== undefined && defined.pipelineId !== before.pipelineId;
    const moving = pipelineChanged || (defined.stageId !== undefined && defined.stageId !== before.stageId);
    if (moving && before.status !== 'open') throw errors.invalidFields({ path: 'stageId', code: 'closed', messageKey: 'opportunity.reopen_first' });
    const pipeline = pipelineChanged ? await pipelineOrInvalid(tx, defined.pipelineId) : currentPipeline;
    // Moving to another pipeline without a stage starts at its first stage.
    const stage = moving ? openStage(pipeline, defined.stageId) : stageOf(pipeline, before.stageId);
    // An open opportunity always has what its stage requires: entering it, and on every later edit.
    if (before.status === 'open') checkStageRequirements(stage, merged);
    let customerName = row.customerName;
    if (defined.customerId && defined.customerId !== before.customerId) {
      const customer = await requireVisibleCustomer(tx, defined.customerId).catch(() => {
        throw errors.invalidFields({ path: 'customerId', code: 'unknown', messageKey: 'customer.unknown' });
      });
      customerName = customer.name;
    }
    if (defined.contacts !== undefined || defined.customerId) await checkContacts(tx, merged.customerId, merged.contacts);
    const owner = defined.ownerId && defined.ownerId !== before.ownerId ? await ownerOrInvalid(tx, defined.ownerId) : null;
    // A stage change resets the probability to the stage's, unless the owner sets one now.
    const probabilityGiven = defined.probability !== undefined;
    const probability = probabilityGiven ? (defined.probability ?? stage.probability) : moving && !before.probabilityOverridden ? stage.probability : before.probability;
    const overridden = probabilityGiven ? defined.probability !== null : moving ? false : before.probabilityOverridden;
    const now = tx.now();
    if (moving) await repo.enterStage(tx.db, { id: newId(), opportunityId: id, stageId: stage.id, at: now, actorId: actor.userId });
    if (defined.contacts !== undefined) await repo.setContacts(tx.db, id, merged.contacts);
    const events: { name: string; payload: Record<string, unknown> }[] = [{ name: 'opportunity.updated', payload: { id, changed: Object.keys(defined) } }];
    if (moving) events.push({ name: 'opportunity.stage_changed', payload: { id, from: before.stageId, to: stage.id, customerId: merged.customerId, ownerId: owner?.id ?? before.ownerId } });
    await saveAndAudit(tx, id, version, {
      name: merged.name,
      customerId: merged.customerId,
      amount: merged.amount ?? null,
      currency: merged.currency,
      expectedCloseDate: merged.expectedCloseDate ?? null,
      pipelineId: pipeline.id,
      stageId: stage.id,
      probability: probabilityGiven || moving ? probability : before.probability,
      probabilityOverridden: overridden ? 1 : 0,
      forecastCategory: merged.forecastCategory,
      needs: merged.needs || null,
      budget: merged.budget ?? null,
      decisionProcess: merged.decisionProcess || null,
      decisionTimeline: merged.decisionTimeline || null,
      competitors: toJson(merged.competitors ?? []),
      nextStep: merged.nextStep || null,
      stageEnteredAt: moving ? now : before.stageEnteredAt,
      searchText: searchTextOf(merged.name, customerName),
      ...(owner ? { ownerId: owner.id, teamId: owner.teamId } : {}),
      custom: toJson(merged.custom),
    }, before, moving ? 'opportunity.stage_change' : 'opportunity.update', events);
    if (moving) await notifyWatchers(tx, await readOpportunityUnscoped(tx, id), 'opportunity_stage', stageLabel(stage, await orgLocale(tx)));
  });
  return readOpportunityUnscoped(ctx, id);
}

/** Closes as won or lost with a reason from the organization's list; a win advances the customer's lifecycle. */
export async function closeOpportunity(ctx: Ctx, id: string, input: z.output<typeof OpportunityClose>, version: number): Promise<Opportunity> {
  const actor = requirePermission(ctx, 'opportunities:write');
  await ctx.tx(async (tx) => {
    const { before, pipeline } = await lockedForWrite(tx, id, version);
    if (before.status !== 'open') throw errors.invalidFields({ path: 'outcome', code: 'closed', messageKey: 'opportunity.already_closed' });
    await checkPicklistValue(tx, input.outcome === 'won' ? 'win_reason' : 'loss_reason', input.reason, 'reason');
    const stage = pipeline.stages.find((s) => s.kind === input.outcome)!;
    if (input.outcome === 'won') checkStageRequirements(stage, { ...before, contacts: before.contacts.map((c) => ({ contactId: c.contactId, role: c.role })) });
    const now = tx.now();
    await repo.enterStage(tx.db, { id: newId(), opportunityId: id, stageId: stage.id, at: now, actorId: actor.userId });
    await saveAndAudit(tx, id, version, {
      stageId: stage.id,
      status: input.outcome,
      probability: stage.probability,
      probabilityOverridden: 0,
      closeReason: input.reason,
      closeCompetitor: input.competitor || null,
      closeNote: input.note || null,
      closedAt: now,
      stageEnteredAt: now,
    }, before, `opportunity.${input.outcome}`, [
      { name: `opportunity.${input.outcome}`, payload: { id, customerId: before.customerId, ownerId: before.ownerId, amount: before.amount, currency: before.currency, reason: input.reason } },
    ]);
    if (input.outcome === 'won') {
      const won = await readOpportunityUnscoped(tx, id);
      await notifyWatchers(tx, won, 'opportunity_won', won.amount === null ? '' : moneyText(won.amount, won.currency, await orgLocale(tx)));
      const earlierWins = await tx.db.selectFrom('opportunities').select('id').where('customerId', '=', before.customerId).where('status', '=', 'won').where('id', '!=', id).where('deletedAt', 'is', null).limit(1).executeTakeFirst();
      await customerWon(tx, before.customerId, { repeat: !!earlierWins, opportunityId: id });
    }
  });
  return readOpportunityUnscoped(ctx, id);
}

/** A closed opportunity back in play: in the stage it asks for, else the last open stage it was in. */
export async function reopenOpportunity(ctx: Ctx, id: string, input: { stageId?: string }, version: number): Promise<Opportunity> {
  const actor = requirePermission(ctx, 'opportunities:write');
  await ctx.tx(async (tx) => {
    const { before, pipeline } = await lockedForWrite(tx, id, version);
    if (before.status === 'open') throw errors.invalidFields({ path: 'stageId', code: 'open', messageKey: 'opportunity.not_closed' });
    const openIds = new Set(pipeline.stages.filter((s) => s.kind === 'open').map((s) => s.id));
    const visits = await repo.stageHistory(tx.db, id);
    const lastOpen = visits.map((v) => v.stageId).reverse().find((s) => openIds.has(s));
    const stage = openStage(pipeline, input.stageId ?? lastOpen);
    const now = tx.now();
    await repo.enterStage(tx.db, { id: newId(), opportunityId: id, stageId: stage.id, at: now, actorId: actor.userId });
    await saveAndAudit(tx, id, version, {
      stageId: stage.id, status: 'open', probability: stage.probability, probabilityOverridden: 0,
      closeReason: null, closeCompetitor: null, closeNote: null, closedAt: null, stageEnteredAt: now,
    }, before, 'opportunity.reopen', [{ name: 'opportunity.reopened', payload: { id, customerId: before.customerId, stageId: stage.id } }]);
  });
  return readOpportunityUnscoped(ctx, id);
}

export async function deleteOpportunity(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'opportunities:delete');
  await ctx.tx(async (tx) => {
    const row = await repo.findOpportunity(tx.db, await scopeFilter(tx, 'opportunities'), id);
    if (!row) throw errors.notFound('opportunity');
    await tx.db.updateTable('opportunities').set({ deletedAt: tx.now(), updatedAt: tx.now(), version: row.version + 1 }).where('id', '=', id).execute();
    await recordAudit(tx, { action: 'opportunity.delete', objectType: 'opportunity', objectId: id, rootId: row.customerId, meta: { name: row.name } });
    await emit(tx, 'opportunity.deleted', { id, customerId: row.customerId });
  });
}

/** Each stage visit with the time spent there. */
export async function opportunityStages(ctx: Ctx, id: string) {
  const opportunity = await getOpportunity(ctx, id);
  const pipeline = (await findPipeline(ctx, opportunity.pipelineId))!;
  const now = new Date(ctx.now()).getTime();
  const visits = await repo.stageHistory(ctx.db, id);
  return {
    data: visits.map((v) => ({
      stageId: v.stageId,
      // A stage removed from the pipeline since keeps its place in history without a name.
      stageName: pipeline.stages.find((s) => s.id === v.stageId)?.name ?? { 'zh-CN': '—' },
      enteredAt: v.enteredAt,
      leftAt: v.leftAt,
      seconds: Math.max(0, Math.round(((v.leftAt ? new Date(v.leftAt).getTime() : now) - new Date(v.enteredAt).getTime()) / 1000)),
      actorName: v.actorName,
    })),
  };
}

/** The kanban: per stage of one pipeline, the count, the totals and the first cards. */
export async function opportunityBoard(ctx: Ctx, query: { pipelineId?: string; ownerId?: string; q?: string; limit: number }) {
  requirePermission(ctx, 'opportunities:read');
  const pipeline = query.pipelineId ? await findPipeline(ctx, query.pipelineId) : await defaultPipeline(ctx);
  if (!pipeline) throw errors.notFound('pipeline');
  const scope = await scopeFilter(ctx, 'opportunities');
  const { currency } = await getOrganization(ctx);
  const filter = { pipelineId: pipeline.id, ownerId: query.ownerId, q: query.q };
  const totals = await repo.stageTotals(ctx.db, scope, filter, currency);
  const columns = [];
  for (const stage of pipeline.stages) {
    const rows = await repo.listOpportunities(ctx.db, scope, { ...filter, stageId: stage.id, sort: '-updatedAt', after: null, limit: query.limit });
    const kept = rows.slice(0, query.limit);
    const cards = await toOpportunities(ctx, kept);
    const total = totals.get(stage.id) ?? { count: 0, amount: 0, weighted: 0 };
    columns.push({
      stageId: stage.id,
      count: total.count,
      amount: total.amount,
      weightedAmount: total.weighted,
      cards: kept.map((r) => cards.get(r.id)!),
      nextCursor: rows.length > query.limit ? encodeCursor(repo.cursorOf('-updatedAt', kept.at(-1)!)) : null,
    });
  }
  return { pipeline, currency, columns };
}
