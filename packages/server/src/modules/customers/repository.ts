// Queries on customers and contacts. Every read of a customer goes through the
// record-scope condition; contacts are visible exactly when their customer is.
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type Selectable, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../platform/context.js';
import type { ContactTable, CustomerTable, DB } from '../../db/schema.js';
import type { Dialect } from '../../platform/db/connect.js';
import type { ScopeFilter } from '../../platform/authz/index.js';
import { scopeCondition } from '../../platform/authz/sql.js';
import { containsInLowered, jsonArrayHas, jsonValue } from '../../platform/db/dialect.js';
import { conditionSql, type Condition } from '../../platform/db/conditions.js';
import { indexMatchesAtLeast, searchIndexMatch, type IndexedTable } from '../../platform/db/search-index.js';
import { searchQueryTerms, toHalfWidth, type QueryTerms } from '../../platform/text.js';
import type { CursorKey } from '../../platform/http/pagination.js';

export type CustomerRow = Selectable<CustomerTable>;
export type ContactRow = Selectable<ContactTable>;
export type CustomerRowWithOwner = CustomerRow & { ownerName: string | null };

function visible(eb: ExpressionBuilder<DB, 'customers'>, scope: ScopeFilter): Expression<SqlBool> {
  return eb.and([eb('customers.deletedAt', 'is', null), scopeCondition(eb, scope, { owner: 'customers.ownerId', team: 'customers.teamId' })]);
}

/** How a list looks for text: the substring always, narrowed first by the search index when that helps. */
export interface TextSearch {
  text: string;
  table: IndexedTable;
  terms: QueryTerms | null;
  cap?: number;
}

/**
 * With every record in scope, the search index picks the candidates first. A narrower scope
 * is already a short list, read through its owner and team indexes. On SQLite a word found in
 * thousands of rows (有限) is left to the plain scan, which meets enough of them in sort order
 * at once; PostgreSQL's planner makes that choice itself from its statistics.
 */
export async function planTextSearch(db: Executor, dialect: Dialect, table: IndexedTable, scope: ScopeFilter, text: string | undefined, cap?: number): Promise<TextSearch | null> {
  if (!text) return null;
  let terms = scope.kind === 'all' ? searchQueryTerms(text) : null;
  if (terms && dialect === 'sqlite' && !cap && (await indexMatchesAtLeast(db, table, terms, commonWordRows))) terms = null;
  return { text, table, terms, cap };
}

/** Above this many index matches a word is common enough for the plain scan. */
const commonWordRows = 5000;

export function matchesText(dialect: Dialect, search: TextSearch): Expression<SqlBool> {
  const substring = containsInLowered(`${search.table}.searchText`, toHalfWidth(search.text));
  return search.terms ? sql<SqlBool>`(${searchIndexMatch(dialect, search.table, search.terms, search.cap)} and ${substring})` : substring;
}

/**
 * The ids of the customers a scope shows, as a subquery: other areas (activities, tasks…)
 * show their records exactly when the customer they belong to is visible.
 */
export function visibleCustomerIds(db: Executor, scope: ScopeFilter) {
  return db.selectFrom('customers').select('customers.id').where((eb) => visible(eb, scope));
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

/** Customers whose name starts with `prefix`, read from the name index: a search's best hits, however common its words. */
export function customersNamedFrom(db: Executor, scope: ScopeFilter, prefix: string, limit: number): Promise<CustomerRowWithOwner[]> {
  return withOwner(
    db.selectFrom('customers')
      .where('customers.name', '>=', prefix)
      .where('customers.name', '<', `${prefix}\uffff`)
      .where((eb) => visible(eb, scope)),
  ).orderBy('customers.name').limit(limit).execute() as Promise<CustomerRowWithOwner[]>;
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
  /** For the global search: look only at this many of the newest index matches. */
  searchCap?: number;
  sort: CustomerSort;
  after: CursorKey | null;
  limit: number;
}

type CustomerFilters = Omit<CustomerListFilter, 'sort' | 'after' | 'limit'>;

/** The WHERE clause shared by the list, the count and the export. */
function filtered(db: Executor, dialect: Dialect, scope: ScopeFilter, f: CustomerFilters, search: TextSearch | null) {
  let q = db.selectFrom('customers').where((eb) => visible(eb, scope));
  if (search) q = q.where(() => matchesText(dialect, search));
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
  const search = await planTextSearch(db, dialect, 'customers', scope, f.q);
  const row = await filtered(db, dialect, scope, f, search).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function sortExpression(dialect: Dialect, sort: CustomerSort): RawBuilder<string | number> {
  if ('key' in sort) return sql<string>`${sql.ref(`customers.${sort.key}`)}`;
  const value = jsonValue(dialect, 'customers.custom', [sort.customKey], sort.numeric ? 'number' : 'text');
  return sort.numeric ? sql<number>`coalesce(${value}, -1e15)` : sql<string>`coalesce(${value}, '')`;
}

export async function listCustomers(db: Executor, dialect: Dialect, scope: ScopeFilter, f: CustomerListFilter) {
  const by = sortExpression(dialect, f.sort);
  const search = await planTextSearch(db, dialect, 'customers', scope, f.q, f.searchCap);
  let q = withOwner(filtered(db, dialect, scope, f, search)).select(by.as('sortValue'));
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

export async function listContacts(db: Executor, dialect: Dialect, scope: ScopeFilter, f: ContactListFilter) {
  const search = await planTextSearch(db, dialect, 'contacts', scope, f.q);
  let q = db
    .selectFrom('contacts')
    .innerJoin('customers', 'customers.id', 'contacts.customerId')
    .selectAll('contacts')
    .where('contacts.deletedAt', 'is', null)
    .where((eb) => visible(eb as unknown as ExpressionBuilder<DB, 'customers'>, scope));
  if (f.customerId) q = q.where('contacts.customerId', '=', f.customerId);
  if (search) q = q.where(() => matchesText(dialect, search));
  if (f.after) q = q.where('contacts.id', '>', String(f.after[0]));
  return q.orderBy('contacts.id').limit(f.limit + 1).execute();
}

/** Contacts matching a search, with their customer's name, for the global search. */
export async function listContactsWithCustomer(db: Executor, dialect: Dialect, scope: ScopeFilter, f: { q: string; limit: number; searchCap?: number }) {
  const search = (await planTextSearch(db, dialect, 'contacts', scope, f.q, f.searchCap))!;
  return db
    .selectFrom('contacts')
    .innerJoin('customers', 'customers.id', 'contacts.customerId')
    .select(['contacts.id', 'contacts.name', 'contacts.title', 'contacts.phones', 'contacts.customerId', 'customers.name as customerName'])
    .where('contacts.deletedAt', 'is', null)
    .where((eb) => visible(eb as unknown as ExpressionBuilder<DB, 'customers'>, scope))
    .where(() => matchesText(dialect, search))
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
