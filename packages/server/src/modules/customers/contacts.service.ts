// Contacts (联系人): people at a customer; visible and editable exactly when their customer is.
import type { z } from 'zod';
import type { Consent, Contact, ContactCreate, ContactListQuery, ContactPatch } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requirePermission, scopeFilter } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { emit } from '../../platform/events.js';
import { newId } from '../../platform/crypto.js';
import { fromJson, toJson } from '../../platform/db/dialect.js';
import { errors } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { normalizePhone, searchColumns, type NormalizedPhone } from '../../platform/text.js';
import * as repo from './repository.js';
import { requireVisibleCustomer } from './service.js';
import { validateCustomValues } from './custom-fields.service.js';

function toContact(row: repo.ContactRow): Contact {
  return {
    id: row.id,
    customerId: row.customerId,
    name: row.name,
    title: row.title,
    department: row.department,
    phones: fromJson<NormalizedPhone[]>(row.phones),
    emails: fromJson<string[]>(row.emails),
    wechat: row.wechat,
    birthday: row.birthday,
    decisionRole: row.decisionRole as Contact['decisionRole'],
    isPrimary: row.isPrimary === 1,
    preferredChannel: row.preferredChannel as Contact['preferredChannel'],
    notes: row.notes,
    consents: fromJson<Consent[]>(row.consents),
    custom: fromJson<Record<string, unknown>>(row.custom),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

type Fields = Required<Omit<z.output<typeof ContactCreate>, 'customerId' | 'consents'>> & { consents: Consent[] };

/** The consents as sent, keeping the time of those that did not change and stamping the others now. */
function stampConsents(input: z.output<typeof ContactCreate>['consents'], previous: Consent[], now: string): Consent[] {
  if (!input) return previous;
  return input.map((c) => {
    const before = previous.find((p) => p.channel === c.channel);
    return before && before.granted === c.granted && before.source === c.source ? before : { ...c, at: now };
  });
}

function storedFields(f: Fields) {
  const phones = f.phones.map((p) => normalizePhone(p));
  return {
    name: f.name,
    title: f.title || null,
    department: f.department || null,
    phones: toJson(phones),
    emails: toJson([...new Set(f.emails)]),
    wechat: f.wechat || null,
    birthday: f.birthday || null,
    decisionRole: f.decisionRole ?? null,
    isPrimary: f.isPrimary ? 1 : 0,
    preferredChannel: f.preferredChannel ?? null,
    notes: f.notes || null,
    consents: toJson(f.consents),
    custom: toJson(f.custom),
    ...searchColumns({ names: [f.name], phones, others: [...f.emails, f.wechat] }),
  };
}

const audited = ({ createdAt: _c, updatedAt: _u, version: _v, ...rest }: Contact) => rest;

/** Phones and emails by which leads find the people already known; rewritten on every contact write. */
async function saveContactMatchKeys(ctx: Ctx, contactId: string, fields: { phones: string; emails: string } | null): Promise<void> {
  await ctx.db.deleteFrom('contactMatchKeys').where('contactId', '=', contactId).execute();
  if (!fields) return;
  const keys = [
    ...fromJson<{ e164: string | null }[]>(fields.phones).filter((p) => p.e164).map((p) => ({ kind: 'phone', value: p.e164! })),
    ...fromJson<string[]>(fields.emails).map((e) => ({ kind: 'email', value: e.toLowerCase() })),
  ];
  const unique = [...new Map(keys.map((k) => [`${k.kind}:${k.value}`, k])).values()];
  if (unique.length) await ctx.db.insertInto('contactMatchKeys').values(unique.map((k) => ({ ...k, contactId }))).execute();
}

/** One primary contact per customer: making one primary demotes the others. */
async function demoteOtherPrimaries(ctx: Ctx, customerId: string, keepId: string) {
  await ctx.db.updateTable('contacts').set({ isPrimary: 0 }).where('customerId', '=', customerId).where('id', '!=', keepId).where('isPrimary', '=', 1).execute();
}

export async function getContact(ctx: Ctx, id: string): Promise<Contact> {
  requirePermission(ctx, 'customers:read');
  const row = await repo.findContactWithCustomer(ctx.db, await scopeFilter(ctx, 'customers'), id);
  if (!row) throw errors.notFound('contact');
  return toContact(row);
}

export async function listContacts(ctx: Ctx, query: z.output<typeof ContactListQuery>) {
  requirePermission(ctx, 'customers:read');
  const rows = await repo.listContacts(ctx.db, ctx.platform.dialect, await scopeFilter(ctx, 'customers'), {
    customerId: query.customerId,
    q: query.q,
    after: decodeCursor(query.cursor, 1),
    limit: query.limit,
  });
  return toPage(rows, query.limit, (r) => [r.id], toContact);
}

export async function createContact(ctx: Ctx, input: z.output<typeof ContactCreate>): Promise<Contact> {
  const actor = requirePermission(ctx, 'customers:write');
  const id = newId();
  await ctx.tx(async (tx) => {
    const customer = await requireVisibleCustomer(tx, input.customerId).catch(() => {
      throw errors.invalidFields({ path: 'customerId', code: 'unknown', messageKey: 'customer.unknown' });
    });
    const now = tx.now();
    const { customerId, ...rest } = input;
    const custom = await validateCustomValues(tx, 'contact', rest.custom, {});
    const consents = stampConsents(rest.consents, [], now);
    const fields = storedFields({ title: null, department: null, phones: [], emails: [], wechat: null, birthday: null, decisionRole: null, isPrimary: false, preferredChannel: null, notes: null, ...rest, consents, custom });
    await tx.db.insertInto('contacts').values({ id, customerId, ...fields, createdAt: now, updatedAt: now, createdBy: actor.userId, version: 1, deletedAt: null }).execute();
    await saveContactMatchKeys(tx, id, fields);
    if (fields.isPrimary) await demoteOtherPrimaries(tx, customerId, id);
    const created = toContact((await tx.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst())!);
    await recordAudit(tx, { action: 'contact.create', objectType: 'contact', objectId: id, rootId: customer.id, after: audited(created), meta: { name: created.name } });
    await emit(tx, 'contact.created', { id, customerId });
  });
  return getContact(ctx, id);
}

export async function updateContact(ctx: Ctx, id: string, patch: z.output<typeof ContactPatch>, version: number): Promise<Contact> {
  requirePermission(ctx, 'customers:write');
  const scope = await scopeFilter(ctx, 'customers');
  await ctx.tx(async (tx) => {
    const row = await repo.findContactWithCustomer(tx.db, scope, id);
    if (!row) throw errors.notFound('contact');
    if (row.version !== version) throw errors.versionConflict(row.version);
    const before = toContact(row);
    const { version: _v, ...changes } = patch;
    const merged = {
      ...before,
      phones: before.phones.map((p) => p.number),
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      consents: stampConsents(changes.consents, before.consents, tx.now()),
      custom: await validateCustomValues(tx, 'contact', changes.custom, before.custom),
    } as Fields;
    const fields = storedFields(merged);
    await tx.db.updateTable('contacts').set({ ...fields, updatedAt: tx.now(), version: version + 1 }).where('id', '=', id).execute();
    await saveContactMatchKeys(tx, id, fields);
    if (merged.isPrimary) await demoteOtherPrimaries(tx, row.customerId, id);
    const after = toContact((await tx.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst())!);
    await recordAudit(tx, { action: 'contact.update', objectType: 'contact', objectId: id, rootId: row.customerId, before: audited(before), after: audited(after), meta: { name: after.name } });
    await emit(tx, 'contact.updated', { id, customerId: row.customerId });
  });
  return getContact(ctx, id);
}

export async function deleteContact(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'customers:write');
  const scope = await scopeFilter(ctx, 'customers');
  await ctx.tx(async (tx) => {
    const row = await repo.findContactWithCustomer(tx.db, scope, id);
    if (!row) throw errors.notFound('contact');
    await tx.db.updateTable('contacts').set({ deletedAt: tx.now(), updatedAt: tx.now(), version: row.version + 1 }).where('id', '=', id).execute();
    await saveContactMatchKeys(tx, id, null);
    await recordAudit(tx, { action: 'contact.delete', objectType: 'contact', objectId: id, rootId: row.customerId, meta: { name: row.name } });
    await emit(tx, 'contact.deleted', { id, customerId: row.customerId });
  });
}
