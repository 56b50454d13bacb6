// Sales hooks: pipelines, the opportunity board and list, one opportunity with its stage
// history, and the writes (create, edit, move, close won or lost, reopen).
import {
  Board, Opportunity, OpportunityClose, OpportunityCreate, OpportunityPatch, OpportunityWatchers, Pipeline, StageHistory, type OpportunityListQuery,
} from '@kehu/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { timelineKeys } from './activities';
import { request } from './client';
import { keys } from './keys';
import { pagedQuery } from './paging';

const id = (value: string) => encodeURIComponent(value);

export type OpportunityFilter = Partial<Pick<z.input<typeof OpportunityListQuery>, 'q' | 'pipelineId' | 'stageId' | 'status' | 'ownerId' | 'customerId' | 'sort'>>;
export interface BoardFilter {
  pipelineId?: string;
  ownerId?: string;
  q?: string;
}

// Keys live beside the hooks: only this area's writes make them stale.
export const salesKeys = {
  pipelines: ['sales', 'pipelines'] as const,
  opportunities: ['sales', 'opportunities'] as const,
  board: (filter: BoardFilter) => ['sales', 'opportunities', 'board', filter] as const,
  list: (filter: OpportunityFilter) => ['sales', 'opportunities', 'list', filter] as const,
  opportunity: (opportunityId: string) => ['sales', 'opportunities', 'detail', opportunityId] as const,
  stages: (opportunityId: string) => ['sales', 'opportunities', 'stages', opportunityId] as const,
  watchers: (opportunityId: string) => ['sales', 'opportunities', 'watchers', opportunityId] as const,
};

export function usePipelines() {
  return useQuery({
    queryKey: salesKeys.pipelines,
    queryFn: ({ signal }) => request('GET', '/api/v1/pipelines', z.object({ data: z.array(Pipeline) }), { signal }),
    select: (res) => res.data,
    staleTime: 60_000,
  });
}

export function useBoard(filter: BoardFilter) {
  return useQuery({
    queryKey: salesKeys.board(filter),
    queryFn: ({ signal }) => request('GET', '/api/v1/opportunities/board', Board, { query: { ...filter }, signal }),
  });
}

export function useOpportunities(filter: OpportunityFilter) {
  return useInfiniteQuery(pagedQuery(salesKeys.list(filter), '/api/v1/opportunities', Opportunity, { ...filter }));
}

export function useOpportunity(opportunityId: string) {
  return useQuery({
    queryKey: salesKeys.opportunity(opportunityId),
    queryFn: ({ signal }) => request('GET', `/api/v1/opportunities/${id(opportunityId)}`, Opportunity, { signal }),
  });
}

/** Who follows the opportunity, and whether I do. */
export function useOpportunityWatchers(opportunityId: string) {
  return useQuery({
    queryKey: salesKeys.watchers(opportunityId),
    queryFn: ({ signal }) => request('GET', `/api/v1/opportunities/${id(opportunityId)}/watchers`, OpportunityWatchers, { signal }),
  });
}

export function useWatchOpportunity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ opportunityId, watching }: { opportunityId: string; watching: boolean }) =>
      request('PUT', `/api/v1/opportunities/${id(opportunityId)}/watch`, OpportunityWatchers, { body: { watching } }),
    onSuccess: (watchers, { opportunityId }) => client.setQueryData(salesKeys.watchers(opportunityId), watchers),
  });
}

export function useStageHistory(opportunityId: string) {
  return useQuery({
    queryKey: salesKeys.stages(opportunityId),
    queryFn: ({ signal }) => request('GET', `/api/v1/opportunities/${id(opportunityId)}/stages`, StageHistory, { signal }),
    select: (res) => res.data,
  });
}

/** A saved opportunity: itself, every board and list, its customer's timeline (and stage, after a win). */
function opportunitySaved(client: QueryClient, opportunity: Opportunity): void {
  client.setQueryData(salesKeys.opportunity(opportunity.id), opportunity);
  void client.invalidateQueries({ queryKey: salesKeys.opportunities });
  void client.invalidateQueries({ queryKey: timelineKeys.customer(opportunity.customerId) });
  if (opportunity.status === 'won') void client.invalidateQueries({ queryKey: keys.customer(opportunity.customerId) });
}

export type OpportunityCreateBody = z.input<typeof OpportunityCreate>;
export type OpportunityPatchBody = z.input<typeof OpportunityPatch>;
export type OpportunityCloseBody = z.input<typeof OpportunityClose>;

export function useCreateOpportunity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: OpportunityCreateBody) => request('POST', '/api/v1/opportunities', Opportunity, { body }),
    onSuccess: (opportunity) => opportunitySaved(client, opportunity),
  });
}

export function useUpdateOpportunity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ opportunityId, body }: { opportunityId: string; body: OpportunityPatchBody }) =>
      request('PATCH', `/api/v1/opportunities/${id(opportunityId)}`, Opportunity, { body }),
    onSuccess: (opportunity) => opportunitySaved(client, opportunity),
  });
}

export function useCloseOpportunity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ opportunityId, body }: { opportunityId: string; body: OpportunityCloseBody }) =>
      request('POST', `/api/v1/opportunities/${id(opportunityId)}/close`, Opportunity, { body }),
    onSuccess: (opportunity) => opportunitySaved(client, opportunity),
  });
}

export function useReopenOpportunity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ opportunityId, version }: { opportunityId: string; version: number }) =>
      request('POST', `/api/v1/opportunities/${id(opportunityId)}/reopen`, Opportunity, { body: { version } }),
    onSuccess: (opportunity) => opportunitySaved(client, opportunity),
  });
}
