// The customer timeline (时间线): one stream, newest first, of everything that happened
// with a customer. Each area registers a source for its items (activities, tasks, comments,
// field changes; later orders, tickets, campaigns…); the page of the stream is merged from
// the newest items of every selected source, so a source must return its items before the
// cursor in (at, id) descending order.
import type { TimelineItem } from '@kehu/shared';
import type { Ctx } from './context.js';
import { AppError } from './http/errors.js';
import { decodeCursor, encodeCursor } from './http/pagination.js';

export interface TimelineSource {
  /** Items of the customer before `before` (exclusive), newest first, at most `limit`. */
  items(ctx: Ctx, customerId: string, before: { at: string; id: string } | null, limit: number): Promise<TimelineItem[]>;
}

const sources = new Map<string, TimelineSource>();

export function registerTimelineSource(type: string, source: TimelineSource): void {
  sources.set(type, source);
}

export function timelineTypes(): string[] {
  return [...sources.keys()];
}

const newestFirst = (a: TimelineItem, b: TimelineItem) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1);

/** One page of the timeline. The caller has checked that the actor may see the customer. */
export async function customerTimeline(ctx: Ctx, customerId: string, query: { types?: string; limit: number; cursor?: string }) {
  const wanted = query.types ? query.types.split(',') : timelineTypes();
  const cursor = decodeCursor(query.cursor, 2);
  const at = cursor ? new Date(String(cursor[0])) : null;
  if (at && Number.isNaN(at.getTime())) throw new AppError('validation_failed', {}, [{ path: 'cursor', code: 'invalid_cursor', messageKey: 'cursor.invalid' }]);
  const before = cursor && at ? { at: at.toISOString(), id: String(cursor[1]) } : null;
  const lists = await Promise.all(
    wanted.flatMap((type) => {
      const source = sources.get(type);
      return source ? [source.items(ctx, customerId, before, query.limit + 1)] : [];
    }),
  );
  const items = lists.flat().sort(newestFirst);
  const page = items.slice(0, query.limit);
  const last = page[page.length - 1];
  return { data: page, nextCursor: items.length > query.limit && last ? encodeCursor([last.at, last.id]) : null };
}
