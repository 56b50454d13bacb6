// Queries on customers and contacts. Every read of a customer goes through the
// record-scope condition; contacts are visible exactly when their customer is.
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type Selectable, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../platform/context.js';
import type { ContactTable, CustomerTable, DB } from '../../db/schema.js';
import type { Dialect } from '../../platform/db/connect.js';
import type { ScopeFilter } from '../../platform/authz/index.js';
import { scopeCondition } from '../../platform/authz/sql.js';
import { containsText, jsonArrayHas, jsonValue } from '../../platform/db/dialect.js';
import { conditionSql, type Condition } from '../../platform/db/conditions.js';
import type { CursorKey } from '../../platform/http/pagination.js';

export type CustomerRow = Selectable<CustomerTable>;
export type ContactRow = Selectable<ContactTable>;
export type CustomerRowWithOwner = CustomerRow & { ownerName: string | null };

function visible(eb: ExpressionBuilder<DB, 'customers'>, scope: ScopeFilter): Expression<SqlBool> {
  return eb.and([eb('customers.deletedAt', 'is', null), scopeCondition(eb, scope, { owner: 'customers.ownerId', team: 'customers.teamId' })]);
}

/** Adds the owner's name to a customers query. */
function withOwner(q: SelectQueryBuilder<DB, 'customers', object>) {
  return q.leftJoin('users as owner', 'owner.id', 'customers.ownerId').selectAll('customers').select('owner.name as ownerName');
}

/** Live contacts per customer, for a page of customers in one grouped query. */
export async function contactCounts(db: Executor, customerIds: string[]): Promise<Map<string, number>> {
  if (!customerIds.length) return new Map();
  const rows = await db
    .selectFrom('contacts')
    .select(['customerId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('customerId', 'in', customerIds)
    .where('deletedAt', 'is', null)
    .groupBy('customerId')
    .execute();
  return new Map(rows.map((r) => [r.customerId, Number(r.n)]));
}

export function findVisibleCustomer(db: Executor, scope: ScopeFilter, id: string): Promise<CustomerRowWithOwner | undefined> {
  return withOwner(db.selectFrom('customers').where('customers.id', '=', id).where((eb) => visible(eb, scope)))
    .executeTakeFirst() as Promise<CustomerRowWithOwner | undefined>;
}

/** Several customers at once, those of them the scope lets the actor see. */
export function findVisibleCustomers(db: Executor, scope: ScopeFilter, ids: string[]): Promise<CustomerRowWithOwner[]> {
  if (!ids.length) return Promise.resolve([]);
  return withOwner(db.selectFrom('customers').where('customers.id', 'in', ids).where((eb) => visible(eb, scope)))
    .execute() as Promise<CustomerRowWithOwner[]>;
}

export type SortKey = 'updatedAt' | 'createdAt' | 'name';
/** A column, or a custom field (numbers sort as numbers; empty values sort as the smallest). */
export type CustomerSort = { key: SortKey; desc: boolean } | { customKey: string; numeric: boolean; desc: boolean };

export interface CustomerListFilter {
  q?: string;
  type?: string;
  grade?: string;
  stage?: string;
  source?: string;
  status?: string;
  ownerId?: string;
  tag?: string;
  industry?: string;
  province?: string;
  where?: Condition[];
  sort: CustomerSort;
  after: CursorKey | null;
  limit: number;
}

type CustomerFilters = Omit<CustomerListFilter, 'sort' | 'after' | 'limit'>;

/** The WHERE clause shared by the list, the count and the export. */
function filtered(db: Executor, dialect: Dialect, scope: ScopeFilter, f: CustomerFilters) {
  let q = db.selectFrom('customers').where((eb) => visible(eb, scope));
  if (f.q) {
    const text = f.q;
    q = q.where(() => containsText('customers.searchText', text));
  }
  if (f.type) q = q.where('customers.type', '=', f.type as CustomerRow['type']);
  if (f.grade) q = q.where('customers.grade', '=', f.grade);
  if (f.stage) q = q.where('customers.stage', '=', f.stage);
  if (f.source) q = q.where('customers.source', '=', f.source);
  if (f.status) q = q.where('customers.status', '=', f.status as CustomerRow['status']);
  if (f.ownerId) q = q.where('customers.ownerId', '=', f.ownerId);
  if (f.industry) q = q.where('customers.industry', '=', f.industry);
  if (f.province) q = q.where('customers.province', '=', f.province);
  if (f.tag) {
    const tag = f.tag;
    q = q.where(() => jsonArrayHas(dialect, 'customers.tags', [], tag));
  }
  for (const c of f.where ?? []) q = q.where(() => conditionSql(dialect, c));
  return q;
}

export async function countCustomers(db: Executor, dialect: Dialect, scope: ScopeFilter, f: CustomerFilters): Promise<number> {
  const row = await filtered(db, dialect, scope, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function sortExpression(dialect: Dialect, sort: CustomerSort): RawBuilder<string | number> {
  if ('key' in sort) return sql<string>`${sql.ref(`customers.${sort.key}`)}`;
  const value = jsonValue(dialect, 'customers.custom', [sort.customKey], sort.numeric ? 'number' : 'text');
  return sort.numeric ? sql<number>`coalesce(${value}, -1e15)` : sql<string>`coalesce(${value}, '')`;
}

export function listCustomers(db: Executor, dialect: Dialect, scope: ScopeFilter, f: CustomerListFilter) {
  const by = sortExpression(dialect, f.sort);
  let q = withOwner(filtered(db, dialect, scope, f)).select(by.as('sortValue'));
  if (f.after) {
    const [value, id] = f.after as [string | number, string];
    q = q.where((eb) => eb(eb.tuple(by, eb.ref('customers.id')), f.sort.desc ? '<' : '>', eb.tuple(value, id)));
  }
  const dir = f.sort.desc ? 'desc' : 'asc';
  return q.orderBy(by, dir).orderBy('customers.id', dir).limit(f.limit + 1).execute() as Promise<(CustomerRowWithOwner & { sortValue: string | number })[]>;
}

export function findContactWithCustomer(db: Executor, scope: ScopeFilter, id: string) {
  return db
    .selectFrom('contacts')
    .innerJoin('customers', 'customers.id', 'contacts.customerId')
    .selectAll('contacts')
    .where('contacts.id', '=', id)
    .where('contacts.deletedAt', 'is', null)
    .where((eb) => visible(eb as unknown as ExpressionBuilder<DB, 'customers'>, scope))
    .executeTakeFirst();
}

export interface ContactListFilter {
  customerId?: string;
  q?: string;
  after: CursorKey | null;
  limit: number;
}

export function listContacts(db: Executor, scope: ScopeFilter, f: ContactListFilter) {
  let q = db
    .selectFrom('contacts')
    .innerJoin('customers', 'customers.id', 'contacts.customerId')
    .selectAll('contacts')
    .where('contacts.deletedAt', 'is', null)
    .where((eb) => visible(eb as unknown as ExpressionBuilder<DB, 'customers'>, scope));
  if (f.customerId) q = q.where('contacts.customerId', '=', f.customerId);
  if (f.q) {
    const text = f.q;
    q = q.where(() => containsText('contacts.searchText', text));
  }
  if (f.after) q = q.where('contacts.id', '>', String(f.after[0]));
  return q.orderBy('contacts.id').limit(f.limit + 1).execute();
}

/** Contacts matching a search, with their customer's name, for the global search. */
export function listContactsWithCustomer(db: Executor, scope: ScopeFilter, f: { q: string; limit: number }) {
  const text = f.q;
  return db
    .selectFrom('contacts')
    .innerJoin('customers', 'customers.id', 'contacts.customerId')
    .select(['contacts.id', 'contacts.name', 'contacts.title', 'contacts.phones', 'contacts.customerId', 'customers.name as customerName'])
    .where('contacts.deletedAt', 'is', null)
    .where((eb) => visible(eb as unknown as ExpressionBuilder<DB, 'customers'>, scope))
    .where(() => containsText('contacts.searchText', text))
    .orderBy('contacts.updatedAt', 'desc')
    .limit(f.limit)
    .execute();
}

/** Deleted customers in the recycle bin, newest deletion first, within scope. */
export function listDeletedCustomers(db: Executor, scope: ScopeFilter, f: { after: CursorKey | null; limit: number }) {
  let q = withOwner(
    db
      .selectFrom('customers')
      .where('customers.deletedAt', 'is not', null)
      .where('customers.mergedIntoId', 'is', null)
      .where((eb) => scopeCondition(eb, scope, { owner: 'customers.ownerId', team: 'customers.teamId' })),
  );
  if (f.after) {
    const [at, id] = f.after as [string, string];
    q = q.where((eb) => eb(eb.refTuple('customers.deletedAt', 'customers.id'), '<', eb.tuple(at, id)));
  }
  return q.orderBy('customers.deletedAt', 'desc').orderBy('customers.id', 'desc').limit(f.limit + 1).execute();
}

export function findDeletedCustomer(db: Executor, scope: ScopeFilter, id: string) {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('id', '=', id)
    .where('deletedAt', 'is not', null)
    .where('mergedIntoId', 'is', null)
    .where((eb) => scopeCondition(eb, scope, { owner: 'customers.ownerId', team: 'customers.teamId' }))
    .executeTakeFirst();
}
