// Following an opportunity (关注): anyone who can see it may follow it; its followers and its
// owner hear when it moves to another stage or is won — except whoever made the change.
import type { NotificationKind, Opportunity } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requireActor, requirePermission } from '../../platform/authz/index.js';
import { notify } from '../../platform/notifications.js';
import { getOpportunity } from './opportunities.service.js';

export async function opportunityWatchers(ctx: Ctx, id: string) {
  const { userId } = requirePermission(ctx, 'opportunities:read');
  await getOpportunity(ctx, id);
  const rows = await ctx.db.selectFrom('opportunityWatchers').innerJoin('users', 'users.id', 'opportunityWatchers.userId')
    .select(['users.id', 'users.name']).where('opportunityWatchers.opportunityId', '=', id).orderBy('opportunityWatchers.createdAt').execute();
  return { data: rows, watching: rows.some((r) => r.id === userId) };
}

export async function watchOpportunity(ctx: Ctx, id: string, watching: boolean) {
  const { userId } = requirePermission(ctx, 'opportunities:read');
  await getOpportunity(ctx, id);
  if (watching) {
    await ctx.db.insertInto('opportunityWatchers').values({ opportunityId: id, userId, createdAt: ctx.now() })
      .onConflict((oc) => oc.columns(['opportunityId', 'userId']).doNothing()).execute();
  } else {
    await ctx.db.deleteFrom('opportunityWatchers').where('opportunityId', '=', id).where('userId', '=', userId).execute();
  }
  return opportunityWatchers(ctx, id);
}

/** Tells the followers and the owner, in the same transaction as the change. */
export async function notifyWatchers(tx: Ctx, o: Opportunity, kind: Extract<NotificationKind, 'opportunity_stage' | 'opportunity_won'>, body: string): Promise<void> {
  const actorId = requireActor(tx).userId;
  const watchers = await tx.db.selectFrom('opportunityWatchers').select('userId').where('opportunityId', '=', o.id).execute();
  const userIds = [o.ownerId, ...watchers.map((w) => w.userId)].filter((id) => id !== actorId);
  await notify(tx, { kind, userIds, actorName: tx.actor?.name ?? null, title: o.name, body, link: { type: 'opportunity', id: o.id }, customerId: o.customerId });
}
