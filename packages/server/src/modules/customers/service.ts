// Customers (客户): one record per company or person, within the actor's record scope.
// Owns the customers and contacts tables.
import type { z } from 'zod';
import { customerConditionFields, isChina, type Customer, type CustomerCreate, type CustomerListQuery, type CustomerPatch, type customerSorts } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { can, maskFields, maskValue, requirePermission, scopeFilter } from '../../platform/authz/index.js';
import { customerTimeline } from '../../platform/timeline.js';
import { recordAudit, recordAudits } from '../../platform/audit.js';
import { emit, emitAll } from '../../platform/events.js';
import { decryptField, encryptField, newId } from '../../platform/crypto.js';
import { fromJson, toDbTime, toJson } from '../../platform/db/dialect.js';
import type { Condition, ValueKind } from '../../platform/db/conditions.js';
import { AppError, errors, type FieldIssue } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { normalizePhone, searchColumns, type NormalizedPhone } from '../../platform/text.js';
import { findActiveUser } from '../identity/users.service.js';
import * as repo from './repository.js';
import { matchKeys, saveMatchKeys } from './duplicates.service.js';
import { listCustomFields, validateCustomValues } from './custom-fields.service.js';
import { chinaRegions, matchRegion } from './regions.js';
import { checkPicklistValue, firstStage, getPicklist } from './picklists.service.js';
import { homePoolOf, recordOwnerChange } from './pools.service.js';
import { ownershipConflicts } from './ownership.js';

/** Shown masked without pii:read, stored encrypted. */
const SENSITIVE = ['idNumber', 'bankAccount'] as const;

function decrypt(ctx: Ctx, value: string | null): string | null {
  return value === null ? null : decryptField(ctx.platform.config.secretKey, value);
}

function toCustomer(ctx: Ctx, row: repo.CustomerRowWithOwner, contactCount: number): Customer {
  const customer: Customer = {
    id: row.id,
    type: row.type,
    name: row.name,
    shortName: row.shortName,
    creditCode: row.creditCode,
    industry: row.industry,
    country: row.country,
    province: row.province,
    city: row.city,
    district: row.district,
    address: row.address,
    phones: fromJson<NormalizedPhone[]>(row.phones),
    emails: fromJson<string[]>(row.emails),
    website: row.website,
    wechat: row.wechat,
    source: row.source as Customer['source'],
    grade: row.grade as Customer['grade'],
    stage: row.stage,
    status: row.status,
    tags: fromJson<string[]>(row.tags),
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    teamId: row.teamId,
    poolId: row.poolId,
    poolEnteredAt: row.poolEnteredAt ? new Date(row.poolEnteredAt).toISOString() : null,
    nextFollowUpAt: row.nextFollowUpAt,
    description: row.description,
    idNumber: decrypt(ctx, row.idNumber),
    bankAccount: decrypt(ctx, row.bankAccount),
    contactCount,
    custom: fromJson<Record<string, unknown>>(row.custom),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
  return maskFields(ctx, customer, [...SENSITIVE]);
}

type Fields = Omit<z.output<typeof CustomerCreate>, 'type' | 'overrideOwnership'>;

/** The stored form of the editable fields: normalized phones, encrypted secrets, search text. */
function storedFields(ctx: Ctx, f: Required<Fields> & { type: Customer['type'] }) {
  const phones = f.phones.map((p) => normalizePhone(p));
  const key = ctx.platform.config.secretKey;
  return {
    type: f.type,
    name: f.name,
    shortName: f.shortName || null,
    creditCode: f.type === 'company' ? f.creditCode || null : null,
    industry: f.industry || null,
    country: f.country || null,
    province: f.province || null,
    city: f.city || null,
    district: f.district || null,
    address: f.address || null,
    phones: toJson(phones),
    emails: toJson([...new Set(f.emails)]),
    website: f.website || null,
    wechat: f.wechat || null,
    source: f.source ?? null,
    grade: f.grade ?? null,
    stage: f.stage,
    status: f.status,
    tags: toJson([...new Set(f.tags)]),
    ownerId: f.ownerId ?? null,
    nextFollowUpAt: f.nextFollowUpAt ? new Date(f.nextFollowUpAt).toISOString() : null,
    description: f.description || null,
    idNumber: f.idNumber ? encryptField(key, f.idNumber) : null,
    bankAccount: f.bankAccount ? encryptField(key, f.bankAccount) : null,
    custom: toJson(f.custom),
    ...searchColumns({
      names: [f.name, f.shortName],
      phones,
      others: [...f.emails, f.creditCode, f.website, f.wechat],
    }),
  };
}

/** What the audit log shows of a customer: everything but secrets in clear. */
function audited(c: Customer): Record<string, unknown> {
  const { contactCount: _c, createdAt: _a, updatedAt: _u, version: _v, ...rest } = c;
  return rest;
}

/** Chinese addresses must name a real province / city / district; their full names are stored. */
function checkedRegion(place: { country?: string | null; province?: string | null; city?: string | null; district?: string | null }) {
  if (!isChina(place.country)) return {};
  const match = matchRegion(chinaRegions(), place);
  if (!match.ok) throw errors.invalidFields({ path: match.field, code: 'unknown_region', messageKey: 'region.unknown' });
  return { province: match.province, city: match.city, district: match.district };
}

async function ownerTeam(ctx: Ctx, ownerId: string | null): Promise<string | null> {
  if (!ownerId) return null;
  const owner = await findActiveUser(ctx, ownerId);
  if (!owner) throw errors.invalidFields({ path: 'ownerId', code: 'unknown', messageKey: 'user.unknown' });
  return owner.teamId;
}

export async function getCustomer(ctx: Ctx, id: string): Promise<Customer> {
  requirePermission(ctx, 'customers:read');
  const row = await repo.findVisibleCustomer(ctx.db, await scopeFilter(ctx, 'customers'), id);
  if (!row) throw errors.notFound('customer');
  return withCount(ctx, row);
}

/** Several customers by id, in the order asked, leaving out those outside the actor's scope or deleted. */
export async function getCustomers(ctx: Ctx, ids: string[]): Promise<Customer[]> {
  requirePermission(ctx, 'customers:read');
  const rows = await repo.findVisibleCustomers(ctx.db, await scopeFilter(ctx, 'customers'), ids);
  const counts = await repo.contactCounts(ctx.db, rows.map((r) => r.id));
  const byId = new Map(rows.map((r) => [r.id, toCustomer(ctx, r, counts.get(r.id) ?? 0)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

async function withCount(ctx: Ctx, row: repo.CustomerRowWithOwner): Promise<Customer> {
  return toCustomer(ctx, row, (await repo.contactCounts(ctx.db, [row.id])).get(row.id) ?? 0);
}

const sorts: Record<(typeof customerSorts)[number], repo.CustomerSort> = {
  '-updatedAt': { key: 'updatedAt', desc: true },
  updatedAt: { key: 'updatedAt', desc: false },
  '-createdAt': { key: 'createdAt', desc: true },
  createdAt: { key: 'createdAt', desc: false },
  name: { key: 'name', desc: false },
  '-name': { key: 'name', desc: true },
};

const timeFields = new Set(['nextFollowUpAt', 'createdAt', 'updatedAt']);
const arrayFields = new Set(['tags', 'emails']);

type Query = z.output<typeof CustomerListQuery>;

/** Turns the list's conditions into SQL conditions, checking each field, operator and value. */
async function resolveConditions(ctx: Ctx, where: Query['where']): Promise<Condition[]> {
  if (!where?.length) return [];
  const fields = new Map((await listCustomFields(ctx, 'customer')).map((f) => [f.key, f]));
  const issues: FieldIssue[] = [];
  const out: Condition[] = [];
  where.forEach((w, i) => {
    const needsValue = w.op !== 'empty' && w.op !== 'not_empty';
    if (needsValue && (w.value === null || w.value === undefined || w.value === '')) {
      issues.push({ path: `where.${i}.value`, code: 'required', messageKey: 'required' });
      return;
    }
    let kind: ValueKind = 'text';
    let target: Condition['target'];
    let value = w.value ?? null;
    if (w.field.startsWith('custom.')) {
      const field = fields.get(w.field.slice(7));
      if (!field) {
        issues.push({ path: `where.${i}.field`, code: 'unknown_field', messageKey: 'unknown_field' });
        return;
      }
      kind = field.type === 'number' || field.type === 'money' ? 'number' : field.type === 'boolean' ? 'boolean' : field.type === 'multi_select' ? 'array' : 'text';
      target = { jsonColumn: 'customers.custom', path: field.type === 'money' ? [field.key, 'amount'] : [field.key] };
    } else {
      if (!(customerConditionFields as readonly string[]).includes(w.field)) {
        issues.push({ path: `where.${i}.field`, code: 'unknown_field', messageKey: 'unknown_field' });
        return;
      }
      kind = arrayFields.has(w.field) ? 'array' : 'text';
      target = { column: `customers.${w.field}` };
      if (timeFields.has(w.field) && needsValue) {
        const time = new Date(String(value));
        if (w.op === 'contains' || Number.isNaN(time.getTime())) {
          issues.push({ path: `where.${i}.${w.op === 'contains' ? 'op' : 'value'}`, code: 'invalid', messageKey: w.op === 'contains' ? 'option' : 'datetime' });
          return;
        }
        value = toDbTime(time);
      }
    }
    const allowed: Record<ValueKind, string[]> = {
      text: ['is', 'is_not', 'contains', 'gte', 'lte', 'empty', 'not_empty'],
      number: ['is', 'is_not', 'gte', 'lte', 'empty', 'not_empty'],
      boolean: ['is', 'is_not', 'empty', 'not_empty'],
      array: ['is', 'is_not', 'contains', 'empty', 'not_empty'],
    };
    if (!allowed[kind].includes(w.op)) {
      issues.push({ path: `where.${i}.op`, code: 'invalid', messageKey: 'option' });
      return;
    }
    if (kind === 'number' && needsValue && !Number.isFinite(Number(value))) {
      issues.push({ path: `where.${i}.value`, code: 'invalid', messageKey: 'custom_field.number' });
      return;
    }
    out.push({ target, kind, op: w.op, value });
  });
  if (issues.length) throw errors.invalidFields(...issues);
  return out;
}

async function resolveSort(ctx: Ctx, sort: Query['sort']): Promise<repo.CustomerSort> {
  if (sort in sorts) return sorts[sort as keyof typeof sorts];
  const desc = sort.startsWith('-');
  const key = sort.replace(/^-?custom\./, '');
  const field = (await listCustomFields(ctx, 'customer')).find((f) => f.key === key);
  if (!field) throw errors.invalidFields({ path: 'sort', code: 'unknown_field', messageKey: 'unknown_field' });
  return { customKey: key, numeric: field.type === 'number' || field.type === 'money', desc };
}

export async function listCustomers(ctx: Ctx, query: Query) {
  requirePermission(ctx, 'customers:read');
  const { limit, cursor, sort: sortParam, where, ...filters } = query;
  const sort = await resolveSort(ctx, sortParam);
  const rows = await repo.listCustomers(ctx.db, ctx.platform.dialect, await scopeFilter(ctx, 'customers'), {
    ...filters,
    where: await resolveConditions(ctx, where),
    sort,
    after: decodeCursor(cursor, 2),
    limit,
  });
  const page = toPage(rows, limit, (r) => [typeof r.sortValue === 'number' ? r.sortValue : String(r.sortValue), r.id], (r) => r);
  const counts = await repo.contactCounts(ctx.db, page.data.map((r) => r.id));
  return { data: page.data.map((r) => toCustomer(ctx, r, counts.get(r.id) ?? 0)), nextCursor: page.nextCursor };
}

/** How many customers a view holds (same filters as the list, same scope). */
export async function countCustomers(ctx: Ctx, filters: Omit<Query, 'limit' | 'cursor' | 'sort'>): Promise<number> {
  requirePermission(ctx, 'customers:read');
  const { where, ...rest } = filters;
  return repo.countCustomers(ctx.db, ctx.platform.dialect, await scopeFilter(ctx, 'customers'), { ...rest, where: await resolveConditions(ctx, where) });
}

export async function createCustomer(ctx: Ctx, input: z.output<typeof CustomerCreate>, opts: CreateOptions = {}): Promise<Customer> {
  const [outcome] = await createCustomers(ctx, [input], opts);
  if (!outcome!.ok) throw outcome!.error;
  return getCustomerUnscoped(ctx, outcome!.id);
}

export type CreateOutcome = { ok: true; id: string; version: number } | { ok: false; error: AppError };

export interface CreateOptions {
  /**
   * The actor hands these customers to their owners on purpose (an import): with customers:assign
   * they are created even where another rep owns a duplicate (撞单), as `overrideOwnership` does
   * for one customer.
   */
  assigning?: boolean;
}

/**
 * Creates customers with the checks of a single create, writing them, their match keys,
 * audit rows and events in a few multi-row statements (imports create thousands at once).
 * Each input succeeds or fails on its own; a failed one writes nothing. A customer that another
 * rep already owns (撞单) is refused with who owns it, unless a manager assigns it on purpose.
 * New customers belong to the pool of their owner's team (or the default pool); one created
 * without an owner waits in it.
 */
export async function createCustomers(ctx: Ctx, inputs: z.output<typeof CustomerCreate>[], opts: CreateOptions = {}): Promise<CreateOutcome[]> {
  const actor = requirePermission(ctx, 'customers:write');
  const mayAssign = can(ctx, 'customers:assign');
  return ctx.tx(async (tx) => {
    const now = tx.now();
    const owners = new Map<string, Promise<{ name: string; teamId: string | null } | null>>();
    const outcomes: CreateOutcome[] = [];
    type Insert = ReturnType<typeof storedFields> & {
      id: string; teamId: string | null; poolId: string; poolEnteredAt: string | null; ownedAt: string | null;
      createdAt: string; updatedAt: string; createdBy: string; version: number; deletedAt: null; mergedIntoId: null;
    };
    let created: { insert: Insert; row: repo.CustomerRowWithOwner; input: z.output<typeof CustomerCreate>; outcome: number }[] = [];
    for (const input of inputs) {
      try {
        const ownerId = input.ownerId === undefined ? actor.userId : input.ownerId;
        let owner: { name: string; teamId: string | null } | null = null;
        if (ownerId) {
          if (!owners.has(ownerId)) owners.set(ownerId, findActiveUser(tx, ownerId));
          owner = await owners.get(ownerId)!;
          if (!owner) throw errors.invalidFields({ path: 'ownerId', code: 'unknown', messageKey: 'user.unknown' });
        }
        const region = checkedRegion(input);
        if (input.stage) await checkPicklistValue(tx, 'stage', input.stage);
        if (input.industry) await checkPicklistValue(tx, 'industry', input.industry);
        const stage = input.stage ?? (await firstStage(tx));
        const fields = storedFields(tx, {
          shortName: null, creditCode: null, industry: null, country: null, province: null, city: null, district: null,
          address: null, phones: [], emails: [], website: null, wechat: null, source: null, grade: null,
          status: 'active', tags: [], nextFollowUpAt: null, description: null, idNumber: null, bankAccount: null,
          ...input,
          stage,
          ...region,
          custom: await validateCustomValues(tx, 'customer', input.custom, {}),
          ownerId,
        });
        const id = newId();
        const pool = await homePoolOf(tx, owner ? owner.teamId : actor.teamId);
        const row: Insert = {
          id, ...fields, teamId: owner ? owner.teamId : pool.teamId, poolId: pool.id, poolEnteredAt: owner ? null : now, ownedAt: owner ? now : null,
          createdAt: now, updatedAt: now, createdBy: actor.userId, version: 1, deletedAt: null, mergedIntoId: null,
        };
        outcomes.push({ ok: true, id, version: 1 });
        created.push({ insert: row, row: { ...row, ownerName: owner?.name ?? null } as unknown as repo.CustomerRowWithOwner, input, outcome: outcomes.length - 1 });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        outcomes.push({ ok: false, error: err });
      }
    }
    // 撞单: customers another rep owns, checked for the whole batch at once.
    const checked = created.filter((c) => !(mayAssign && (opts.assigning || c.input.overrideOwnership)));
    if (checked.length) {
      const conflicts = await ownershipConflicts(tx, checked.map((c) => ({
        type: c.insert.type,
        ownerId: c.insert.ownerId,
        keys: matchKeys({ name: c.insert.name, phones: fromJson<NormalizedPhone[]>(c.insert.phones), emails: fromJson<string[]>(c.insert.emails), creditCode: c.insert.creditCode }),
      })));
      const refused = new Set<number>();
      conflicts.forEach((error, i) => {
        if (!error) return;
        outcomes[checked[i]!.outcome] = { ok: false, error };
        refused.add(checked[i]!.outcome);
      });
      created = created.filter((c) => !refused.has(c.outcome));
    }
    if (!created.length) return outcomes;
    const rows = created.map((c) => c.insert);
    for (let i = 0; i < rows.length; i += 200) await tx.db.insertInto('customers').values(rows.slice(i, i + 200)).execute();
    const customers = created.map((c) => ({ ...c, customer: toCustomer(tx, c.row, 0) }));
    const keys = customers.flatMap((c) => matchKeys(c.customer).map((k) => ({ ...k, customerId: c.row.id })));
    for (let i = 0; i < keys.length; i += 500) await tx.db.insertInto('customerMatchKeys').values(keys.slice(i, i + 500)).execute();
    await recordAudits(tx, customers.map((c) => ({
      action: 'customer.create', objectType: 'customer', objectId: c.row.id, rootId: c.row.id, sensitive: [...SENSITIVE],
      after: audited({ ...c.customer, idNumber: c.input.idNumber ?? null, bankAccount: c.input.bankAccount ?? null }),
    })));
    await emitAll(tx, customers.map((c) => ({ type: 'customer.created', payload: { id: c.row.id, ownerId: c.row.ownerId } })));
    return outcomes;
  });
}

/** After a write the actor may have handed the record to someone outside their scope; answer with what was written. */
async function getCustomerUnscoped(ctx: Ctx, id: string): Promise<Customer> {
  const row = await repo.findVisibleCustomer(ctx.db, { kind: 'all' }, id);
  if (!row) throw errors.notFound('customer');
  return withCount(ctx, row);
}

export async function updateCustomer(ctx: Ctx, id: string, patch: z.output<typeof CustomerPatch>, version: number): Promise<Customer> {
  requirePermission(ctx, 'customers:write');
  const scope = await scopeFilter(ctx, 'customers');
  await ctx.tx(async (tx) => {
    const row = await repo.findVisibleCustomer(tx.db, scope, id);
    if (!row) throw errors.notFound('customer');
    if (row.version !== version) throw errors.versionConflict(row.version);
    const clear = { idNumber: decrypt(tx, row.idNumber), bankAccount: decrypt(tx, row.bankAccount) };
    const before = { ...toCustomer(tx, row, 0), ...clear };
    const { version: _v, ...changes } = patch;
    // A masked value sent back unchanged (by someone who cannot read it) is not a change.
    for (const field of SENSITIVE) {
      if (!can(tx, 'pii:read') && changes[field] !== undefined && changes[field] === maskValue(clear[field])) delete changes[field];
    }
    const merged = {
      ...before,
      phones: before.phones.map((p) => p.number),
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      custom: await validateCustomValues(tx, 'customer', changes.custom, before.custom),
    } as Required<Fields> & { type: Customer['type'] };
    const placeChanged = (['country', 'province', 'city', 'district'] as const).some((k) => changes[k] !== undefined && changes[k] !== before[k]);
    if (placeChanged) Object.assign(merged, checkedRegion(merged));
    for (const field of ['stage', 'industry'] as const) {
      const value = changes[field];
      if (value && value !== before[field]) await checkPicklistValue(tx, field, value);
    }
    const ownerChanged = merged.ownerId !== row.ownerId;
    const teamId = ownerChanged ? await ownerTeam(tx, merged.ownerId) : row.teamId;
    const pooling = ownerChanged ? await recordOwnerChange(tx, row, merged.ownerId) : {};
    const updated = await tx.db
      .updateTable('customers')
      .set({ ...storedFields(tx, merged), teamId, ...pooling, updatedAt: tx.now(), version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw errors.versionConflict(version + 1);
    const after = { ...toCustomer(tx, (await repo.findVisibleCustomer(tx.db, { kind: 'all' }, id))!, 0), idNumber: merged.idNumber ?? null, bankAccount: merged.bankAccount ?? null };
    await saveMatchKeys(tx, id, after);
    await recordAudit(tx, {
      action: 'customer.update', objectType: 'customer', objectId: id, rootId: id,
      before: audited(before), after: audited(after), sensitive: [...SENSITIVE],
    });
    await emit(tx, 'customer.updated', { id, changed: Object.keys(changes) });
  });
  return getCustomerUnscoped(ctx, id);
}

export async function deleteCustomer(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'customers:delete');
  const scope = await scopeFilter(ctx, 'customers');
  await ctx.tx(async (tx) => {
    const row = await repo.findVisibleCustomer(tx.db, scope, id);
    if (!row) throw errors.notFound('customer');
    await tx.db.updateTable('customers').set({ deletedAt: tx.now(), updatedAt: tx.now(), version: row.version + 1 }).where('id', '=', id).execute();
    await saveMatchKeys(tx, id, null);
    await recordAudit(tx, { action: 'customer.delete', objectType: 'customer', objectId: id, rootId: id, meta: { name: row.name } });
    await emit(tx, 'customer.deleted', { id });
  });
}

/** A customer's change history, its contacts' included: what the 360 view's history tab shows. */
export async function customerHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await getCustomer(ctx, id);
  let q = ctx.db.selectFrom('auditEvents').selectAll().where('rootId', '=', id).where('objectType', 'in', ['customer', 'contact']);
  const after = decodeCursor(query.cursor, 1);
  if (after) q = q.where('id', '<', String(after[0]));
  const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute();
  return toPage(rows, query.limit, (r) => [r.id], (r) => ({
    id: r.id, at: r.at, actorId: r.actorId, actorName: r.actorName, action: r.action,
    objectType: r.objectType, objectId: r.objectId,
    changes: r.changes === null ? null : fromJson<Record<string, { before: unknown; after: unknown }>>(r.changes),
    meta: r.meta === null ? null : fromJson<Record<string, unknown>>(r.meta),
    ip: r.ip, requestId: r.requestId,
  }));
}

/** A page of the customer's timeline: every registered source (platform/timeline), newest first. */
export async function customerTimelinePage(ctx: Ctx, id: string, query: { types?: string; limit: number; cursor?: string }) {
  await getCustomer(ctx, id);
  return customerTimeline(ctx, id, query);
}

/**
 * A deal won with the customer: a prospect (or a churned customer) becomes a customer, one who
 * had won deals before a repeat customer. Stages the organization retired are left alone.
 */
export async function customerWon(ctx: Ctx, id: string, win: { repeat: boolean; opportunityId: string }): Promise<void> {
  await ctx.tx(async (tx) => {
    const row = await repo.findVisibleCustomer(tx.db, { kind: 'all' }, id);
    if (!row) return;
    const target = win.repeat ? 'repeat_customer' : 'customer';
    if (row.stage === target || row.stage === 'repeat_customer') return;
    const { options } = await getPicklist(tx, 'stage');
    if (!options.some((o) => o.value === target && !o.archived)) return;
    await tx.db.updateTable('customers').set({ stage: target, updatedAt: tx.now(), version: row.version + 1 }).where('id', '=', id).execute();
    await recordAudit(tx, {
      action: 'customer.update', objectType: 'customer', objectId: id, rootId: id,
      before: { stage: row.stage }, after: { stage: target }, meta: { cause: 'opportunity.won', opportunityId: win.opportunityId },
    });
    await emit(tx, 'customer.updated', { id, changed: ['stage'] });
  });
}

/** For other services: the visible customer or a 404, e.g. before adding a contact to it. */
export async function requireVisibleCustomer(ctx: Ctx, id: string) {
  const row = await repo.findVisibleCustomer(ctx.db, await scopeFilter(ctx, 'customers'), id);
  if (!row) throw errors.notFound('customer');
  return row;
}

/** The recycle bin: deleted customers the actor may restore. */
export async function listDeletedCustomers(ctx: Ctx, query: { limit: number; cursor?: string }) {
  requirePermission(ctx, 'customers:delete');
  const rows = await repo.listDeletedCustomers(ctx.db, await scopeFilter(ctx, 'customers'), { after: decodeCursor(query.cursor, 2), limit: query.limit });
  const page = toPage(rows, query.limit, (r) => [r.deletedAt, r.id], (r) => toCustomer(ctx, r, 0));
  return page;
}

export async function restoreCustomer(ctx: Ctx, id: string): Promise<Customer> {
  requirePermission(ctx, 'customers:delete');
  const scope = await scopeFilter(ctx, 'customers');
  await ctx.tx(async (tx) => {
    const row = await repo.findDeletedCustomer(tx.db, scope, id);
    if (!row) throw errors.notFound('customer');
    await tx.db.updateTable('customers').set({ deletedAt: null, updatedAt: tx.now(), version: row.version + 1 }).where('id', '=', id).execute();
    const restored = toCustomer(tx, (await repo.findVisibleCustomer(tx.db, { kind: 'all' }, id))!, 0);
    await saveMatchKeys(tx, id, restored);
    await recordAudit(tx, { action: 'customer.restore', objectType: 'customer', objectId: id, rootId: id, meta: { name: row.name } });
    await emit(tx, 'customer.restored', { id });
  });
  return getCustomerUnscoped(ctx, id);
}

/** Customers in the recycle bin longer than this are erased by the nightly purge. */
export const RECYCLE_BIN_DAYS = 30;

/** Hard-deletes customers (and their contacts) deleted more than RECYCLE_BIN_DAYS ago. */
/** What other modules keep for a customer is removed (or unlinked) before the customer itself is purged. */
export type PurgeHook = (ctx: Ctx, customerId: string) => Promise<void>;
const purgeHooks = new Map<string, PurgeHook>();

export function registerPurgeHook(name: string, hook: PurgeHook): void {
  purgeHooks.set(name, hook);
}

/** For the system's own jobs (reminders): a live customer's follow-up time and owner, no permission check. */
export async function customerFollowUp(ctx: Ctx, id: string) {
  return ctx.db.selectFrom('customers').select(['id', 'name', 'ownerId', 'nextFollowUpAt'])
    .where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
}

/** For the system's own jobs (the morning digest): an owner's customers due for follow-up before a time. */
export async function followUpsDue(ctx: Ctx, ownerId: string, before: string, limit: number) {
  return ctx.db.selectFrom('customers').select(['id', 'name', 'nextFollowUpAt'])
    .where('ownerId', '=', ownerId).where('deletedAt', 'is', null).where('nextFollowUpAt', '<', before)
    .orderBy('nextFollowUpAt').limit(limit).execute();
}

export async function purgeDeletedCustomers(ctx: Ctx): Promise<number> {
  const cutoff = new Date(ctx.platform.clock.now().getTime() - RECYCLE_BIN_DAYS * 86_400_000).toISOString();
  const expired = await ctx.db.selectFrom('customers').select(['id', 'name']).where('deletedAt', '<', cutoff).limit(1000).execute();
  for (const c of expired) {
    await ctx.tx(async (tx) => {
      for (const hook of purgeHooks.values()) await hook(tx, c.id);
      await tx.db.deleteFrom('contactMatchKeys').where('contactId', 'in', tx.db.selectFrom('contacts').select('id').where('customerId', '=', c.id)).execute();
      await tx.db.deleteFrom('contacts').where('customerId', '=', c.id).execute();
      await tx.db.deleteFrom('customerMatchKeys').where('customerId', '=', c.id).execute();
      await tx.db.deleteFrom('customers').where('id', '=', c.id).execute();
      await recordAudit(tx, { action: 'customer.purge', objectType: 'customer', objectId: c.id, rootId: c.id, actorName: 'kehu', meta: { name: c.name } });
    });
  }
  return expired.length;
}
