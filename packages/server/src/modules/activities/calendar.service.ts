// The calendar (日历): my (or my team's) tasks by due time and meetings and visits by their
// time, for a window; and a private iCalendar feed URL a phone calendar can subscribe to.
import type { z } from 'zod';
import ICAL from 'ical.js';
import type { CalendarEvent, CalendarQuery } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requireActor, requirePermission, scopeFilter } from '../../platform/authz/index.js';
import { systemCtx, type Platform } from '../../platform/context.js';
import { decryptField, encryptField, hashToken, randomToken } from '../../platform/crypto.js';
import { errors } from '../../platform/http/errors.js';
import { translate } from '../../platform/i18n/index.js';
import { mailRecipient } from '../../platform/notifications.js';
import { loadActor } from '../../platform/auth/actor.js';
import * as repo from './repository.js';

/** More than a month view shows; a window asking for more is cut here. */
const maxEvents = 2000;

export async function calendarEvents(ctx: Ctx, query: z.output<typeof CalendarQuery>): Promise<CalendarEvent[]> {
  const { userId } = requirePermission(ctx, 'customers:read');
  const scope = await scopeFilter(ctx, 'customers');
  const from = new Date(query.from).toISOString();
  const to = new Date(query.to).toISOString();
  if (from >= to) throw errors.invalidFields({ path: 'to', code: 'before_start', messageKey: 'activity.ends_before_start' });
  let people: string[] | undefined = [userId];
  let teamIds: string[] | undefined;
  if (query.view === 'team') {
    if (scope.kind === 'own') throw errors.forbidden();
    people = undefined;
    teamIds = scope.kind === 'team' ? scope.teamIds : undefined;
  }
  const [tasks, meetings] = await Promise.all([
    repo.listTasks(ctx.db, ctx.platform.dialect, scope, userId, { assigneeIds: people, teamIds, dueFrom: from, dueBefore: to, after: null, limit: maxEvents }),
    repo.listActivities(ctx.db, scope, userId, {
      calendarOf: people ?? (teamIds ? await teamMembers(ctx, teamIds) : undefined),
      kinds: ['meeting', 'visit'],
      from, to, after: null, limit: maxEvents,
    }),
  ]);
  return [
    ...tasks.slice(0, maxEvents).map((t) => ({
      type: 'task' as const, id: t.id, title: t.title, start: t.dueAt!, end: null, ownerName: t.assigneeName,
      customerId: t.customerId, customerName: t.customerName, kind: t.status, version: t.version,
    })),
    ...meetings.slice(0, maxEvents).map((a) => ({
      type: 'activity' as const, id: a.id, title: a.subject ?? a.customerName ?? '', start: a.occurredAt, end: a.endsAt, ownerName: a.ownerName,
      customerId: a.customerId, customerName: a.customerName, kind: a.kind, version: a.version,
    })),
  ];
}

async function teamMembers(ctx: Ctx, teamIds: string[]): Promise<string[]> {
  const rows = await ctx.db.selectFrom('users').select('id').where('teamId', 'in', teamIds).execute();
  return rows.map((r) => r.id);
}

function feedUrl(platform: Platform, token: string): string {
  return `${platform.config.publicUrl}/api/v1/calendar/feed/${token}.ics`;
}

export async function getFeed(ctx: Ctx): Promise<{ url: string | null }> {
  const { userId } = requireActor(ctx);
  const row = await ctx.db.selectFrom('calendarFeeds').select('token').where('userId', '=', userId).executeTakeFirst();
  return { url: row ? feedUrl(ctx.platform, decryptField(ctx.platform.config.secretKey, row.token)) : null };
}

/** A new secret address; the old one stops working. */
export async function rotateFeed(ctx: Ctx): Promise<{ url: string }> {
  const { userId } = requireActor(ctx);
  const token = randomToken(24);
  const values = { tokenHash: hashToken(token), token: encryptField(ctx.platform.config.secretKey, token), createdAt: ctx.now() };
  await ctx.db.insertInto('calendarFeeds').values({ userId, ...values }).onConflict((oc) => oc.column('userId').doUpdateSet(values)).execute();
  return { url: feedUrl(ctx.platform, token) };
}

export async function deleteFeed(ctx: Ctx): Promise<void> {
  const { userId } = requireActor(ctx);
  await ctx.db.deleteFrom('calendarFeeds').where('userId', '=', userId).execute();
}

const icalTime = (iso: string) => ICAL.Time.fromJSDate(new Date(iso), true);

/**
 * The feed as the user would see it now (30 days back, 180 ahead), read with their current
 * rights; null when the token is unknown or the user can no longer sign in.
 */
export async function feedCalendar(platform: Platform, token: string): Promise<string | null> {
  const system = systemCtx(platform);
  const feed = await system.db.selectFrom('calendarFeeds').select('userId').where('tokenHash', '=', hashToken(token)).executeTakeFirst();
  if (!feed) return null;
  const actor = await loadActor(system.db, feed.userId, { kind: 'job' }).catch(() => null);
  const recipient = await mailRecipient(system, feed.userId);
  if (!actor || !recipient) return null;
  const ctx = { ...system, actor } as Ctx;
  const now = platform.clock.now().getTime();
  const events = await calendarEvents(ctx, { from: new Date(now - 30 * 86_400_000).toISOString(), to: new Date(now + 180 * 86_400_000).toISOString(), view: 'mine' });
  const cal = new ICAL.Component(['vcalendar', [], []]);
  cal.addPropertyWithValue('prodid', '-//Kehu CRM//Calendar//EN');
  cal.addPropertyWithValue('version', '2.0');
  cal.addPropertyWithValue('x-wr-calname', translate(recipient.locale, 'calendar.feed_name', { name: recipient.name }));
  for (const e of events) {
    const vevent = new ICAL.Component('vevent');
    vevent.addPropertyWithValue('uid', `${e.type}-${e.id}@kehu`);
    vevent.addPropertyWithValue('dtstamp', icalTime(new Date(now).toISOString()));
    vevent.addPropertyWithValue('dtstart', icalTime(e.start));
    vevent.addPropertyWithValue('dtend', icalTime(e.end ?? new Date(new Date(e.start).getTime() + 30 * 60_000).toISOString()));
    vevent.addPropertyWithValue('summary', e.customerName && e.customerName !== e.title ? `${e.title} · ${e.customerName}` : e.title);
    if (e.customerId) vevent.addPropertyWithValue('url', `${platform.config.publicUrl}/customers/${e.customerId}`);
    cal.addSubcomponent(vevent);
  }
  return cal.toString();
}
