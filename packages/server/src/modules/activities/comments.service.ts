// Comments (评论) on any record, with @mentions that notify. Each kind of record registers a
// target: how to check the actor may see it, its title, and the customer whose timeline
// shows the comment. Later areas (opportunities, tickets…) register theirs.
import type { z } from 'zod';
import type { Comment, CommentCreate, CommentListQuery, RelatedRef } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requireActor, requirePermission } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { emit } from '../../platform/events.js';
import { newId } from '../../platform/crypto.js';
import { fromJson, toJson } from '../../platform/db/dialect.js';
import { errors } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { notify } from '../../platform/notifications.js';
import { getCustomer } from '../customers/service.js';
import { getActivity } from './activities.service.js';
import { checkUsers } from './activities.service.js';
import { getTask } from './tasks.service.js';
import * as repo from './repository.js';

export interface CommentTarget {
  /** The record as the actor sees it, or a rejection when they may not. */
  resolve(ctx: Ctx, id: string): Promise<{ title: string; customerId: string | null }>;
}

const targets = new Map<string, CommentTarget>();

export function registerCommentTarget(type: string, target: CommentTarget): void {
  targets.set(type, target);
}

registerCommentTarget('customer', { resolve: async (ctx, id) => { const c = await getCustomer(ctx, id); return { title: c.name, customerId: c.id }; } });
registerCommentTarget('task', { resolve: async (ctx, id) => { const t = await getTask(ctx, id); return { title: t.title, customerId: t.customerId }; } });
registerCommentTarget('activity', {
  resolve: async (ctx, id) => { const a = await getActivity(ctx, id); return { title: a.subject ?? a.customerName ?? '', customerId: a.customerId }; },
});

async function resolveTarget(ctx: Ctx, object: RelatedRef) {
  const target = targets.get(object.type);
  const found = target ? await target.resolve(ctx, object.id).catch(() => null) : null;
  if (!found) throw errors.invalidFields({ path: 'object', code: 'unknown', messageKey: 'comment.target_unknown' });
  return found;
}

type Row = Awaited<ReturnType<typeof repo.commentsOf>>[number];

async function toComments(ctx: Ctx, rows: Row[]): Promise<Map<string, Comment>> {
  const mentionIds = rows.flatMap((r) => fromJson<string[]>(r.mentions));
  const names = await repo.userNames(ctx.db, [...new Set(mentionIds)]);
  return new Map(rows.map((r) => [r.id, {
    id: r.id,
    object: { type: r.objectType, id: r.objectId },
    body: r.body,
    mentions: fromJson<string[]>(r.mentions).map((id) => ({ id, name: names.get(id) ?? '' })),
    authorId: r.authorId,
    authorName: r.authorName,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  }]));
}

export async function listComments(ctx: Ctx, query: z.output<typeof CommentListQuery>) {
  requirePermission(ctx, 'customers:read');
  await resolveTarget(ctx, { type: query.objectType, id: query.objectId });
  const rows = await repo.commentsOf(ctx.db, { objectType: query.objectType, objectId: query.objectId, after: decodeCursor(query.cursor, 2), limit: query.limit });
  const comments = await toComments(ctx, rows);
  return toPage(rows, query.limit, (r) => [r.createdAt, r.id], (r) => comments.get(r.id)!);
}

/** Comments in oldest-first order for a thread, one by id for the answer to a write. */
async function readComment(ctx: Ctx, id: string): Promise<Comment> {
  const row = await ctx.db.selectFrom('comments').leftJoin('users as author', 'author.id', 'comments.authorId')
    .selectAll('comments').select('author.name as authorName').where('comments.id', '=', id).where('comments.deletedAt', 'is', null).executeTakeFirst();
  if (!row) throw errors.notFound('comment');
  return (await toComments(ctx, [row])).get(id)!;
}

export async function createComment(ctx: Ctx, input: z.output<typeof CommentCreate>): Promise<Comment> {
  const actor = requirePermission(ctx, 'activities:write');
  const id = newId();
  await ctx.tx(async (tx) => {
    const target = await resolveTarget(tx, input.object);
    const mentionIds = await checkUsers(tx, input.mentionIds ?? [], 'mentionIds');
    const now = tx.now();
    await tx.db.insertInto('comments').values({
      id,
      objectType: input.object.type,
      objectId: input.object.id,
      customerId: target.customerId,
      body: input.body,
      mentions: toJson(mentionIds),
      authorId: actor.userId,
      createdAt: now,
      updatedAt: now,
      createdBy: actor.userId,
      version: 1,
      deletedAt: null,
    }).execute();
    await recordAudit(tx, { action: 'comment.create', objectType: 'comment', objectId: id, rootId: target.customerId, after: { object: input.object, body: input.body, mentionIds }, meta: { title: target.title } });
    await emit(tx, 'comment.created', { id, object: input.object, customerId: target.customerId, mentionIds });
    await notify(tx, {
      kind: 'mention',
      userIds: mentionIds.filter((m) => m !== actor.userId),
      actorName: actor.name,
      title: target.title,
      body: input.body.length > 200 ? `${input.body.slice(0, 200)}…` : input.body,
      link: input.object,
      customerId: target.customerId,
    });
  });
  return readComment(ctx, id);
}

/** Authors delete their own comments; admins any. */
export async function deleteComment(ctx: Ctx, id: string): Promise<void> {
  const actor = requireActor(ctx);
  await ctx.tx(async (tx) => {
    const comment = await readComment(tx, id);
    if (comment.authorId !== actor.userId && !actor.isAdmin) throw errors.forbidden();
    await tx.db.updateTable('comments').set({ deletedAt: tx.now(), updatedAt: tx.now(), version: comment.version + 1 }).where('id', '=', id).execute();
    await recordAudit(tx, { action: 'comment.delete', objectType: 'comment', objectId: id, meta: { object: comment.object } });
  });
}
