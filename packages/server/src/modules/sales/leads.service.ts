// Leads (线索): people and companies who may buy, captured by hand, import, API or web form,
// scored, routed to an owner, worked, then converted or disqualified. Duplicates are checked
// against leads, customers and contacts; a lead that another rep already works (撞单) is
// refused with who owns it, unless a manager assigns it.
import type { z } from 'zod';
import { openLeadStatuses, type Lead, type LeadCreate, type LeadDuplicate, type LeadDuplicateCheck, type LeadListQuery, type LeadPatch, type LeadStatus } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requireActor, requirePermission, scopeFilter, inScope } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { emit } from '../../platform/events.js';
import { newId } from '../../platform/crypto.js';
import { fromJson, toJson } from '../../platform/db/dialect.js';
import { AppError, errors } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { nameKey, normalizePhone, searchText } from '../../platform/text.js';
import { notify } from '../../platform/notifications.js';
import { translate } from '../../platform/i18n/index.js';
import { findActiveUser } from '../identity/users.service.js';
import { readOrganization } from '../identity/organization.service.js';
import { validateCustomValues } from '../customers/custom-fields.service.js';
import { checkPicklistValue } from '../customers/picklists.service.js';
import { computeScore, getScoringSettings, rescoreLead, subjectOf } from './lead-scoring.js';
import { routeLead, type Routed } from './lead-routing.js';
import * as repo from './leads.repository.js';

type Fields = z.output<typeof LeadCreate>;
type Row = repo.LeadRow;

export function toLead(row: Row): Lead {
  return {
    id: row.id,
    personName: row.personName,
    companyName: row.companyName,
    displayName: row.companyName ?? row.personName ?? '',
    title: row.title,
    mobile: row.mobile,
    phone: row.phone,
    email: row.email,
    wechat: row.wechat,
    source: row.source as Lead['source'],
    campaign: row.campaign,
    province: row.province,
    city: row.city,
    industry: row.industry,
    needs: row.needs,
    budget: row.budget === null ? null : Number(row.budget),
    currency: row.currency,
    status: row.status as LeadStatus,
    disqualifyReason: row.disqualifyReason,
    disqualifyNote: row.disqualifyNote,
    score: row.score,
    scoreBand: row.scoreBand as Lead['scoreBand'],
    scoreReasons: fromJson(row.scoreReasons),
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    teamId: row.teamId,
    routedBy: row.routedBy,
    formId: row.formId,
    lastActivityAt: row.lastActivityAt,
    convertedAt: row.convertedAt,
    convertedCustomerId: row.convertedCustomerId,
    convertedContactId: row.convertedContactId,
    convertedOpportunityId: row.convertedOpportunityId,
    custom: fromJson(row.custom),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export async function readLead(ctx: Ctx, id: string, scoped = true): Promise<Lead> {
  const row = await repo.findLead(ctx.db, scoped ? await scopeFilter(ctx, 'leads') : { kind: 'all' }, id);
  if (!row) throw errors.notFound('lead');
  return toLead(row);
}

export async function getLead(ctx: Ctx, id: string): Promise<Lead> {
  requirePermission(ctx, 'leads:read');
  return readLead(ctx, id);
}

export async function listLeads(ctx: Ctx, query: z.output<typeof LeadListQuery>) {
  requirePermission(ctx, 'leads:read');
  const rows = await repo.listLeads(ctx.db, await scopeFilter(ctx, 'leads'), { ...query, after: decodeCursor(query.cursor, 2) });
  return toPage(rows, query.limit, (r) => repo.cursorOf(query.sort, r), toLead);
}

/** The keys a lead is matched by: its company (or person) name, phones and email. */
export function leadMatchKeys(l: { personName?: string | null; companyName?: string | null; mobile?: string | null; phone?: string | null; email?: string | null }): repo.MatchKey[] {
  const keys: repo.MatchKey[] = [];
  const name = nameKey(l.companyName || l.personName || '');
  if (name.length >= 2) keys.push({ kind: 'name', value: name });
  for (const p of [l.mobile, l.phone]) {
    const e164 = p ? normalizePhone(p).e164 : null;
    if (e164) keys.push({ kind: 'phone', value: e164 });
  }
  if (l.email) keys.push({ kind: 'email', value: l.email.toLowerCase() });
  return [...new Map(keys.map((k) => [`${k.kind}:${k.value}`, k])).values()];
}

/** Possible duplicates of a lead among leads, customers and contacts; outside scope only the name and owner show. */
export async function leadDuplicates(ctx: Ctx, input: z.output<typeof LeadDuplicateCheck>): Promise<LeadDuplicate[]> {
  requirePermission(ctx, 'leads:read');
  return (await findLeadDuplicates(ctx, input)).map(({ ownerId: _o, open: _p, ...d }) => d);
}

async function findLeadDuplicates(ctx: Ctx, input: z.output<typeof LeadDuplicateCheck>): Promise<(LeadDuplicate & { ownerId: string | null; open: boolean })[]> {
  const keys = leadMatchKeys(input);
  if (!keys.length) return [];
  const [leadScope, customerScope] = [await scopeFilter(ctx, 'leads'), await scopeFilter(ctx, 'customers')];
  const out = new Map<string, LeadDuplicate & { ownerId: string | null; open: boolean }>();
  const add = (key: string, d: Omit<LeadDuplicate, 'reasons'> & { ownerId: string | null; open: boolean }, reason: string) => {
    const entry = out.get(key) ?? { ...d, reasons: [] };
    if (!entry.reasons.includes(reason as never)) entry.reasons.push(reason as LeadDuplicate['reasons'][number]);
    out.set(key, entry);
  };
  for (const r of await repo.leadsMatching(ctx.db, keys, input.excludeId)) {
    const visible = inScope(leadScope, r);
    add(`lead:${r.id}`, { kind: 'lead', id: visible ? r.id : null, customerId: null, name: r.companyName ?? r.personName ?? '', ownerName: r.ownerName, ownerId: r.ownerId, open: openLeadStatuses.includes(r.status as LeadStatus) }, r.kind);
  }
  for (const r of await repo.customersMatching(ctx.db, keys)) {
    const visible = inScope(customerScope, r);
    add(`customer:${r.id}`, { kind: 'customer', id: visible ? r.id : null, customerId: visible ? r.id : null, name: r.name, ownerName: r.ownerName, ownerId: r.ownerId, open: true }, r.kind);
  }
  const people = keys.filter((k) => k.kind !== 'name');
  if (people.length) {
    for (const r of await repo.contactsMatching(ctx.db, people)) {
      const visible = inScope(customerScope, r);
      add(`contact:${r.id}`, { kind: 'contact', id: visible ? r.id : null, customerId: visible ? r.customerId : null, name: `${r.name} · ${r.customerName}`, ownerName: r.ownerName, ownerId: r.ownerId, open: true }, r.kind);
    }
  }
  return [...out.values()];
}

/** A manager (record scope wider than their own) may hand a lead to anyone, duplicates or not. */
async function mayOverrideOwnership(ctx: Ctx): Promise<boolean> {
  return (await scopeFilter(ctx, 'leads')).kind !== 'own';
}

/**
 * 撞单: a rep may not open a lead on someone another rep already works — an open lead, a
 * customer or a customer's contact sharing a phone, an email or the company name.
 */
async function refuseOwnedElsewhere(ctx: Ctx, fields: Partial<Fields>, excludeId?: string): Promise<void> {
  const { userId } = requireActor(ctx);
  if (await mayOverrideOwnership(ctx)) return;
  const taken = (await findLeadDuplicates(ctx, { ...fields, excludeId })).find((d) => d.open && d.ownerId && d.ownerId !== userId);
  if (taken) throw new AppError('ownership_conflict', { name: taken.name, owner: taken.ownerName ?? '' });
}

async function ownerOrInvalid(ctx: Ctx, ownerId: string) {
  const owner = await findActiveUser(ctx, ownerId);
  if (!owner) throw errors.invalidFields({ path: 'ownerId', code: 'unknown', messageKey: 'user.unknown' });
  return owner;
}

const searchTextOf = (f: Partial<Fields>) => searchText({ names: [f.personName ?? '', f.companyName ?? ''], phones: [f.mobile, f.phone].filter(Boolean).map((p) => normalizePhone(p!)), others: [f.email ?? null, f.wechat ?? null] });

/** The stored columns of a lead's own fields. */
function storedFields(f: Fields) {
  const mobile = f.mobile ? normalizePhone(f.mobile) : null;
  const phone = f.phone ? normalizePhone(f.phone) : null;
  return {
    personName: f.personName || null,
    companyName: f.companyName || null,
    title: f.title || null,
    mobile: mobile?.number ?? null,
    mobileE164: mobile?.e164 ?? null,
    phone: phone?.number ?? null,
    phoneE164: phone?.e164 ?? null,
    email: f.email || null,
    wechat: f.wechat || null,
    source: f.source ?? null,
    campaign: f.campaign || null,
    province: f.province || null,
    city: f.city || null,
    industry: f.industry || null,
    needs: f.needs || null,
    budget: f.budget ?? null,
    searchText: searchTextOf(f),
  };
}

const audited = ({ createdAt: _c, updatedAt: _u, version: _v, ownerName: _o, displayName: _d, scoreReasons: _r, ...rest }: Lead) => rest;

export interface InsertOptions {
  /** Who is recorded as creating it: a user, or null with a name for the web form. */
  actorId: string | null;
  actorName?: string;
  formId?: string | null;
  consentAt?: string | null;
}

/** Writes a new lead — routed when it has no owner — with its score and keys, audited; no permission check (callers do it). */
export async function insertLead(tx: Ctx, input: Fields, opts: InsertOptions): Promise<string> {
  const id = newId();
  const now = tx.now();
  const custom = await validateCustomValues(tx, 'lead', input.custom, {});
  const fields = storedFields({ ...input, custom });
  const subject = subjectOf({ ...fields, custom, createdAt: now });
  // An owner given is kept; none said means the person entering it; an explicit null asks the routing rules.
  const routed: Routed = input.ownerId
    ? { ownerId: input.ownerId, teamId: (await ownerOrInvalid(tx, input.ownerId)).teamId, ruleId: null }
    : input.ownerId === undefined && opts.actorId ? { ownerId: opts.actorId, teamId: (await findActiveUser(tx, opts.actorId))?.teamId ?? null, ruleId: null } : await routeLead(tx, subject);
  const scored = computeScore(await getScoringSettings(tx), subject, [], now);
  await tx.db.insertInto('leads').values({
    id,
    ...fields,
    currency: input.currency ?? (await readOrganization(tx)).currency,
    status: 'new',
    disqualifyReason: null,
    disqualifyNote: null,
    score: scored.score,
    scoreBand: scored.band,
    scoreReasons: toJson(scored.reasons),
    ownerId: routed.ownerId,
    teamId: routed.teamId,
    routedBy: routed.ruleId,
    formId: opts.formId ?? null,
    consentAt: opts.consentAt ?? null,
    lastActivityAt: null,
    convertedAt: null,
    convertedCustomerId: null,
    convertedContactId: null,
    convertedOpportunityId: null,
    custom: toJson(custom),
    createdAt: now,
    updatedAt: now,
    createdBy: opts.actorId,
    version: 1,
    deletedAt: null,
  }).execute();
  await repo.saveLeadMatchKeys(tx.db, id, leadMatchKeys(fields));
  const created = await readLead(tx, id, false);
  await recordAudit(tx, { action: 'lead.create', objectType: 'lead', objectId: id, after: audited(created), actorName: opts.actorName, meta: { name: created.displayName } });
  await emit(tx, 'lead.created', { id, ownerId: routed.ownerId, source: created.source, formId: opts.formId ?? null });
  if (routed.ownerId && routed.ownerId !== opts.actorId) await notifyAssigned(tx, created, opts.actorName ?? null);
  return id;
}

/** Tells a lead's new owner it is theirs, in their language. */
export async function notifyAssigned(ctx: Ctx, lead: Lead, actorName: string | null): Promise<void> {
  if (!lead.ownerId) return;
  await notify(ctx, {
    kind: 'lead_assigned',
    userIds: [lead.ownerId],
    actorName: actorName ?? ctx.actor?.name ?? null,
    title: lead.displayName,
    body: lead.needs,
    link: { type: 'lead', id: lead.id },
  });
}

export async function createLead(ctx: Ctx, input: Fields): Promise<Lead> {
  const actor = requirePermission(ctx, 'leads:write');
  if (input.ownerId && input.ownerId !== actor.userId && !(await mayOverrideOwnership(ctx))) throw errors.forbidden();
  const id = await ctx.tx(async (tx) => {
    await refuseOwnedElsewhere(tx, input);
    return insertLead(tx, input, { actorId: actor.userId });
  });
  return readLead(ctx, id, false);
}

async function lockedForWrite(ctx: Ctx, id: string, version: number): Promise<{ row: Row; before: Lead }> {
  const row = await repo.findLead(ctx.db, await scopeFilter(ctx, 'leads'), id);
  if (!row) throw errors.notFound('lead');
  if (row.version !== version) throw errors.versionConflict(row.version);
  return { row, before: toLead(row) };
}

/** Saves a lead's changed columns, rescoring it, with the audit row and event of the change. */
export async function saveLead(tx: Ctx, id: string, version: number, set: Record<string, unknown>, before: Lead, action: string, event: { name: string; payload: Record<string, unknown> }): Promise<Lead> {
  const updated = await tx.db.updateTable('leads').set({ ...set, updatedAt: tx.now(), version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw errors.versionConflict(version + 1);
  await rescoreLead(tx, id);
  const after = await readLead(tx, id, false);
  await recordAudit(tx, { action, objectType: 'lead', objectId: id, before: audited(before), after: audited(after), meta: { name: after.displayName } });
  await emit(tx, event.name, event.payload);
  return after;
}

export async function updateLead(ctx: Ctx, id: string, patch: z.output<typeof LeadPatch>, version: number): Promise<Lead> {
  const actor = requirePermission(ctx, 'leads:write');
  await ctx.tx(async (tx) => {
    const { before } = await lockedForWrite(tx, id, version);
    if (!openLeadStatuses.includes(before.status)) throw errors.invalidFields({ path: 'status', code: 'closed', messageKey: 'lead.closed' });
    const { version: _v, status, ...changes } = patch;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<Fields>;
    const merged = { ...before, ...defined, custom: await validateCustomValues(tx, 'lead', changes.custom, before.custom) } as Fields;
    if (!merged.personName && !merged.companyName) throw errors.invalidFields({ path: 'personName', code: 'required', messageKey: 'lead.name_required' });
    const ownerChanged = defined.ownerId !== undefined && defined.ownerId !== before.ownerId;
    if (ownerChanged && !(await mayOverrideOwnership(tx)) && defined.ownerId !== actor.userId) throw errors.forbidden();
    const owner = ownerChanged && defined.ownerId ? await ownerOrInvalid(tx, defined.ownerId) : null;
    const keysChanged = ['personName', 'companyName', 'mobile', 'phone', 'email'].some((k) => k in defined);
    if (keysChanged) await refuseOwnedElsewhere(tx, merged, id);
    const fields = storedFields(merged);
    const after = await saveLead(tx, id, version, {
      ...fields,
      ...(status ? { status } : {}),
      ...(ownerChanged ? { ownerId: owner?.id ?? null, teamId: owner?.teamId ?? null, routedBy: null } : {}),
      custom: toJson(merged.custom),
    }, before, ownerChanged ? 'lead.assign' : 'lead.update', { name: 'lead.updated', payload: { id, changed: Object.keys({ ...defined, ...(status ? { status } : {}) }) } });
    if (keysChanged) await repo.saveLeadMatchKeys(tx.db, id, leadMatchKeys(fields));
    if (ownerChanged && owner && owner.id !== actor.userId) await notifyAssigned(tx, after, null);
  });
  return readLead(ctx, id, false);
}

export async function disqualifyLead(ctx: Ctx, id: string, input: { reason: string; note?: string | null }, version: number): Promise<Lead> {
  requirePermission(ctx, 'leads:write');
  await ctx.tx(async (tx) => {
    const { before } = await lockedForWrite(tx, id, version);
    if (!openLeadStatuses.includes(before.status)) throw errors.invalidFields({ path: 'status', code: 'closed', messageKey: 'lead.closed' });
    await checkPicklistValue(tx, 'disqualify_reason', input.reason, 'reason');
    await saveLead(tx, id, version, { status: 'disqualified', disqualifyReason: input.reason, disqualifyNote: input.note || null }, before, 'lead.disqualify',
      { name: 'lead.disqualified', payload: { id, reason: input.reason } });
  });
  return readLead(ctx, id, false);
}

/** A disqualified lead back in play, as contacted. */
export async function reopenLead(ctx: Ctx, id: string, version: number): Promise<Lead> {
  requirePermission(ctx, 'leads:write');
  await ctx.tx(async (tx) => {
    const { before } = await lockedForWrite(tx, id, version);
    if (before.status !== 'disqualified') throw errors.invalidFields({ path: 'status', code: 'not_disqualified', messageKey: 'lead.not_disqualified' });
    await saveLead(tx, id, version, { status: 'contacted', disqualifyReason: null, disqualifyNote: null }, before, 'lead.reopen', { name: 'lead.reopened', payload: { id } });
  });
  return readLead(ctx, id, false);
}

export async function deleteLead(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'leads:delete');
  await ctx.tx(async (tx) => {
    const row = await repo.findLead(tx.db, await scopeFilter(tx, 'leads'), id);
    if (!row) throw errors.notFound('lead');
    await softDeleteLead(tx, row);
  });
}

async function softDeleteLead(tx: Ctx, row: Row, meta: Record<string, unknown> = {}): Promise<void> {
  await tx.db.updateTable('leads').set({ deletedAt: tx.now(), updatedAt: tx.now(), version: row.version + 1 }).where('id', '=', row.id).execute();
  await repo.saveLeadMatchKeys(tx.db, row.id, []);
  await recordAudit(tx, { action: 'lead.delete', objectType: 'lead', objectId: row.id, meta: { name: row.companyName ?? row.personName, ...meta } });
  await emit(tx, 'lead.deleted', { id: row.id });
}

// ---- imports (导入): the import pipeline of the customers module writes leads through these ----

/** Open leads sharing a phone or an email with these fields; `id` is null for a lead outside the caller's scope. */
export async function openLeadTwins(ctx: Ctx, fields: Partial<Fields>): Promise<{ id: string | null; name: string }[]> {
  const keys = leadMatchKeys(fields).filter((k) => k.kind !== 'name');
  if (!keys.length) return [];
  const scope = await scopeFilter(ctx, 'leads');
  const open = (await repo.leadsMatching(ctx.db, keys)).filter((r) => openLeadStatuses.includes(r.status as LeadStatus));
  return [...new Map(open.map((r) => [r.id, { id: inScope(scope, r) ? r.id : null, name: r.companyName ?? r.personName ?? '' }])).values()];
}

/** A lead from an import row, checked as one entered by hand (owner rights, 撞单); a row without owner is routed by the rules. */
export async function importLead(tx: Ctx, input: Fields): Promise<{ id: string; version: number }> {
  const actor = requirePermission(tx, 'leads:write');
  if (input.ownerId && input.ownerId !== actor.userId && !(await mayOverrideOwnership(tx))) throw errors.forbidden();
  await refuseOwnedElsewhere(tx, input);
  const id = await insertLead(tx, { ...input, ownerId: input.ownerId ?? null }, { actorId: actor.userId });
  return { id, version: (await readLead(tx, id, false)).version };
}

/** Undoes a lead an import created: to the recycle bin as a deletion is, audited. The importer needs no delete right, and the lead may since be routed out of their scope. */
export async function removeImportedLead(tx: Ctx, id: string, importId: string): Promise<void> {
  requirePermission(tx, 'leads:write');
  const row = await repo.findLead(tx.db, { kind: 'all' }, id);
  if (!row) return;
  await softDeleteLead(tx, row, { importId });
}

/** Hands a lead to the owner routing chose (rerouting), audited and notified. */
export async function assignRouted(tx: Ctx, leadId: string, routed: Routed): Promise<void> {
  const row = await repo.findLead(tx.db, { kind: 'all' }, leadId);
  if (!row) return;
  const after = await saveLead(tx, leadId, row.version, { ownerId: routed.ownerId, teamId: routed.teamId, routedBy: routed.ruleId }, toLead(row), 'lead.assign',
    { name: 'lead.updated', payload: { id: leadId, changed: ['ownerId'] } });
  await notifyAssigned(tx, after, null);
}
