// Background work of the customers module: imports and their undo, the nightly purge of the recycle bin.
import type { Ctx } from '../../platform/context.js';
import { registerJob, upsertSchedule } from '../../platform/jobs.js';
import { purgeDeletedCustomers } from './service.js';
import { IMPORT_JOB, importJob, UNDO_JOB, undoJob } from './import.service.js';

export const PURGE_JOB = 'customers.purge_deleted';

registerJob(IMPORT_JOB, importJob);
registerJob(UNDO_JOB, undoJob);

registerJob(PURGE_JOB, {
  async run(_payload, { ctx }) {
    while ((await purgeDeletedCustomers(ctx)) > 0) {
      // keep going in batches until nothing expired is left
    }
  },
});

export async function scheduleCustomerJobs(ctx: Ctx): Promise<void> {
  await upsertSchedule(ctx, 'customers-purge', '30 19 * * *', PURGE_JOB); // 03:30 in China
}
