// Queries on leads and their match keys. Record scope is the lead's own (owner and team),
// given by the service as a ScopeFilter.
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import { openLeadStatuses, type LeadSort } from '@kehu/shared';
import type { z } from 'zod';
import type { ScopeFilter } from '../../platform/authz/index.js';
import { scopeCondition } from '../../platform/authz/sql.js';
import type { Executor } from '../../platform/context.js';
import type { DB, LeadTable } from '../../db/schema.js';
import type { CursorKey } from '../../platform/http/pagination.js';
import { containsInLowered } from '../../platform/db/dialect.js';
import { toHalfWidth } from '../../platform/text.js';

export type LeadRow = Selectable<LeadTable> & { ownerName: string | null };
export type MatchKey = { kind: 'name' | 'phone' | 'email'; value: string };

function visible(eb: ExpressionBuilder<DB, 'leads'>, scope: ScopeFilter): Expression<SqlBool> {
  return eb.and([eb('leads.deletedAt', 'is', null), scopeCondition(eb, scope, { owner: 'leads.ownerId', team: 'leads.teamId' })]);
}

function withNames(db: Executor) {
  return db.selectFrom('leads').leftJoin('users as owner', 'owner.id', 'leads.ownerId').selectAll('leads').select('owner.name as ownerName');
}

export function findLead(db: Executor, scope: ScopeFilter, id: string): Promise<LeadRow | undefined> {
  return withNames(db).where('leads.id', '=', id).where((eb) => visible(eb, scope)).executeTakeFirst();
}

export interface LeadFilter {
  q?: string;
  status?: string;
  open?: boolean;
  band?: string;
  source?: string;
  ownerId?: string;
}

type Sort = z.infer<typeof LeadSort>;

function sortKey(sort: Sort): { key: RawBuilder<string | number>; desc: boolean; of: (row: LeadRow) => string | number } {
  const desc = sort.startsWith('-');
  switch (sort.replace('-', '') as 'score' | 'createdAt' | 'updatedAt') {
    case 'score':
      return { key: sql`leads.score`, desc, of: (r) => r.score };
    case 'createdAt':
      return { key: sql`leads.created_at`, desc, of: (r) => r.createdAt };
    default:
      return { key: sql`leads.updated_at`, desc, of: (r) => r.updatedAt };
  }
}

export function cursorOf(sort: Sort, row: LeadRow): CursorKey {
  return [sortKey(sort).of(row), row.id];
}

export function listLeads(db: Executor, scope: ScopeFilter, f: LeadFilter & { sort: Sort; after: CursorKey | null; limit: number }): Promise<LeadRow[]> {
  const { key, desc } = sortKey(f.sort);
  let q = withNames(db).where((eb) => visible(eb, scope));
  if (f.status) q = q.where('leads.status', '=', f.status);
  if (f.open === true) q = q.where('leads.status', 'in', [...openLeadStatuses]);
  if (f.open === false) q = q.where('leads.status', 'not in', [...openLeadStatuses]);
  if (f.band) q = q.where('leads.scoreBand', '=', f.band);
  if (f.source) q = q.where('leads.source', '=', f.source);
  if (f.ownerId) q = q.where('leads.ownerId', '=', f.ownerId);
  if (f.q) q = q.where(containsInLowered('leads.searchText', toHalfWidth(f.q)));
  if (f.after) {
    const [value, id] = f.after;
    q = q.where(desc ? sql<SqlBool>`(${key}, leads.id) < (${value}, ${id})` : sql<SqlBool>`(${key}, leads.id) > (${value}, ${id})`);
  }
  const dir = desc ? 'desc' : 'asc';
  return q.orderBy(key, dir).orderBy('leads.id', dir).limit(f.limit + 1).execute();
}

export async function saveLeadMatchKeys(db: Executor, leadId: string, keys: MatchKey[]): Promise<void> {
  await db.deleteFrom('leadMatchKeys').where('leadId', '=', leadId).execute();
  if (keys.length) await db.insertInto('leadMatchKeys').values(keys.map((k) => ({ ...k, leadId }))).execute();
}

const anyKey = <T extends 'leadMatchKeys' | 'customerMatchKeys' | 'contactMatchKeys'>(keys: MatchKey[], table: T) =>
  (eb: ExpressionBuilder<any, any>) => eb.or(keys.map((k) => eb.and([eb(`${table}.kind` as never, '=', k.kind as never), eb(`${table}.value` as never, '=', k.value as never)])));

/** Leads sharing a key, with the kinds that matched (one row per key hit). */
export function leadsMatching(db: Executor, keys: MatchKey[], excludeId?: string) {
  return db
    .selectFrom('leadMatchKeys')
    .innerJoin('leads', 'leads.id', 'leadMatchKeys.leadId')
    .leftJoin('users as owner', 'owner.id', 'leads.ownerId')
    .select(['leads.id', 'leads.personName', 'leads.companyName', 'leads.status', 'leads.ownerId', 'leads.teamId', 'owner.name as ownerName', 'leadMatchKeys.kind'])
    .where('leads.deletedAt', 'is', null)
    .where(anyKey(keys, 'leadMatchKeys'))
    .$if(Boolean(excludeId), (q) => q.where('leads.id', '!=', excludeId!))
    .limit(100)
    .execute();
}

export function customersMatching(db: Executor, keys: MatchKey[]) {
  return db
    .selectFrom('customerMatchKeys')
    .innerJoin('customers', 'customers.id', 'customerMatchKeys.customerId')
    .leftJoin('users as owner', 'owner.id', 'customers.ownerId')
    .select(['customers.id', 'customers.name', 'customers.ownerId', 'customers.teamId', 'owner.name as ownerName', 'customerMatchKeys.kind'])
    .where('customers.deletedAt', 'is', null)
    .where(anyKey(keys, 'customerMatchKeys'))
    .limit(100)
    .execute();
}

export function contactsMatching(db: Executor, keys: MatchKey[]) {
  return db
    .selectFrom('contactMatchKeys')
    .innerJoin('contacts', 'contacts.id', 'contactMatchKeys.contactId')
    .innerJoin('customers', 'customers.id', 'contacts.customerId')
    .leftJoin('users as owner', 'owner.id', 'customers.ownerId')
    .select(['contacts.id', 'contacts.name', 'contacts.customerId', 'customers.name as customerName', 'customers.ownerId', 'customers.teamId', 'owner.name as ownerName', 'contactMatchKeys.kind'])
    .where('contacts.deletedAt', 'is', null)
    .where('customers.deletedAt', 'is', null)
    .where(anyKey(keys, 'contactMatchKeys'))
    .limit(100)
    .execute();
}

/** Open leads per owner, for least-loaded routing. */
export async function openLeadCounts(db: Executor, userIds: string[]): Promise<Map<string, number>> {
  const out = new Map(userIds.map((id) => [id, 0]));
  if (!userIds.length) return out;
  const rows = await db
    .selectFrom('leads')
    .select((eb) => ['leads.ownerId', eb.fn.countAll<number>().as('count')])
    .where('leads.ownerId', 'in', userIds)
    .where('leads.status', 'in', [...openLeadStatuses])
    .where('leads.deletedAt', 'is', null)
    .groupBy('leads.ownerId')
    .execute();
  for (const r of rows) out.set(r.ownerId!, Number(r.count));
  return out;
}

/** Activities logged against a lead, counted by kind and direction (what scoring reads). */
export async function leadActivityCounts(db: Executor, leadId: string) {
  const rows = await db
    .selectFrom('activities')
    .select((eb) => ['activities.kind', 'activities.direction', eb.fn.countAll<number>().as('count'), eb.fn.max('activities.occurredAt').as('last')])
    .where('activities.relatedType', '=', 'lead')
    .where('activities.relatedId', '=', leadId)
    .where('activities.deletedAt', 'is', null)
    .groupBy(['activities.kind', 'activities.direction'])
    .execute();
  return rows.map((r) => ({ kind: r.kind, direction: r.direction, count: Number(r.count), last: r.last as string | null }));
}
