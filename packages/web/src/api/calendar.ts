// Calendar (日历) hooks: the user's (or team's) tasks and meetings in a time window,
// moving one to another time, and the private iCalendar feed a phone can subscribe to.
import { Activity, CalendarEvent, CalendarFeed, Task } from '@kehu/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { activityKeys, timelineKeys } from './activities';
import { request, requestVoid } from './client';
import { taskKeys } from './tasks';

const id = (value: string) => encodeURIComponent(value);

export type CalendarView = 'mine' | 'team';

/** A window [from, to) as ISO instants, plus whose events. */
export interface CalendarRange {
  from: string;
  to: string;
  view: CalendarView;
}

export const calendarKeys = {
  all: ['calendar'] as const,
  events: ['calendar', 'events'] as const,
  range: (range: CalendarRange) => ['calendar', 'events', range] as const,
  feed: ['calendar', 'feed'] as const,
};

const CalendarEvents = z.object({ data: z.array(CalendarEvent) });
const FeedUrl = z.object({ url: z.string() });

/** The events of a window; the previous window stays on screen while the next one loads. */
export function useCalendarEvents(range: CalendarRange | null) {
  return useQuery({
    queryKey: calendarKeys.range(range ?? { from: '', to: '', view: 'mine' }),
    queryFn: ({ signal }) => request('GET', '/api/v1/calendar', CalendarEvents, { query: { ...range }, signal }),
    enabled: range !== null,
    placeholderData: keepPreviousData,
  });
}

export interface Reschedule {
  event: CalendarEvent;
  start: string;
  /** Meetings and visits only; tasks have a due time, no end. */
  end: string | null;
}

/**
 * Moves a task's due time or a meeting's time. The body carries the version the calendar
 * showed, so a change made meanwhile by someone else answers 409 version_conflict.
 */
export function useRescheduleEvent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ event, start, end }: Reschedule) => {
      if (event.type === 'task') {
        const task = await request('PATCH', `/api/v1/tasks/${id(event.id)}`, Task, { body: { dueAt: start, version: event.version } });
        client.setQueryData(taskKeys.task(task.id), task);
        void client.invalidateQueries({ queryKey: taskKeys.lists });
        void client.invalidateQueries({ queryKey: taskKeys.counts });
        if (task.customerId) void client.invalidateQueries({ queryKey: timelineKeys.customer(task.customerId) });
        return;
      }
      const activity = await request('PATCH', `/api/v1/activities/${id(event.id)}`, Activity, {
        body: { occurredAt: start, endsAt: end, version: event.version },
      });
      client.setQueryData(activityKeys.activity(activity.id), activity);
      void client.invalidateQueries({ queryKey: activityKeys.lists });
      if (activity.customerId) void client.invalidateQueries({ queryKey: timelineKeys.customer(activity.customerId) });
    },
    // Success brings new versions, failure may mean a stale copy: read the calendar again either
    // way, without waiting, so the caller can undo a failed drag before the fresh copy lands.
    onSettled: () => void client.invalidateQueries({ queryKey: calendarKeys.events }),
  });
}

/** The feed address, or null while none exists; asked only when the dialog opens. */
export function useCalendarFeed(enabled: boolean) {
  return useQuery({
    queryKey: calendarKeys.feed,
    queryFn: ({ signal }) => request('GET', '/api/v1/calendar/feed', CalendarFeed, { signal }),
    enabled,
    staleTime: 0,
  });
}

/** Creates the feed address, or replaces it: the old address stops working at once. */
export function useRotateCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => request('POST', '/api/v1/calendar/feed', FeedUrl),
    onSuccess: (feed) => client.setQueryData(calendarKeys.feed, feed),
  });
}

export function useDeleteCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => requestVoid('DELETE', '/api/v1/calendar/feed'),
    onSuccess: () => client.setQueryData(calendarKeys.feed, { url: null }),
  });
}
