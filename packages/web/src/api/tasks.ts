// Tasks hooks: the lists of "My tasks" by bucket and view, their counts, one task,
// and the writes (create, edit, complete, delete, reassign many).
import { Task, TaskBulkReassign, TaskBulkResult, TaskCounts, TaskCreate, TaskPatch, type TaskBucket, type TaskListQuery } from '@kehu/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { timelineKeys } from './activities';
// calendar.ts imports taskKeys back; both sides only read the keys inside callbacks, so the cycle is harmless.
import { calendarKeys } from './calendar';
import { request, requestVoid } from './client';
import { pagedQuery } from './paging';

const id = (value: string) => encodeURIComponent(value);

export type TaskView = TaskListQuery['view'];

/** What a task list shows (paging is added by the hook). */
export interface TaskFilter {
  view: TaskView;
  bucket?: TaskBucket;
  assigneeId?: string;
  customerId?: string;
}

// Task keys live beside the hooks: only this area's writes make them stale.
export const taskKeys = {
  all: ['tasks'] as const,
  lists: ['tasks', 'list'] as const,
  list: (filter: TaskFilter) => ['tasks', 'list', filter] as const,
  counts: ['tasks', 'counts'] as const,
  count: (view: TaskView, assigneeId?: string) => ['tasks', 'counts', view, assigneeId ?? null] as const,
  task: (taskId: string) => ['tasks', 'detail', taskId] as const,
};

export function useTasks(filter: TaskFilter) {
  return useInfiniteQuery(pagedQuery(taskKeys.list(filter), '/api/v1/tasks', Task, { ...filter }));
}

/** How many tasks each tab holds for a view. */
export function useTaskCounts(view: TaskView, assigneeId?: string) {
  return useQuery({
    queryKey: taskKeys.count(view, assigneeId),
    queryFn: ({ signal }) => request('GET', '/api/v1/tasks/counts', TaskCounts, { query: { view, assigneeId }, signal }),
  });
}

export function useTask(taskId: string) {
  return useQuery({
    queryKey: taskKeys.task(taskId),
    queryFn: ({ signal }) => request('GET', `/api/v1/tasks/${id(taskId)}`, Task, { signal }),
  });
}

/**
 * Any task change can move tasks between tabs (and a done recurring task adds the next one);
 * tasks also show on the calendar and on their customer's timeline.
 */
function tasksChanged(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: taskKeys.lists });
  void client.invalidateQueries({ queryKey: taskKeys.counts });
  void client.invalidateQueries({ queryKey: calendarKeys.events });
  void client.invalidateQueries({ queryKey: timelineKeys.all });
}

function taskSaved(client: QueryClient, task: Task): void {
  client.setQueryData(taskKeys.task(task.id), task);
  tasksChanged(client);
}

export type TaskCreateBody = z.input<typeof TaskCreate>;
export type TaskPatchBody = z.input<typeof TaskPatch>;

export function useCreateTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TaskCreateBody) => request('POST', '/api/v1/tasks', Task, { body }),
    onSuccess: (task) => taskSaved(client, task),
  });
}

export function useUpdateTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, body }: { taskId: string; body: TaskPatchBody }) =>
      request('PATCH', `/api/v1/tasks/${id(taskId)}`, Task, { body }),
    onSuccess: (task) => taskSaved(client, task),
  });
}

type TaskPages = InfiniteData<{ data: Task[]; nextCursor: string | null }>;

/**
 * Ticks a task done (or opens it again) from a list. The row changes at once; the lists
 * and counts are read again afterwards, also after a failure (a 409 means someone else
 * changed the task, so the fresh copy replaces the stale one).
 */
export function useToggleTaskDone() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ task, done }: { task: Task; done: boolean }) =>
      request('PATCH', `/api/v1/tasks/${id(task.id)}`, Task, { body: { status: done ? 'done' : 'open', version: task.version } }),
    onMutate: async ({ task, done }) => {
      await client.cancelQueries({ queryKey: taskKeys.lists });
      const status = done ? 'done' : 'open';
      client.setQueriesData<TaskPages>({ queryKey: taskKeys.lists }, (pages) =>
        pages
          ? { ...pages, pages: pages.pages.map((page) => ({ ...page, data: page.data.map((t) => (t.id === task.id ? { ...t, status } : t)) })) }
          : pages,
      );
    },
    onSuccess: (task) => client.setQueryData(taskKeys.task(task.id), task),
    onError: (_error, { task }) => void client.invalidateQueries({ queryKey: taskKeys.task(task.id) }),
    onSettled: () => tasksChanged(client),
  });
}

export function useDeleteTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) => requestVoid('DELETE', `/api/v1/tasks/${id(taskId)}`),
    onSuccess: (_result, taskId) => {
      // Stale but not refetched: the open drawer is closing, and asking again would only answer 404.
      void client.invalidateQueries({ queryKey: taskKeys.task(taskId), refetchType: 'none' });
      tasksChanged(client);
    },
  });
}

export type TaskReassignBody = z.input<typeof TaskBulkReassign>;

/** Gives the chosen tasks to one person; the server refuses the whole batch if any task is out of reach. */
export function useReassignTasks() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TaskReassignBody) => request('POST', '/api/v1/tasks/reassign', TaskBulkResult, { body }),
    onSuccess: (_result, body) => {
      for (const taskId of body.ids) void client.invalidateQueries({ queryKey: taskKeys.task(taskId) });
      tasksChanged(client);
    },
  });
}
