// The customer list's working tools: its custom fields (for conditions, columns and forms),
// saved views (视图), a lifecycle stage's column of the kanban, and large exports run as jobs.
import { Customer, ExportJob, SavedView, SavedViewCreate, SavedViewPatch } from '@kehu/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { request, requestVoid } from './client';
import { useActiveCustomFields } from './custom-fields';
import type { CustomerFilter } from './keys';
import { pagedQuery } from './paging';

// Kept beside the hooks.
const viewKeys = {
  savedViews: ['saved-views', 'customers'] as const,
  stageColumn: (filter: CustomerFilter) => ['customers', 'list', 'kanban', filter] as const,
  exportJob: (jobId: string) => ['customers', 'exports', jobId] as const,
};

const SavedViews = z.object({ data: z.array(SavedView) });

export const useCustomerFields = () => useActiveCustomFields('customer');

/** The user's own views and those shared with everyone. */
export function useSavedViews() {
  return useQuery({
    queryKey: viewKeys.savedViews,
    queryFn: ({ signal }) => request('GET', '/api/v1/saved-views', SavedViews, { query: { object: 'customers' }, signal }),
    select: (res) => res.data,
  });
}

export type SavedViewBody = z.input<typeof SavedViewCreate>;
export type SavedViewChange = z.input<typeof SavedViewPatch>;

export function useCreateView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SavedViewBody) => request('POST', '/api/v1/saved-views', SavedView, { body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: viewKeys.savedViews }),
  });
}

export function useUpdateView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ viewId, body }: { viewId: string; body: SavedViewChange }) =>
      request('PATCH', `/api/v1/saved-views/${encodeURIComponent(viewId)}`, SavedView, { body }),
    // A 409 also reloads, so the next try starts from the stored view.
    onSettled: () => void client.invalidateQueries({ queryKey: viewKeys.savedViews }),
  });
}

export function useDeleteView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (viewId: string) => requestVoid('DELETE', `/api/v1/saved-views/${encodeURIComponent(viewId)}`),
    onSettled: () => void client.invalidateQueries({ queryKey: viewKeys.savedViews }),
  });
}

/** One stage's customers for the kanban, page by page; lives under the customer lists, so every write refreshes it. */
export function useStageColumn(filter: CustomerFilter) {
  return useInfiniteQuery(pagedQuery(viewKeys.stageColumn(filter), '/api/v1/customers', Customer, filter));
}

export type ExportFormat = 'csv' | 'xlsx';

export const exportFileUrl = (jobId: string) => `/api/v1/customers/exports/${encodeURIComponent(jobId)}/file`;

/** Starts an export in the background, for lists too long to stream in one request. */
export function useStartExport() {
  return useMutation({
    mutationFn: (body: CustomerFilter & { format: ExportFormat; columns: string[] }) =>
      request('POST', '/api/v1/customers/exports', ExportJob, { body }),
  });
}

/** An export job, polled every second until it is done or failed. */
export function useExportJob(jobId: string | null) {
  return useQuery({
    queryKey: viewKeys.exportJob(jobId ?? ''),
    queryFn: ({ signal }) => request('GET', `/api/v1/customers/exports/${encodeURIComponent(jobId ?? '')}`, ExportJob, { signal }),
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data && ['done', 'failed'].includes(query.state.data.status) ? false : 1000),
  });
}
