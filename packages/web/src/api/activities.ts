// Activities area hooks for the customer 360 page: logged activities (跟进记录), the
// customer's timeline (时间线) and comments with @mentions.
import { Activity, ActivityCreate, ActivityPatch, Comment, CommentCreate, TimelineItem } from '@kehu/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { request, requestVoid } from './client';
import { pagedQuery } from './paging';
import { keys } from './keys';

const id = (value: string) => encodeURIComponent(value);

/** Item types the timeline filter offers; the server takes them comma-separated. */
export const timelineTypes = ['activity', 'task', 'comment', 'opportunity', 'change'] as const;
export type TimelineType = (typeof timelineTypes)[number];

export interface ActivityFilter {
  customerId?: string;
  /** One record's activities, e.g. a lead's. */
  relatedType?: string;
  relatedId?: string;
  kind?: Activity['kind'];
  ownerId?: string;
  from?: string;
  to?: string;
}

// Keys live beside the hooks: only this area's writes make them stale. Other areas whose
// writes show on the timeline (tasks, customer edits) invalidate `timelineKeys.customer(id)`.
export const timelineKeys = {
  all: ['timeline'] as const,
  customer: (customerId: string) => ['timeline', customerId] as const,
  list: (customerId: string, types: readonly TimelineType[]) => ['timeline', customerId, types.join(',')] as const,
};

export const activityKeys = {
  lists: ['activities', 'list'] as const,
  list: (filter: ActivityFilter) => ['activities', 'list', filter] as const,
  activity: (activityId: string) => ['activities', 'detail', activityId] as const,
};

export const commentKeys = {
  list: (objectType: string, objectId: string) => ['comments', objectType, objectId] as const,
};

/** One customer's timeline, newest first, a page at a time; no types means all of them. */
export function useTimeline(customerId: string, types: readonly TimelineType[] = []) {
  return useInfiniteQuery(
    pagedQuery(timelineKeys.list(customerId, types), `/api/v1/customers/${id(customerId)}/timeline`, TimelineItem, {
      types: types.join(',') || undefined,
    }),
  );
}

export function useActivities(filter: ActivityFilter) {
  return useInfiniteQuery(pagedQuery(activityKeys.list(filter), '/api/v1/activities', Activity, { ...filter }));
}

export function useActivity(activityId: string) {
  return useQuery({
    queryKey: activityKeys.activity(activityId),
    queryFn: ({ signal }) => request('GET', `/api/v1/activities/${id(activityId)}`, Activity, { signal }),
  });
}

/** A saved activity: itself, every activity list, its customer's timeline, and its lead (whose score moves). */
function activitySaved(client: QueryClient, activity: Activity): void {
  client.setQueryData(activityKeys.activity(activity.id), activity);
  void client.invalidateQueries({ queryKey: activityKeys.lists });
  if (activity.customerId) void client.invalidateQueries({ queryKey: timelineKeys.customer(activity.customerId) });
  if (activity.related?.type === 'lead') void client.invalidateQueries({ queryKey: keys.leads });
}

export type ActivityCreateBody = z.input<typeof ActivityCreate>;
export type ActivityPatchBody = z.input<typeof ActivityPatch>;

export function useCreateActivity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ActivityCreateBody) => request('POST', '/api/v1/activities', Activity, { body }),
    onSuccess: (activity) => activitySaved(client, activity),
  });
}

/** The body carries `version`; a stale one answers 409 version_conflict. */
export function useUpdateActivity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ activityId, body }: { activityId: string; body: ActivityPatchBody }) =>
      request('PATCH', `/api/v1/activities/${id(activityId)}`, Activity, { body }),
    onSuccess: (activity) => activitySaved(client, activity),
  });
}

export function useDeleteActivity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (activity: Pick<Activity, 'id' | 'customerId'>) => requestVoid('DELETE', `/api/v1/activities/${id(activity.id)}`),
    onSuccess: (_result, activity) => {
      client.removeQueries({ queryKey: activityKeys.activity(activity.id) });
      void client.invalidateQueries({ queryKey: activityKeys.lists });
      if (activity.customerId) void client.invalidateQueries({ queryKey: timelineKeys.customer(activity.customerId) });
    },
  });
}

export function useComments(objectType: string, objectId: string) {
  return useInfiniteQuery(pagedQuery(commentKeys.list(objectType, objectId), '/api/v1/comments', Comment, { objectType, objectId }));
}

export type CommentCreateBody = z.input<typeof CommentCreate>;

/** A comment on a customer also lands on that customer's timeline. */
export function useCreateComment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CommentCreateBody) => request('POST', '/api/v1/comments', Comment, { body }),
    onSuccess: (comment) => {
      void client.invalidateQueries({ queryKey: commentKeys.list(comment.object.type, comment.object.id) });
      if (comment.object.type === 'customer') void client.invalidateQueries({ queryKey: timelineKeys.customer(comment.object.id) });
    },
  });
}
