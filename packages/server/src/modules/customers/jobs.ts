// Background work of the customers module: imports and their undo, the nightly duplicate
// clusters, purge of the recycle bin, and the nightly reclaim into the customer pools.
import type { Ctx } from '../../platform/context.js';
import { registerJob, upsertSchedule } from '../../platform/jobs.js';
import { purgeDeletedCustomers, registerPurgeHook } from './service.js';
import { ensureDefaultPool } from './pools.service.js';
import { reclaimNeglectedCustomers, RECLAIM_JOB } from './pool-reclaim.js';
import { IMPORT_JOB, importJob, UNDO_JOB, undoJob } from './import.service.js';
import { computeDuplicateClusters, DUPLICATES_JOB } from './duplicates.service.js';
import { EXPORT_JOB, exportJob } from './export.service.js';

export const PURGE_JOB = 'customers.purge_deleted';

registerJob(IMPORT_JOB, importJob);
registerJob(UNDO_JOB, undoJob);
registerJob(EXPORT_JOB, exportJob);

registerJob(DUPLICATES_JOB, {
  async run(_payload, { ctx }) {
    await computeDuplicateClusters(ctx);
  },
});

registerJob(PURGE_JOB, {
  async run(_payload, { ctx }) {
    while ((await purgeDeletedCustomers(ctx)) > 0) {
      // keep going in batches until nothing expired is left
    }
  },
});

registerJob(RECLAIM_JOB, {
  async run(_payload, { ctx }) {
    await reclaimNeglectedCustomers(ctx);
  },
});

registerPurgeHook('customer-pools', async (ctx, customerId) => {
  await ctx.db.deleteFrom('customerPoolMoves').where('customerId', '=', customerId).execute();
  await ctx.db.deleteFrom('customerPoolWarnings').where('customerId', '=', customerId).execute();
});

export async function scheduleCustomerJobs(ctx: Ctx): Promise<void> {
  await upsertSchedule(ctx, 'customers-purge', '30 19 * * *', PURGE_JOB); // 03:30 in China
  await upsertSchedule(ctx, 'customers-duplicates', '0 19 * * *', DUPLICATES_JOB); // 03:00 in China
  await upsertSchedule(ctx, 'customers-pool-reclaim', '0 18 * * *', RECLAIM_JOB); // 02:00 in China
}

/** What the customers module needs before serving: the default customer pool. */
export async function prepareCustomers(ctx: Ctx): Promise<void> {
  await ensureDefaultPool(ctx);
}
