// What activities, tasks and comments add to a customer's timeline.
import { requireActor } from '../../platform/authz/index.js';
import { registerTimelineSource } from '../../platform/timeline.js';

registerTimelineSource('activity', {
  async items(ctx, customerId, before, limit) {
    const { userId } = requireActor(ctx);
    let q = ctx.db
      .selectFrom('activities')
      .leftJoin('users as owner', 'owner.id', 'activities.ownerId')
      .leftJoin('contacts', 'contacts.id', 'activities.contactId')
      .selectAll('activities')
      .select(['owner.name as ownerName', 'contacts.name as contactName'])
      .where('activities.customerId', '=', customerId)
      .where('activities.deletedAt', 'is', null)
      .where((eb) => eb.or([eb('activities.isPrivate', '=', 0), eb('activities.ownerId', '=', userId)]));
    if (before) q = q.where((eb) => eb(eb.refTuple('activities.occurredAt', 'activities.id'), '<', eb.tuple(before.at, before.id)));
    const rows = await q.orderBy('activities.occurredAt', 'desc').orderBy('activities.id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      type: 'activity',
      id: r.id,
      at: r.occurredAt,
      actorName: r.ownerName,
      kind: r.kind,
      title: r.subject,
      body: r.body,
      meta: {
        contactName: r.contactName, direction: r.direction, durationSeconds: r.durationSeconds, outcome: r.outcome,
        location: r.location, endsAt: r.endsAt, isPrivate: r.isPrivate === 1, version: r.version,
      },
    }));
  },
});

registerTimelineSource('task', {
  async items(ctx, customerId, before, limit) {
    let q = ctx.db
      .selectFrom('tasks')
      .leftJoin('users as assignee', 'assignee.id', 'tasks.assigneeId')
      .leftJoin('users as creator', 'creator.id', 'tasks.createdBy')
      .selectAll('tasks')
      .select(['assignee.name as assigneeName', 'creator.name as creatorName'])
      .where('tasks.customerId', '=', customerId)
      .where('tasks.deletedAt', 'is', null);
    if (before) q = q.where((eb) => eb(eb.refTuple('tasks.createdAt', 'tasks.id'), '<', eb.tuple(before.at, before.id)));
    const rows = await q.orderBy('tasks.createdAt', 'desc').orderBy('tasks.id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      type: 'task',
      id: r.id,
      at: r.createdAt,
      actorName: r.creatorName,
      kind: r.status,
      title: r.title,
      body: r.description,
      meta: { assigneeName: r.assigneeName, dueAt: r.dueAt, priority: r.priority, completedAt: r.completedAt, version: r.version },
    }));
  },
});

registerTimelineSource('comment', {
  async items(ctx, customerId, before, limit) {
    let q = ctx.db
      .selectFrom('comments')
      .leftJoin('users as author', 'author.id', 'comments.authorId')
      .selectAll('comments')
      .select('author.name as authorName')
      .where('comments.customerId', '=', customerId)
      .where('comments.deletedAt', 'is', null);
    if (before) q = q.where((eb) => eb(eb.refTuple('comments.createdAt', 'comments.id'), '<', eb.tuple(before.at, before.id)));
    const rows = await q.orderBy('comments.createdAt', 'desc').orderBy('comments.id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      type: 'comment',
      id: r.id,
      at: r.createdAt,
      actorName: r.authorName,
      kind: r.objectType,
      title: null,
      body: r.body,
      meta: { objectType: r.objectType, objectId: r.objectId, authorId: r.authorId },
    }));
  },
});
