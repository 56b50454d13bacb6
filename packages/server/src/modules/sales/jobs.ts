// Hooks of the sales module, loaded by every process (boot.ts): the default pipeline, the lead
// rescoring job, and what happens to opportunities and leads when customers are merged or purged.
import type { Ctx } from '../../platform/context.js';
import { registerMergeMover } from '../customers/merge.service.js';
import { registerPurgeHook } from '../customers/service.js';
import { upsertSchedule } from '../../platform/jobs.js';
import { ensureDefaultPipeline } from './pipelines.service.js';
import { RESCORE_JOB, rescoreLead } from './lead-scoring.js';
import { registerActivityParent } from '../activities/parents.js';
import { readLead } from './leads.service.js';
import { getOpportunity } from './opportunities.service.js';
import { openLeadStatuses } from '@kehu/shared';

registerMergeMover('opportunities', async (ctx, from, to) => {
  const moved = await ctx.db.updateTable('opportunities').set({ customerId: to }).where('customerId', '=', from).executeTakeFirst();
  return Number(moved.numUpdatedRows);
});

registerPurgeHook('opportunities', async (ctx, customerId) => {
  const ids = ctx.db.selectFrom('opportunities').select('id').where('customerId', '=', customerId);
  await ctx.db.deleteFrom('opportunityContacts').where('opportunityId', 'in', ids).execute();
  await ctx.db.deleteFrom('opportunityStageHistory').where('opportunityId', 'in', ids).execute();
  await ctx.db.deleteFrom('opportunityWatchers').where('opportunityId', 'in', ids).execute();
  await ctx.db.deleteFrom('opportunities').where('customerId', '=', customerId).execute();
});

// Calls, emails and meetings with a lead are logged on the lead until it becomes a customer.
registerActivityParent('lead', {
  async find(ctx, id) {
    const lead = await readLead(ctx, id).catch(() => null);
    return lead ? { name: lead.displayName, open: openLeadStatuses.includes(lead.status), customerId: null } : null;
  },
  // The score counts the lead's activities: it moves as soon as one is logged.
  changed: rescoreLead,
});

// An opportunity's activities show in its drawer to whoever may see the opportunity.
registerActivityParent('opportunity', {
  async find(ctx, id) {
    const opportunity = await getOpportunity(ctx, id).catch(() => null);
    // Activities go on after a deal closes (delivery, renewal talks): always open to them.
    return opportunity ? { name: opportunity.name, open: true, customerId: opportunity.customerId } : null;
  },
});

// A converted lead keeps pointing at what it became, through merges; a purged customer leaves no link behind.
registerMergeMover('converted-leads', async (ctx, from, to) => {
  const moved = await ctx.db.updateTable('leads').set({ convertedCustomerId: to }).where('convertedCustomerId', '=', from).executeTakeFirst();
  return Number(moved.numUpdatedRows);
});

registerPurgeHook('converted-leads', async (ctx, customerId) => {
  await ctx.db.updateTable('leads').set({ convertedCustomerId: null, convertedContactId: null, convertedOpportunityId: null })
    .where('convertedCustomerId', '=', customerId).execute();
});

export async function prepareSales(ctx: Ctx): Promise<void> {
  await ensureDefaultPipeline(ctx);
  // Nightly, so that idle leads cool down (score decay) without anyone touching them.
  await upsertSchedule(ctx, 'sales-leads-rescore', '30 18 * * *', RESCORE_JOB); // 02:30 in China
}
