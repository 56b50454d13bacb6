// Tasks (任务): a next step owned by someone, with a due time, a reminder and a checklist.
// A reminder is a job queued for its time; it fires once, late if the server was down.
import type { z } from 'zod';
import { DateTime } from 'luxon';
import type { Task, TaskBucket, TaskBulkReassign, TaskCreate, TaskListQuery, TaskPatch, TaskStatus } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requireActor, requirePermission, scopeFilter, type ScopeFilter } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { emit } from '../../platform/events.js';
import { newId } from '../../platform/crypto.js';
import { fromJson, toJson } from '../../platform/db/dialect.js';
import { errors } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { enqueue, registerJob } from '../../platform/jobs.js';
import { mailRecipient, notify } from '../../platform/notifications.js';
import { findActiveUser } from '../identity/users.service.js';
import { requireVisibleCustomer } from '../customers/service.js';
import { checkUsers } from './activities.service.js';
import * as repo from './repository.js';

function toTask(row: repo.TaskRow, watchers: { id: string; name: string }[]): Task {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    assigneeId: row.assigneeId,
    assigneeName: row.assigneeName,
    watchers,
    dueAt: row.dueAt,
    priority: row.priority as Task['priority'],
    status: row.status as TaskStatus,
    completedAt: row.completedAt,
    remindAt: row.remindAt,
    recurrence: row.recurrence as Task['recurrence'],
    customerId: row.customerId,
    customerName: row.customerName,
    related: row.relatedType && row.relatedId ? { type: row.relatedType, id: row.relatedId } : null,
    checklist: fromJson<Task['checklist']>(row.checklist),
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

const scope = (ctx: Ctx) => scopeFilter(ctx, 'customers');

async function readTask(ctx: Ctx, id: string, within?: ScopeFilter): Promise<Task> {
  const { userId } = requireActor(ctx);
  const row = await repo.findTask(ctx.db, within ?? (await scope(ctx)), userId, id);
  if (!row) throw errors.notFound('task');
  return toTask(row, (await repo.watchersOf(ctx.db, [id])).get(id)!);
}

export async function getTask(ctx: Ctx, id: string): Promise<Task> {
  return readTask(ctx, id);
}

/** Where the user's day starts and ends, in their time zone (else the organization's). */
async function dayBounds(ctx: Ctx, userId: string): Promise<{ now: string; startOfDay: string; endOfDay: string }> {
  const zone = (await mailRecipient(ctx, userId))?.timeZone ?? 'Asia/Shanghai';
  const now = DateTime.fromJSDate(ctx.platform.clock.now()).setZone(zone);
  return { now: ctx.now(), startOfDay: now.startOf('day').toUTC().toISO()!, endOfDay: now.startOf('day').plus({ days: 1 }).toUTC().toISO()! };
}

function bucketFilter(bucket: TaskBucket | undefined, day: { now: string; endOfDay: string }): Partial<repo.TaskFilter> {
  switch (bucket) {
    case 'overdue': return { done: false, dueBefore: day.now };
    case 'today': return { done: false, dueFrom: day.now, dueBefore: day.endOfDay };
    case 'upcoming': return { done: false, dueFrom: day.endOfDay, includeUndated: true };
    case 'done': return { done: true };
    default: return {};
  }
}

async function viewFilter(ctx: Ctx, query: Pick<z.output<typeof TaskListQuery>, 'view' | 'assigneeId'>, within: ScopeFilter): Promise<Partial<repo.TaskFilter>> {
  const { userId } = requireActor(ctx);
  if (query.view === 'watching') return { watcherId: userId };
  if (query.view === 'team') {
    // A manager's team view: the record scope decides whose tasks (team subtree, or everyone).
    if (within.kind === 'own') throw errors.forbidden();
    return { ...(within.kind === 'team' ? { teamIds: within.teamIds } : {}), ...(query.assigneeId ? { assigneeIds: [query.assigneeId] } : {}) };
  }
  return { assigneeIds: [userId] };
}

export async function listTasks(ctx: Ctx, query: z.output<typeof TaskListQuery>) {
  const { userId } = requireActor(ctx);
  const within = await scope(ctx);
  const day = await dayBounds(ctx, userId);
  const filter: repo.TaskFilter = {
    ...(await viewFilter(ctx, query, within)),
    ...bucketFilter(query.bucket, day),
    customerId: query.customerId,
    after: decodeCursor(query.cursor, 2),
    limit: query.limit,
  };
  if (query.from) filter.dueFrom = new Date(query.from).toISOString();
  if (query.to) filter.dueBefore = new Date(query.to).toISOString();
  const rows = await repo.listTasks(ctx.db, ctx.platform.dialect, within, userId, filter);
  const watchers = await repo.watchersOf(ctx.db, rows.map((r) => r.id));
  return toPage(rows, query.limit, (r) => [r.sortValue, r.id], (r) => toTask(r, watchers.get(r.id) ?? []));
}

/** How many tasks each bucket holds, for the tabs of "My tasks". */
export async function countTasks(ctx: Ctx, query: Pick<z.output<typeof TaskListQuery>, 'view' | 'assigneeId'>): Promise<Record<TaskBucket, number>> {
  const { userId } = requireActor(ctx);
  const within = await scope(ctx);
  const day = await dayBounds(ctx, userId);
  const base = await viewFilter(ctx, query, within);
  const counts = await Promise.all((['overdue', 'today', 'upcoming', 'done'] as const).map(async (bucket) => {
    const rows = await repo.countTasks(ctx.db, within, userId, { ...base, ...bucketFilter(bucket, day) });
    return [bucket, rows] as const;
  }));
  return Object.fromEntries(counts) as Record<TaskBucket, number>;
}

const audited = ({ createdAt: _c, updatedAt: _u, version: _v, assigneeName: _a, customerName: _n, ...rest }: Task) => rest;

function checkReminder(dueAt: string | null | undefined, remindAt: string | null | undefined): void {
  if (dueAt && remindAt && new Date(remindAt) > new Date(dueAt)) {
    throw errors.invalidFields({ path: 'remindAt', code: 'after_due', messageKey: 'task.remind_after_due' });
  }
}

async function assigneeOrInvalid(ctx: Ctx, id: string) {
  const user = await findActiveUser(ctx, id);
  if (!user) throw errors.invalidFields({ path: 'assigneeId', code: 'unknown', messageKey: 'user.unknown' });
  return user;
}

async function scheduleReminder(ctx: Ctx, taskId: string, remindAt: string | null): Promise<void> {
  if (remindAt) await enqueue(ctx, 'tasks.remind', { taskId, remindAt }, { runAt: remindAt, uniqueKey: `task-reminder:${taskId}:${remindAt}` });
}

async function notifyAssignee(ctx: Ctx, task: Task): Promise<void> {
  const actor = requireActor(ctx);
  if (task.assigneeId === actor.userId) return;
  await notify(ctx, {
    kind: 'task_assigned',
    userIds: [task.assigneeId],
    actorName: actor.name,
    title: task.title,
    body: task.dueAt,
    link: { type: 'task', id: task.id },
    customerId: task.customerId,
  });
}

const iso = (v: string | null | undefined) => (v ? new Date(v).toISOString() : null);

interface NewTask {
  title: string;
  description: string | null;
  assigneeId: string;
  watcherIds: string[];
  dueAt: string | null;
  priority: string;
  status: string;
  remindAt: string | null;
  recurrence: string;
  customerId: string | null;
  related: { type: string; id: string } | null;
  checklist: Task['checklist'];
}

async function insertTask(ctx: Ctx, t: NewTask): Promise<Task> {
  const actor = requireActor(ctx);
  const assignee = await assigneeOrInvalid(ctx, t.assigneeId);
  const id = newId();
  const now = ctx.now();
  await ctx.db.insertInto('tasks').values({
    id,
    title: t.title,
    description: t.description,
    assigneeId: assignee.id,
    teamId: assignee.teamId,
    dueAt: t.dueAt,
    priority: t.priority,
    status: t.status,
    completedAt: t.status === 'done' ? now : null,
    remindAt: t.remindAt,
    remindedAt: null,
    recurrence: t.recurrence,
    customerId: t.customerId,
    relatedType: t.related?.type ?? null,
    relatedId: t.related?.id ?? null,
    checklist: toJson(t.checklist),
    createdAt: now,
    updatedAt: now,
    createdBy: actor.userId,
    version: 1,
    deletedAt: null,
  }).execute();
  await repo.setWatchers(ctx.db, id, t.watcherIds);
  await scheduleReminder(ctx, id, t.remindAt);
  const created = await readTask(ctx, id, { kind: 'all' });
  await recordAudit(ctx, { action: 'task.create', objectType: 'task', objectId: id, rootId: t.customerId, after: audited(created), meta: { title: t.title } });
  await emit(ctx, 'task.created', { id, assigneeId: assignee.id, customerId: t.customerId });
  await notifyAssignee(ctx, created);
  return created;
}

export async function createTask(ctx: Ctx, input: z.output<typeof TaskCreate>): Promise<Task> {
  const actor = requirePermission(ctx, 'activities:write');
  checkReminder(input.dueAt, input.remindAt);
  const created = await ctx.tx(async (tx) => {
    const customer = input.customerId
      ? await requireVisibleCustomer(tx, input.customerId).catch(() => {
          throw errors.invalidFields({ path: 'customerId', code: 'unknown', messageKey: 'customer.unknown' });
        })
      : null;
    return insertTask(tx, {
      title: input.title,
      description: input.description || null,
      assigneeId: input.assigneeId ?? actor.userId,
      watcherIds: await checkUsers(tx, input.watcherIds ?? [], 'watcherIds'),
      dueAt: iso(input.dueAt),
      priority: input.priority ?? 'normal',
      status: input.status ?? 'open',
      remindAt: iso(input.remindAt),
      recurrence: input.recurrence ?? 'none',
      customerId: customer?.id ?? null,
      related: input.related ?? null,
      checklist: input.checklist ?? [],
    });
  });
  return readTask(ctx, created.id);
}

const recurrenceStep = { daily: { days: 1 }, weekly: { weeks: 1 }, monthly: { months: 1 } } as const;

/** The same task one period later, its checklist unticked; created when a recurring task is done. */
async function createNextOccurrence(ctx: Ctx, done: Task): Promise<void> {
  if (done.recurrence === 'none' || !done.dueAt) return;
  const step = recurrenceStep[done.recurrence];
  const shift = (v: string | null) => (v ? DateTime.fromISO(v, { zone: 'utc' }).plus(step).toISO()! : null);
  await insertTask(ctx, {
    title: done.title,
    description: done.description,
    assigneeId: done.assigneeId,
    watcherIds: done.watchers.map((w) => w.id),
    dueAt: shift(done.dueAt),
    priority: done.priority,
    status: 'open',
    remindAt: shift(done.remindAt),
    recurrence: done.recurrence,
    customerId: done.customerId,
    related: done.related,
    checklist: done.checklist.map((c) => ({ ...c, done: false })),
  });
}

export async function updateTask(ctx: Ctx, id: string, patch: z.output<typeof TaskPatch>, version: number): Promise<Task> {
  requirePermission(ctx, 'activities:write');
  await ctx.tx(async (tx) => {
    const before = await readTask(tx, id);
    if (before.version !== version) throw errors.versionConflict(before.version);
    const { version: _v, ...changes } = patch;
    const has = <K extends keyof typeof changes>(k: K) => changes[k] !== undefined;
    const dueAt = has('dueAt') ? iso(changes.dueAt) : before.dueAt;
    const remindAt = has('remindAt') ? iso(changes.remindAt) : before.remindAt;
    checkReminder(dueAt, remindAt);
    const status = changes.status ?? before.status;
    let customerId = before.customerId;
    if (has('customerId') && changes.customerId !== before.customerId) {
      customerId = changes.customerId
        ? (await requireVisibleCustomer(tx, changes.customerId).catch(() => {
            throw errors.invalidFields({ path: 'customerId', code: 'unknown', messageKey: 'customer.unknown' });
          })).id
        : null;
    }
    const assignee = changes.assigneeId && changes.assigneeId !== before.assigneeId ? await assigneeOrInvalid(tx, changes.assigneeId) : null;
    const finished = status === 'done' || status === 'cancelled';
    const related = has('related') ? changes.related ?? null : before.related;
    await tx.db.updateTable('tasks').set({
      title: changes.title ?? before.title,
      description: has('description') ? changes.description || null : before.description,
      ...(assignee ? { assigneeId: assignee.id, teamId: assignee.teamId } : {}),
      dueAt,
      priority: changes.priority ?? before.priority,
      status,
      completedAt: finished ? before.completedAt ?? tx.now() : null,
      remindAt,
      // A new reminder time fires again.
      ...(remindAt !== before.remindAt ? { remindedAt: null } : {}),
      recurrence: changes.recurrence ?? before.recurrence,
      customerId,
      relatedType: related?.type ?? null,
      relatedId: related?.id ?? null,
      checklist: toJson(changes.checklist ?? before.checklist),
      updatedAt: tx.now(),
      version: version + 1,
    }).where('id', '=', id).execute();
    if (changes.watcherIds) await repo.setWatchers(tx.db, id, await checkUsers(tx, changes.watcherIds, 'watcherIds'));
    if (remindAt !== before.remindAt) await scheduleReminder(tx, id, remindAt);
    const after = await readTask(tx, id, { kind: 'all' });
    await recordAudit(tx, { action: 'task.update', objectType: 'task', objectId: id, rootId: after.customerId, before: audited(before), after: audited(after), meta: { title: after.title } });
    await emit(tx, 'task.updated', { id, status: after.status, assigneeId: after.assigneeId, customerId: after.customerId });
    if (assignee) await notifyAssignee(tx, after);
    if (status === 'done' && before.status !== 'done') await createNextOccurrence(tx, after);
  });
  return readTask(ctx, id);
}

export async function deleteTask(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'activities:write');
  await ctx.tx(async (tx) => {
    const task = await readTask(tx, id);
    await tx.db.updateTable('tasks').set({ deletedAt: tx.now(), updatedAt: tx.now(), version: task.version + 1 }).where('id', '=', id).execute();
    await recordAudit(tx, { action: 'task.delete', objectType: 'task', objectId: id, rootId: task.customerId, meta: { title: task.title } });
    await emit(tx, 'task.deleted', { id });
  });
}

/** Gives many tasks to one person at once; tasks the actor cannot see are refused as a whole. */
export async function reassignTasks(ctx: Ctx, input: z.output<typeof TaskBulkReassign>): Promise<{ updated: number }> {
  const actor = requirePermission(ctx, 'activities:write');
  return ctx.tx(async (tx) => {
    const ids = [...new Set(input.ids)];
    const rows = await repo.findTasks(tx.db, await scope(tx), actor.userId, ids);
    if (rows.length !== ids.length) throw errors.notFound('task');
    const assignee = await assigneeOrInvalid(tx, input.assigneeId);
    const moving = rows.filter((r) => r.assigneeId !== assignee.id);
    for (const row of moving) {
      await tx.db.updateTable('tasks').set({ assigneeId: assignee.id, teamId: assignee.teamId, updatedAt: tx.now(), version: row.version + 1 }).where('id', '=', row.id).execute();
      await recordAudit(tx, { action: 'task.update', objectType: 'task', objectId: row.id, rootId: row.customerId, before: { assigneeId: row.assigneeId }, after: { assigneeId: assignee.id }, meta: { title: row.title, bulk: true } });
      await notifyAssignee(tx, toTask({ ...row, assigneeId: assignee.id }, []));
    }
    if (moving.length) await emit(tx, 'task.reassigned', { ids: moving.map((r) => r.id), assigneeId: assignee.id });
    return { updated: moving.length };
  });
}

registerJob<{ taskId: string; remindAt: string }>('tasks.remind', {
  async run({ taskId, remindAt }, { ctx }) {
    await ctx.tx(async (tx) => {
      // Claiming the reminder and notifying commit together: a second run finds it claimed.
      const claimed = await tx.db
        .updateTable('tasks')
        .set({ remindedAt: tx.now() })
        .where('id', '=', taskId)
        .where('remindAt', '=', remindAt)
        .where('remindedAt', 'is', null)
        .where('deletedAt', 'is', null)
        .where('status', 'in', ['open', 'in_progress'])
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      const task = (await repo.findTask(tx.db, { kind: 'all' }, '', taskId))!;
      const watchers = await repo.watchersOf(tx.db, [taskId]);
      await notify(tx, {
        kind: 'task_reminder',
        userIds: [task.assigneeId, ...watchers.get(taskId)!.map((w) => w.id)],
        title: task.title,
        body: task.dueAt,
        link: { type: 'task', id: taskId },
        customerId: task.customerId,
      });
    });
  },
});
