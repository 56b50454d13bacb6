// Notifications (通知): one row per recipient, shown in the app's notification center and,
// when the user wants it and SMTP is set up, sent by email from a job. Any module calls
// notify(); the live stream (live.ts) tells open browsers that their unread count changed.
import { z } from 'zod';
import {
  Notification, NotificationListQuery, NotificationPreferences, NotificationReadAll, UnreadCount, notificationKinds,
  type Locale, type NotificationKind, type NotificationPreferences as Preferences, type RelatedRef,
} from '@kehu/shared';
import type { KehuApp } from '../app.js';
import type { Ctx } from './context.js';
import { requireActor } from './authz/index.js';
import { newId } from './crypto.js';
import { fromJson, toJson } from './db/dialect.js';
import { decodeCursor, toPage } from './http/pagination.js';
import { translate, type MessageKey } from './i18n/index.js';
import { enqueue, registerJob } from './jobs.js';
import { mailEnabled, sendMail } from './mail.js';

export interface NotificationInput {
  kind: NotificationKind;
  userIds: string[];
  actorName?: string | null;
  title: string;
  body?: string | null;
  link: RelatedRef;
  customerId?: string | null;
}

export const defaultPreferences: Preferences = {
  kinds: Object.fromEntries(notificationKinds.map((k) => [k, { inApp: true, email: true }])) as Preferences['kinds'],
  dailyDigest: true,
};

export async function preferencesOf(ctx: Ctx, userIds: string[]): Promise<Map<string, Preferences>> {
  const rows = userIds.length
    ? await ctx.db.selectFrom('notificationPreferences').select(['userId', 'settings']).where('userId', 'in', userIds).execute()
    : [];
  const stored = new Map(rows.map((r) => [r.userId, fromJson<Preferences>(r.settings)]));
  return new Map(userIds.map((id) => {
    const p = stored.get(id);
    return [id, p ? { dailyDigest: p.dailyDigest, kinds: { ...defaultPreferences.kinds, ...p.kinds } } : defaultPreferences];
  }));
}

/** Notifies each user once, in the caller's transaction: the notification exists only if the change commits. */
export async function notify(ctx: Ctx, input: NotificationInput): Promise<void> {
  const userIds = [...new Set(input.userIds)];
  if (!userIds.length) return;
  const prefs = await preferencesOf(ctx, userIds);
  const now = ctx.now();
  for (const userId of userIds) {
    const wants = prefs.get(userId)!.kinds[input.kind];
    if (!wants.inApp && !wants.email) continue;
    const id = newId();
    await ctx.db.insertInto('notifications').values({
      id,
      userId,
      kind: input.kind,
      actorName: input.actorName ?? null,
      title: input.title,
      body: input.body ?? null,
      linkType: input.link.type,
      linkId: input.link.id,
      customerId: input.customerId ?? null,
      // Email-only notifications are kept (the email job reads them) but never show as unread.
      readAt: wants.inApp ? null : now,
      createdAt: now,
    }).execute();
    if (wants.email && mailEnabled(ctx.platform)) await enqueue(ctx, 'notifications.email', { id }, { uniqueKey: `notification-email:${id}` });
  }
}

type Row = { id: string; kind: string; actorName: string | null; title: string; body: string | null; linkType: string; linkId: string; customerId: string | null; readAt: string | null; createdAt: string };

function toNotification(r: Row): Notification {
  return {
    id: r.id,
    kind: r.kind as NotificationKind,
    actorName: r.actorName,
    title: r.title,
    body: r.body,
    link: { type: r.linkType, id: r.linkId },
    customerId: r.customerId,
    readAt: r.readAt,
    createdAt: r.createdAt,
  };
}

export async function listNotifications(ctx: Ctx, query: z.output<typeof NotificationListQuery>) {
  const { userId } = requireActor(ctx);
  const after = decodeCursor(query.cursor, 1);
  let q = ctx.db.selectFrom('notifications').selectAll().where('userId', '=', userId);
  if (query.unread) q = q.where('readAt', 'is', null);
  if (after) q = q.where('id', '<', String(after[0]));
  const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute();
  return toPage(rows, query.limit, (r) => [r.id], toNotification);
}

export async function unreadCounts(ctx: Ctx, userIds: string[]): Promise<Map<string, number>> {
  if (!userIds.length) return new Map();
  const rows = await ctx.db
    .selectFrom('notifications')
    .select(['userId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('userId', 'in', userIds)
    .where('readAt', 'is', null)
    .groupBy('userId')
    .execute();
  const counts = new Map(rows.map((r) => [r.userId, Number(r.n)]));
  return new Map(userIds.map((id) => [id, counts.get(id) ?? 0]));
}

export async function markRead(ctx: Ctx, ids: string[] | 'all'): Promise<number> {
  const { userId } = requireActor(ctx);
  let q = ctx.db.updateTable('notifications').set({ readAt: ctx.now() }).where('userId', '=', userId).where('readAt', 'is', null);
  if (ids !== 'all') q = q.where('id', 'in', ids.length ? ids : ['']);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function getPreferences(ctx: Ctx): Promise<Preferences> {
  const { userId } = requireActor(ctx);
  return (await preferencesOf(ctx, [userId])).get(userId)!;
}

export async function savePreferences(ctx: Ctx, prefs: Preferences): Promise<Preferences> {
  const { userId } = requireActor(ctx);
  const settings = toJson(prefs);
  await ctx.db
    .insertInto('notificationPreferences')
    .values({ userId, settings, updatedAt: ctx.now() })
    .onConflict((oc) => oc.column('userId').doUpdateSet({ settings, updatedAt: ctx.now() }))
    .execute();
  return getPreferences(ctx);
}

/** The address of a record in the web app, for links in emails. */
export function recordUrl(ctx: Ctx, n: { linkType: string; linkId: string; customerId: string | null }): string {
  const base = ctx.platform.config.publicUrl;
  if (n.linkType === 'opportunity') return `${base}/opportunities?open=${n.linkId}`;
  if (n.customerId) return `${base}/customers/${n.customerId}`;
  if (n.linkType === 'customer_pool') return `${base}/customer-pool?pool=${n.linkId}`;
  if (n.linkType === 'lead') return `${base}/leads?open=${n.linkId}`;
  return n.linkType === 'task' ? `${base}/tasks?open=${n.linkId}` : base;
}

/** A user's email address and language, for mail sent on their behalf. */
export async function mailRecipient(ctx: Ctx, userId: string): Promise<{ email: string; name: string; locale: Locale; timeZone: string } | null> {
  const user = await ctx.db.selectFrom('users').select(['email', 'name', 'locale', 'timeZone', 'status']).where('id', '=', userId).executeTakeFirst();
  if (!user || user.status !== 'active') return null;
  const org = await ctx.db.selectFrom('organization').select(['defaultLocale', 'timeZone']).executeTakeFirst();
  return { email: user.email, name: user.name, locale: (user.locale ?? org?.defaultLocale ?? 'zh-CN') as Locale, timeZone: user.timeZone ?? org?.timeZone ?? 'Asia/Shanghai' };
}

registerJob<{ id: string }>('notifications.email', {
  async run({ id }, { ctx }) {
    const n = await ctx.db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
    if (!n) return;
    const to = await mailRecipient(ctx, n.userId);
    if (!to) return;
    const params = { actor: n.actorName ?? '', title: n.title, body: n.body ?? '' };
    const kind = n.kind as NotificationKind;
    const subject = translate(to.locale, `notify.${kind}.subject` as MessageKey, params);
    const lines = [translate(to.locale, `notify.${kind}.text` as MessageKey, params), n.body ?? '', recordUrl(ctx, n)].filter(Boolean);
    await sendMail(ctx.platform, { to: to.email, subject, text: lines.join('\n\n') });
  },
});

export function notificationRoutes(app: KehuApp): void {
  const tags = ['notifications'];
  app.get('/api/v1/notifications', { schema: { tags, querystring: NotificationListQuery, response: { 200: z.object({ data: z.array(Notification), nextCursor: z.string().nullable() }) } } },
    (req) => listNotifications(req.ctx, req.query));
  app.get('/api/v1/notifications/unread-count', { schema: { tags, response: { 200: UnreadCount } } },
    async (req) => ({ unread: (await unreadCounts(req.ctx, [requireActor(req.ctx).userId])).get(requireActor(req.ctx).userId)! }));
  app.post('/api/v1/notifications/read', { schema: { tags, body: z.object({ ids: z.array(z.uuid()).min(1).max(200) }), response: { 200: NotificationReadAll } } },
    async (req) => ({ read: await markRead(req.ctx, req.body.ids) }));
  app.post('/api/v1/notifications/read-all', { schema: { tags, response: { 200: NotificationReadAll } } },
    async (req) => ({ read: await markRead(req.ctx, 'all') }));
  app.get('/api/v1/notification-preferences', { schema: { tags, response: { 200: NotificationPreferences } } },
    (req) => getPreferences(req.ctx));
  app.put('/api/v1/notification-preferences', { schema: { tags, body: NotificationPreferences, response: { 200: NotificationPreferences } } },
    (req) => savePreferences(req.ctx, req.body));
}
