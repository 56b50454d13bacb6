// Background work and hooks of the activities module, loaded by every process (boot.ts):
// task reminders, follow-up reminders and the morning digest, notification emails, and what
// happens to activities, tasks and comments when customers are merged or purged.
import type { Ctx } from '../../platform/context.js';
import '../../platform/notifications.js';
import './tasks.service.js';
import { scheduleDigest } from './follow-ups.js';
import { registerMergeMover } from '../customers/merge.service.js';
import { registerPurgeHook } from '../customers/service.js';

registerMergeMover('activities', async (ctx, from, to) => {
  const moved = await ctx.db.updateTable('activities').set({ customerId: to }).where('customerId', '=', from).executeTakeFirst();
  return Number(moved.numUpdatedRows);
});
registerMergeMover('tasks', async (ctx, from, to) => {
  const moved = await ctx.db.updateTable('tasks').set({ customerId: to }).where('customerId', '=', from).executeTakeFirst();
  return Number(moved.numUpdatedRows);
});
registerMergeMover('comments', async (ctx, from, to) => {
  await ctx.db.updateTable('comments').set({ objectId: to }).where('objectType', '=', 'customer').where('objectId', '=', from).execute();
  const moved = await ctx.db.updateTable('comments').set({ customerId: to }).where('customerId', '=', from).executeTakeFirst();
  return Number(moved.numUpdatedRows);
});

registerPurgeHook('activities', async (ctx, customerId) => {
  const ids = ctx.db.selectFrom('activities').select('id').where('customerId', '=', customerId);
  await ctx.db.deleteFrom('activityAttendees').where('activityId', 'in', ids).execute();
  await ctx.db.deleteFrom('activities').where('customerId', '=', customerId).execute();
  await ctx.db.deleteFrom('comments').where('customerId', '=', customerId).execute();
  // Tasks belong to the people doing them; they lose the link to the customer only.
  await ctx.db.updateTable('tasks').set({ customerId: null }).where('customerId', '=', customerId).execute();
});

export async function scheduleActivityJobs(ctx: Ctx): Promise<void> {
  await scheduleDigest(ctx);
}
