// Hooks of the sales module, loaded by every process (boot.ts): the default pipeline, and what
// happens to opportunities when customers are merged or purged.
import type { Ctx } from '../../platform/context.js';
import { registerMergeMover } from '../customers/merge.service.js';
import { registerPurgeHook } from '../customers/service.js';
import { ensureDefaultPipeline } from './pipelines.service.js';

registerMergeMover('opportunities', async (ctx, from, to) => {
  const moved = await ctx.db.updateTable('opportunities').set({ customerId: to }).where('customerId', '=', from).executeTakeFirst();
  return Number(moved.numUpdatedRows);
});

registerPurgeHook('opportunities', async (ctx, customerId) => {
  const ids = ctx.db.selectFrom('opportunities').select('id').where('customerId', '=', customerId);
  await ctx.db.deleteFrom('opportunityContacts').where('opportunityId', 'in', ids).execute();
  await ctx.db.deleteFrom('opportunityStageHistory').where('opportunityId', 'in', ids).execute();
  await ctx.db.deleteFrom('opportunities').where('customerId', '=', customerId).execute();
});

export async function prepareSales(ctx: Ctx): Promise<void> {
  await ensureDefaultPipeline(ctx);
}
