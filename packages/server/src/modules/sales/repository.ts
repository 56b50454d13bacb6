// Queries on opportunities, their contacts and stage history. Record scope is the
// opportunity's own (owner and team), given by the service as a ScopeFilter.
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import type { OpportunitySort } from '@kehu/shared';
import type { z } from 'zod';
import type { ScopeFilter } from '../../platform/authz/index.js';
import { scopeCondition } from '../../platform/authz/sql.js';
import type { Executor } from '../../platform/context.js';
import type { DB, OpportunityTable } from '../../db/schema.js';
import type { CursorKey } from '../../platform/http/pagination.js';
import { containsInLowered } from '../../platform/db/dialect.js';
import { toHalfWidth } from '../../platform/text.js';

export type OpportunityRow = Selectable<OpportunityTable> & { customerName: string; ownerName: string | null };

function visible(eb: ExpressionBuilder<DB, 'opportunities'>, scope: ScopeFilter): Expression<SqlBool> {
  return eb.and([eb('opportunities.deletedAt', 'is', null), scopeCondition(eb, scope, { owner: 'opportunities.ownerId', team: 'opportunities.teamId' })]);
}

function withNames(db: Executor) {
  return db
    .selectFrom('opportunities')
    .innerJoin('customers', 'customers.id', 'opportunities.customerId')
    .leftJoin('users as owner', 'owner.id', 'opportunities.ownerId')
    .selectAll('opportunities')
    .select(['customers.name as customerName', 'owner.name as ownerName']);
}

export function findOpportunity(db: Executor, scope: ScopeFilter, id: string): Promise<OpportunityRow | undefined> {
  return withNames(db).where('opportunities.id', '=', id).where((eb) => visible(eb, scope)).executeTakeFirst();
}

export interface OpportunityFilter {
  q?: string;
  pipelineId?: string;
  stageId?: string;
  status?: string;
  ownerId?: string;
  customerId?: string;
}

type Sort = z.infer<typeof OpportunitySort>;

/** The sort key of each order; empty dates and amounts sort last (as far away as the order goes). */
function sortKey(sort: Sort): { key: RawBuilder<string | number>; desc: boolean; of: (row: OpportunityRow) => string | number } {
  const desc = sort.startsWith('-');
  switch (sort.replace('-', '') as 'updatedAt' | 'createdAt' | 'expectedCloseDate' | 'amount') {
    case 'expectedCloseDate': {
      const none = desc ? '0000-01-01' : '9999-12-31';
      return { key: sql`coalesce(opportunities.expected_close_date, ${none})`, desc, of: (r) => r.expectedCloseDate ?? none };
    }
    case 'amount': {
      const none = desc ? -1 : Number.MAX_SAFE_INTEGER;
      return { key: sql`coalesce(opportunities.amount, ${none})`, desc, of: (r) => r.amount ?? none };
    }
    case 'createdAt':
      return { key: sql`opportunities.created_at`, desc, of: (r) => r.createdAt };
    default:
      return { key: sql`opportunities.updated_at`, desc, of: (r) => r.updatedAt };
  }
}

export function cursorOf(sort: Sort, row: OpportunityRow): CursorKey {
  return [sortKey(sort).of(row), row.id];
}

function filtered(db: Executor, scope: ScopeFilter, f: OpportunityFilter) {
  let q = withNames(db).where((eb) => visible(eb, scope));
  // A stage names its pipeline; asking for both would steer the planner to the totals index
  // and a sort of the whole stage instead of reading the newest deals off the stage index.
  if (f.stageId) q = q.where('opportunities.stageId', '=', f.stageId);
  else if (f.pipelineId) q = q.where('opportunities.pipelineId', '=', f.pipelineId);
  if (f.status) q = q.where('opportunities.status', '=', f.status);
  if (f.ownerId) q = q.where('opportunities.ownerId', '=', f.ownerId);
  if (f.customerId) q = q.where('opportunities.customerId', '=', f.customerId);
  if (f.q) q = q.where(containsInLowered('opportunities.searchText', toHalfWidth(f.q)));
  return q;
}

export function listOpportunities(db: Executor, scope: ScopeFilter, f: OpportunityFilter & { sort: Sort; after: CursorKey | null; limit: number }): Promise<OpportunityRow[]> {
  const { key, desc } = sortKey(f.sort);
  let q = filtered(db, scope, f);
  if (f.after) {
    const [value, id] = f.after;
    q = q.where(desc ? sql<SqlBool>`(${key}, opportunities.id) < (${value}, ${id})` : sql<SqlBool>`(${key}, opportunities.id) > (${value}, ${id})`);
  }
  const dir = desc ? 'desc' : 'asc';
  return q.orderBy(key, dir).orderBy('opportunities.id', dir).limit(f.limit + 1).execute();
}

/** Per stage: how many, the sum of amounts in `currency`, and the sum of amount × probability (in percent). */
export async function stageTotals(db: Executor, scope: ScopeFilter, f: OpportunityFilter, currency: string) {
  const rows = await db
    .selectFrom('opportunities')
    .where((eb) => visible(eb, scope))
    .$if(!!f.pipelineId, (q) => q.where('opportunities.pipelineId', '=', f.pipelineId!))
    .$if(!!f.ownerId, (q) => q.where('opportunities.ownerId', '=', f.ownerId!))
    .$if(!!f.q, (q) => q.where(containsInLowered('opportunities.searchText', toHalfWidth(f.q!))))
    .select((eb) => [
      'opportunities.stageId',
      eb.fn.countAll<number>().as('count'),
      sql<number>`coalesce(sum(case when opportunities.currency = ${currency} then opportunities.amount else 0 end), 0)`.as('amount'),
      sql<number>`coalesce(sum(case when opportunities.currency = ${currency} then opportunities.amount * opportunities.probability else 0 end), 0)`.as('weighted'),
    ])
    .groupBy('opportunities.stageId')
    .execute();
  return new Map(rows.map((r) => [r.stageId, { count: Number(r.count), amount: Number(r.amount), weighted: Math.round(Number(r.weighted) / 100) }]));
}

export async function contactsOf(db: Executor, ids: string[]) {
  const out = new Map<string, { contactId: string; name: string; role: string }[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('opportunityContacts')
    .innerJoin('contacts', 'contacts.id', 'opportunityContacts.contactId')
    .select(['opportunityContacts.opportunityId', 'opportunityContacts.contactId', 'opportunityContacts.role', 'contacts.name'])
    .where('opportunityContacts.opportunityId', 'in', ids)
    .orderBy('opportunityContacts.position')
    .execute();
  for (const r of rows) out.get(r.opportunityId)!.push({ contactId: r.contactId, name: r.name, role: r.role });
  return out;
}

export async function setContacts(db: Executor, opportunityId: string, contacts: { contactId: string; role: string }[]): Promise<void> {
  await db.deleteFrom('opportunityContacts').where('opportunityId', '=', opportunityId).execute();
  if (contacts.length) {
    await db.insertInto('opportunityContacts').values(contacts.map((c, position) => ({ opportunityId, contactId: c.contactId, role: c.role, position }))).execute();
  }
}

/** Leaves the current stage and enters the next one, in the stage history. */
export async function enterStage(db: Executor, visit: { id: string; opportunityId: string; stageId: string; at: string; actorId: string | null }): Promise<void> {
  await db.updateTable('opportunityStageHistory').set({ leftAt: visit.at }).where('opportunityId', '=', visit.opportunityId).where('leftAt', 'is', null).execute();
  await db.insertInto('opportunityStageHistory').values({ id: visit.id, opportunityId: visit.opportunityId, stageId: visit.stageId, enteredAt: visit.at, leftAt: null, actorId: visit.actorId }).execute();
}

export function stageHistory(db: Executor, opportunityId: string) {
  return db
    .selectFrom('opportunityStageHistory')
    .leftJoin('users', 'users.id', 'opportunityStageHistory.actorId')
    .select(['opportunityStageHistory.stageId', 'opportunityStageHistory.enteredAt', 'opportunityStageHistory.leftAt', 'users.name as actorName'])
    .where('opportunityStageHistory.opportunityId', '=', opportunityId)
    .orderBy('opportunityStageHistory.enteredAt')
    .orderBy('opportunityStageHistory.id')
    .execute();
}
