// Notification center hooks: the list, the unread count (kept live by the server's
// event stream), marking read, and the user's notification preferences.
import {
  Notification,
  NotificationPreferences,
  NotificationReadAll,
  Page,
  UnreadCount,
  type NotificationPreferences as Preferences,
} from '@kehu/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { request } from './client';
import { keys } from './keys';
import { pagedQuery } from './paging';

export const notificationKeys = {
  all: ['notifications'] as const,
  lists: ['notifications', 'list'] as const,
  list: (unread: boolean) => ['notifications', 'list', { unread }] as const,
  unread: ['notifications', 'unread-count'] as const,
  preferences: ['notification-preferences'] as const,
};

const NotificationPage = Page(Notification);
type NotificationPage = z.output<typeof NotificationPage>;
type Unread = z.output<typeof UnreadCount>;

/** The user's notifications, newest first; `unread` keeps only those not read yet. */
export function useNotifications(unread: boolean) {
  return useInfiniteQuery(pagedQuery(notificationKeys.list(unread), '/api/v1/notifications', Notification, { unread }));
}

export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: ({ signal }) => request('GET', '/api/v1/notifications/unread-count', UnreadCount, { signal }),
    // The event stream pushes every change; a fetch is only the first answer.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

function setUnread(client: QueryClient, unread: number): void {
  client.setQueryData<Unread>(notificationKeys.unread, { unread: Math.max(0, unread) });
}

/** Marks the given notifications read in every cached list at once, so the panel does not wait for the server. */
function markReadInLists(client: QueryClient, ids: ReadonlySet<string> | 'all', readAt: string): void {
  client.setQueriesData<InfiniteData<NotificationPage>>({ queryKey: notificationKeys.lists }, (old) =>
    old
      ? {
          ...old,
          pages: old.pages.map((page) => ({
            ...page,
            data: page.data.map((n) => (n.readAt === null && (ids === 'all' || ids.has(n.id)) ? { ...n, readAt } : n)),
          })),
        }
      : old,
  );
}

export function useMarkNotificationsRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => request('POST', '/api/v1/notifications/read', NotificationReadAll, { body: { ids } }),
    onSuccess: ({ read }, ids) => {
      markReadInLists(client, new Set(ids), new Date().toISOString());
      const current = client.getQueryData<Unread>(notificationKeys.unread);
      if (current) setUnread(client, current.unread - read);
      // The unread tab still holds the item; refetch it in the background.
      void client.invalidateQueries({ queryKey: notificationKeys.list(true) });
    },
  });
}

export function useMarkAllNotificationsRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => request('POST', '/api/v1/notifications/read-all', NotificationReadAll),
    onSuccess: () => {
      markReadInLists(client, 'all', new Date().toISOString());
      setUnread(client, 0);
      void client.invalidateQueries({ queryKey: notificationKeys.list(true) });
    },
  });
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: notificationKeys.preferences,
    queryFn: ({ signal }) => request('GET', '/api/v1/notification-preferences', NotificationPreferences, { signal }),
  });
}

export function useSaveNotificationPreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Preferences) => request('PUT', '/api/v1/notification-preferences', NotificationPreferences, { body }),
    onSuccess: (saved) => client.setQueryData(notificationKeys.preferences, saved),
  });
}

// A stream the server ended for good (not a dropped connection, which EventSource
// retries by itself) is opened again after this long, once the session is re-checked.
const REOPEN_AFTER_MS = 30_000;

/**
 * Keeps the unread count live while signed in: one EventSource on the server's
 * event stream writes each `unread` event into the query cache, and a count that
 * differs from what this tab knows (a new notification, or one read in another
 * tab) makes the lists stale. Closes when unmounted or signed out.
 */
export function useLiveUnread(enabled: boolean): void {
  const client = useQueryClient();
  const [opening, setOpening] = useState(0);

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/events/stream');
    let reopen: ReturnType<typeof setTimeout> | undefined;

    source.addEventListener('unread', (event) => {
      let unread: number;
      try {
        unread = (JSON.parse((event as MessageEvent<string>).data) as Unread).unread;
      } catch {
        return;
      }
      if (typeof unread !== 'number') return;
      const known = client.getQueryData<Unread>(notificationKeys.unread)?.unread;
      setUnread(client, unread);
      if (known !== unread) void client.invalidateQueries({ queryKey: notificationKeys.lists });
    });

    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED) return;
      // A 401 closes the stream: let the session check decide whether to go to the login page.
      void client.invalidateQueries({ queryKey: keys.me });
      reopen = setTimeout(() => setOpening((n) => n + 1), REOPEN_AFTER_MS);
    });

    return () => {
      clearTimeout(reopen);
      source.close();
    };
  }, [enabled, client, opening]);
}
