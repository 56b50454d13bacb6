// Follow-up discipline (跟进提醒): a customer's next follow-up time becomes a reminder for its
// owner, and every morning each user who wants it gets one email with today's tasks, overdue
// tasks and customers whose follow-up is overdue.
import { DateTime } from 'luxon';
import type { Ctx } from '../../platform/context.js';
import { subscribe } from '../../platform/events.js';
import { translate } from '../../platform/i18n/index.js';
import { enqueue, registerJob, upsertSchedule } from '../../platform/jobs.js';
import { mailEnabled, sendMail } from '../../platform/mail.js';
import { mailRecipient, notify, preferencesOf } from '../../platform/notifications.js';
import { customerFollowUp, followUpsDue } from '../customers/service.js';

/** A follow-up reminder is one job per customer and time: setting the same time again queues nothing. */
async function scheduleFollowUp(ctx: Ctx, customerId: string): Promise<void> {
  const c = await customerFollowUp(ctx, customerId);
  if (!c?.nextFollowUpAt || !c.ownerId) return;
  const at = new Date(c.nextFollowUpAt).toISOString();
  await enqueue(ctx, 'followups.remind', { customerId, at }, { runAt: at, uniqueKey: `follow-up:${customerId}:${at}` });
}

for (const type of ['customer.created', 'customer.updated', 'customer.restored']) {
  subscribe(`followups.schedule:${type}`, type, (ctx, event) => scheduleFollowUp(ctx, String(event.payload.id)));
}

registerJob<{ customerId: string; at: string }>('followups.remind', {
  async run({ customerId, at }, { ctx }) {
    await ctx.tx(async (tx) => {
      const c = await customerFollowUp(tx, customerId);
      // Moved, cleared or deleted since: that time no longer asks for anything.
      if (!c?.ownerId || !c.nextFollowUpAt || new Date(c.nextFollowUpAt).toISOString() !== at) return;
      const sent = await tx.db.selectFrom('notifications').select('id')
        .where('kind', '=', 'follow_up_due').where('linkId', '=', customerId).where('body', '=', at).executeTakeFirst();
      if (sent) return;
      await notify(tx, { kind: 'follow_up_due', userIds: [c.ownerId], title: c.name, body: at, link: { type: 'customer', id: customerId }, customerId });
    });
  },
});

/** The hour of the morning digest, in each user's own time zone. */
const digestHour = 8;

registerJob('followups.digest', {
  async run(_payload, { ctx }) {
    if (!mailEnabled(ctx.platform)) return;
    const users = await ctx.db.selectFrom('users').select(['id']).where('status', '=', 'active').execute();
    const prefs = await preferencesOf(ctx, users.map((u) => u.id));
    for (const user of users) {
      if (!prefs.get(user.id)!.dailyDigest) continue;
      const to = await mailRecipient(ctx, user.id);
      if (!to) continue;
      const local = DateTime.fromJSDate(ctx.platform.clock.now()).setZone(to.timeZone);
      if (local.hour !== digestHour) continue;
      await enqueue(ctx, 'followups.digest-user', { userId: user.id, date: local.toISODate() }, { uniqueKey: `digest:${user.id}:${local.toISODate()}` });
    }
  },
});

registerJob<{ userId: string; date: string }>('followups.digest-user', {
  async run({ userId }, { ctx }) {
    const to = await mailRecipient(ctx, userId);
    if (!to) return;
    const now = DateTime.fromJSDate(ctx.platform.clock.now()).setZone(to.timeZone);
    const endOfDay = now.startOf('day').plus({ days: 1 }).toUTC().toISO()!;
    const nowIso = now.toUTC().toISO()!;
    const open = ctx.db.selectFrom('tasks').select(['title', 'dueAt'])
      .where('assigneeId', '=', userId).where('deletedAt', 'is', null).where('status', 'in', ['open', 'in_progress']).orderBy('dueAt');
    const [today, overdue] = await Promise.all([
      open.where('dueAt', '>=', nowIso).where('dueAt', '<', endOfDay).limit(50).execute(),
      open.where('dueAt', '<', nowIso).limit(50).execute(),
    ]);
    const followUps = await followUpsDue(ctx, userId, endOfDay, 50);
    if (!today.length && !overdue.length && !followUps.length) return;
    const t = (key: Parameters<typeof translate>[1], params: Record<string, string | number> = {}) => translate(to.locale, key, params);
    const when = (iso: string | null) => (iso ? DateTime.fromJSDate(new Date(iso)).setZone(to.timeZone).toFormat('MM-dd HH:mm') : '');
    const section = (title: string, lines: string[]) => (lines.length ? [title, ...lines.map((l) => `  • ${l}`), ''] : []);
    const text = [
      t('digest.greeting', { name: to.name }), '',
      ...section(t('digest.overdue'), overdue.map((x) => `${when(x.dueAt)}  ${x.title}`)),
      ...section(t('digest.today'), today.map((x) => `${when(x.dueAt)}  ${x.title}`)),
      ...section(t('digest.follow_ups'), followUps.map((x) => `${when(x.nextFollowUpAt)}  ${x.name}`)),
      `${ctx.platform.config.publicUrl}/tasks`, '',
      t('digest.opt_out'),
    ].join('\n');
    await sendMail(ctx.platform, { to: to.email, subject: t('digest.subject', { tasks: today.length + overdue.length, followUps: followUps.length }), text });
  },
});

/** Hourly, so that every time zone's morning is met. */
export async function scheduleDigest(ctx: Ctx): Promise<void> {
  await upsertSchedule(ctx, 'followups.digest', '0 * * * *', 'followups.digest');
}
