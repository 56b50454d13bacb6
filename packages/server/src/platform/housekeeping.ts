// Hourly cleanup of short-lived platform rows: expired sessions, idempotency keys, old throttles,
// finished jobs, expired files.
import type { Ctx } from './context.js';
import { registerJob, upsertSchedule } from './jobs.js';
import { DAY } from './clock.js';
import { purgeFiles } from './files.js';

export const HOUSEKEEPING_JOB = 'platform.housekeeping';

registerJob(HOUSEKEEPING_JOB, {
  async run(_payload, { ctx }) {
    const now = ctx.platform.clock.now().getTime();
    const ago = (ms: number) => new Date(now - ms).toISOString();
    await ctx.db.deleteFrom('sessions').where('expiresAt', '<', ago(30 * DAY)).execute();
    await ctx.db.deleteFrom('idempotencyKeys').where('createdAt', '<', ago(DAY)).execute();
    await ctx.db.deleteFrom('throttles').where('windowStart', '<', ago(DAY)).execute();
    await ctx.db.deleteFrom('jobs').where('status', '=', 'done').where('finishedAt', '<', ago(7 * DAY)).execute();
    await ctx.db.deleteFrom('outbox').where('dispatchedAt', '<', ago(7 * DAY)).execute();
    await purgeFiles(ctx);
  },
});

export async function scheduleHousekeeping(ctx: Ctx): Promise<void> {
  await upsertSchedule(ctx, 'housekeeping', '17 * * * *', HOUSEKEEPING_JOB);
}
