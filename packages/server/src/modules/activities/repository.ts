// Queries on activities, tasks and comments. What a user may see follows the customer a
// record belongs to (the customers module's visibleCustomerIds); private notes show to
// their author only; tasks also show to their assignee, creator and watchers.
import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool } from 'kysely';
import type { ScopeFilter } from '../../platform/authz/index.js';
import type { Executor } from '../../platform/context.js';
import type { ActivityTable, DB, TaskTable } from '../../db/schema.js';
import type { Dialect } from '../../platform/db/connect.js';
import { timeOrLast } from '../../platform/db/dialect.js';
import type { CursorKey } from '../../platform/http/pagination.js';
import { visibleCustomerIds } from '../customers/repository.js';

export type ActivityRow = Selectable<ActivityTable> & { customerName: string | null; contactName: string | null; ownerName: string | null };
export type TaskRow = Selectable<TaskTable> & { assigneeName: string | null; customerName: string | null };

/**
 * Visible through its customer; an activity with a lead only (no customer yet) to its author here,
 * and to whoever may see the lead through the lead's own list (see `related` below).
 */
function activityVisible(db: Executor, eb: ExpressionBuilder<DB, 'activities'>, scope: ScopeFilter, userId: string): Expression<SqlBool> {
  return eb.and([
    eb('activities.deletedAt', 'is', null),
    eb.or([eb('activities.isPrivate', '=', 0), eb('activities.ownerId', '=', userId)]),
    eb.or([
      eb('activities.customerId', 'in', visibleCustomerIds(db, scope)),
      eb.and([eb('activities.customerId', 'is', null), eb('activities.ownerId', '=', userId)]),
    ]),
  ]);
}

/** The activities of one related record the caller has already been allowed to see. */
function relatedVisible(eb: ExpressionBuilder<DB, 'activities'>, related: { type: string; id: string }, userId: string): Expression<SqlBool> {
  return eb.and([
    eb('activities.deletedAt', 'is', null),
    eb.or([eb('activities.isPrivate', '=', 0), eb('activities.ownerId', '=', userId)]),
    eb('activities.relatedType', '=', related.type),
    eb('activities.relatedId', '=', related.id),
  ]);
}

function activitiesWithNames(db: Executor) {
  return db
    .selectFrom('activities')
    .leftJoin('customers', 'customers.id', 'activities.customerId')
    .leftJoin('contacts', 'contacts.id', 'activities.contactId')
    .leftJoin('users as owner', 'owner.id', 'activities.ownerId')
    .selectAll('activities')
    .select(['customers.name as customerName', 'contacts.name as contactName', 'owner.name as ownerName']);
}

export function findActivity(db: Executor, scope: ScopeFilter, userId: string, id: string): Promise<ActivityRow | undefined> {
  return activitiesWithNames(db).where('activities.id', '=', id).where((eb) => activityVisible(db, eb, scope, userId)).executeTakeFirst();
}

export interface ActivityFilter {
  customerId?: string;
  /** Of this record only, which the caller has checked the user may see. */
  related?: { type: string; id: string };
  kind?: string;
  ownerId?: string;
  from?: string;
  to?: string;
  kinds?: string[];
  /** Of these owners or attendees (the calendar). */
  calendarOf?: string[];
  after: CursorKey | null;
  limit: number;
}

/** Newest first, by when they happened. */
export function listActivities(db: Executor, scope: ScopeFilter, userId: string, f: ActivityFilter): Promise<ActivityRow[]> {
  let q = activitiesWithNames(db).where((eb) => (f.related ? relatedVisible(eb, f.related, userId) : activityVisible(db, eb, scope, userId)));
  if (f.customerId) q = q.where('activities.customerId', '=', f.customerId);
  if (f.kind) q = q.where('activities.kind', '=', f.kind);
  if (f.kinds) q = q.where('activities.kind', 'in', f.kinds);
  if (f.ownerId) q = q.where('activities.ownerId', '=', f.ownerId);
  if (f.from) q = q.where('activities.occurredAt', '>=', f.from);
  if (f.to) q = q.where('activities.occurredAt', '<', f.to);
  if (f.calendarOf) {
    const users = f.calendarOf;
    q = q.where((eb) => eb.or([
      eb('activities.ownerId', 'in', users),
      eb('activities.id', 'in', eb.selectFrom('activityAttendees').select('activityId').where('userId', 'in', users)),
    ]));
  }
  if (f.after) {
    const [at, id] = f.after as [string, string];
    q = q.where((eb) => eb(eb.refTuple('activities.occurredAt', 'activities.id'), '<', eb.tuple(at, id)));
  }
  return q.orderBy('activities.occurredAt', 'desc').orderBy('activities.id', 'desc').limit(f.limit + 1).execute();
}

export async function attendeesOf(db: Executor, activityIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const out = new Map<string, { id: string; name: string }[]>(activityIds.map((id) => [id, []]));
  if (!activityIds.length) return out;
  const rows = await db
    .selectFrom('activityAttendees')
    .innerJoin('users', 'users.id', 'activityAttendees.userId')
    .select(['activityAttendees.activityId', 'users.id', 'users.name'])
    .where('activityAttendees.activityId', 'in', activityIds)
    .orderBy('users.name')
    .execute();
  for (const r of rows) out.get(r.activityId)!.push({ id: r.id, name: r.name });
  return out;
}

export async function setAttendees(db: Executor, activityId: string, userIds: string[]): Promise<void> {
  await db.deleteFrom('activityAttendees').where('activityId', '=', activityId).execute();
  if (userIds.length) await db.insertInto('activityAttendees').values(userIds.map((userId) => ({ activityId, userId }))).execute();
}

/** Tasks the scope shows: the user's own (assigned, created, watched), their team's or every one, and those of visible customers. */
function taskVisible(db: Executor, eb: ExpressionBuilder<DB, 'tasks'>, scope: ScopeFilter, userId: string): Expression<SqlBool> {
  if (scope.kind === 'all') return eb('tasks.deletedAt', 'is', null);
  const mine: Expression<SqlBool>[] = [
    eb('tasks.assigneeId', '=', userId),
    eb('tasks.createdBy', '=', userId),
    eb('tasks.id', 'in', eb.selectFrom('taskWatchers').select('taskId').where('userId', '=', userId)),
    eb('tasks.customerId', 'in', visibleCustomerIds(db, scope)),
  ];
  if (scope.kind === 'team') mine.push(eb('tasks.teamId', 'in', scope.teamIds));
  return eb.and([eb('tasks.deletedAt', 'is', null), eb.or(mine)]);
}

function tasksWithNames(db: Executor) {
  return db
    .selectFrom('tasks')
    .leftJoin('customers', 'customers.id', 'tasks.customerId')
    .leftJoin('users as assignee', 'assignee.id', 'tasks.assigneeId')
    .selectAll('tasks')
    .select(['customers.name as customerName', 'assignee.name as assigneeName']);
}

export function findTask(db: Executor, scope: ScopeFilter, userId: string, id: string): Promise<TaskRow | undefined> {
  return tasksWithNames(db).where('tasks.id', '=', id).where((eb) => taskVisible(db, eb, scope, userId)).executeTakeFirst();
}

export function findTasks(db: Executor, scope: ScopeFilter, userId: string, ids: string[]): Promise<TaskRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return tasksWithNames(db).where('tasks.id', 'in', ids).where((eb) => taskVisible(db, eb, scope, userId)).execute();
}

export interface TaskFilter {
  assigneeIds?: string[];
  teamIds?: string[];
  watcherId?: string;
  customerId?: string;
  /** Open tasks due before this, from this, or finished ones. */
  dueBefore?: string;
  dueFrom?: string;
  includeUndated?: boolean;
  done?: boolean;
  after: CursorKey | null;
  limit: number;
}

const openStatuses = ['open', 'in_progress'];

/** The tasks a filter selects, without order or paging. */
function filteredTasks(db: Executor, scope: ScopeFilter, userId: string, f: Omit<TaskFilter, 'after' | 'limit'>) {
  let q = tasksWithNames(db).where((eb) => taskVisible(db, eb, scope, userId));
  if (f.assigneeIds) q = q.where('tasks.assigneeId', 'in', f.assigneeIds);
  if (f.teamIds) q = q.where('tasks.teamId', 'in', f.teamIds);
  if (f.watcherId) {
    const watcher = f.watcherId;
    q = q.where('tasks.id', 'in', (eb) => eb.selectFrom('taskWatchers').select('taskId').where('userId', '=', watcher));
  }
  if (f.customerId) q = q.where('tasks.customerId', '=', f.customerId);
  if (f.done !== undefined) q = q.where('tasks.status', f.done ? 'not in' : 'in', openStatuses);
  if (f.dueBefore) q = q.where('tasks.dueAt', '<', f.dueBefore);
  if (f.dueFrom) {
    const from = f.dueFrom;
    q = q.where((eb) => (f.includeUndated ? eb.or([eb('tasks.dueAt', '>=', from), eb('tasks.dueAt', 'is', null)]) : eb('tasks.dueAt', '>=', from)));
  }
  return q;
}

/** Open tasks by due time (undated last); finished ones by when they were finished, newest first. */
export function listTasks(db: Executor, dialect: Dialect, scope: ScopeFilter, userId: string, f: TaskFilter) {
  const by = f.done ? sql<string>`${sql.ref('tasks.completedAt')}` : timeOrLast(dialect, 'tasks.dueAt');
  let q = filteredTasks(db, scope, userId, f).select(by.as('sortValue'));
  if (f.after) {
    const [value, id] = f.after as [string, string];
    q = q.where((eb) => eb(eb.tuple(by, eb.ref('tasks.id')), f.done ? '<' : '>', eb.tuple(value, id)));
  }
  const dir = f.done ? 'desc' : 'asc';
  return q.orderBy(by, dir).orderBy('tasks.id', dir).limit(f.limit + 1).execute();
}

export async function countTasks(db: Executor, scope: ScopeFilter, userId: string, f: Omit<TaskFilter, 'after' | 'limit'>): Promise<number> {
  const row = await filteredTasks(db, scope, userId, f).clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function watchersOf(db: Executor, taskIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const out = new Map<string, { id: string; name: string }[]>(taskIds.map((id) => [id, []]));
  if (!taskIds.length) return out;
  const rows = await db
    .selectFrom('taskWatchers')
    .innerJoin('users', 'users.id', 'taskWatchers.userId')
    .select(['taskWatchers.taskId', 'users.id', 'users.name'])
    .where('taskWatchers.taskId', 'in', taskIds)
    .orderBy('users.name')
    .execute();
  for (const r of rows) out.get(r.taskId)!.push({ id: r.id, name: r.name });
  return out;
}

export async function setWatchers(db: Executor, taskId: string, userIds: string[]): Promise<void> {
  await db.deleteFrom('taskWatchers').where('taskId', '=', taskId).execute();
  if (userIds.length) await db.insertInto('taskWatchers').values(userIds.map((userId) => ({ taskId, userId }))).execute();
}

export function commentsOf(db: Executor, f: { objectType: string; objectId: string; after: CursorKey | null; limit: number }) {
  let q = db
    .selectFrom('comments')
    .leftJoin('users as author', 'author.id', 'comments.authorId')
    .selectAll('comments')
    .select('author.name as authorName')
    .where('comments.objectType', '=', f.objectType)
    .where('comments.objectId', '=', f.objectId)
    .where('comments.deletedAt', 'is', null);
  if (f.after) {
    const [at, id] = f.after as [string, string];
    q = q.where((eb) => eb(eb.refTuple('comments.createdAt', 'comments.id'), '>', eb.tuple(at, id)));
  }
  return q.orderBy('comments.createdAt').orderBy('comments.id').limit(f.limit + 1).execute();
}

export async function userNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
