// Forecast hooks: the forecast of a period, managers' adjustments and their history, quotas,
// and the pipeline figures. They are fetched afresh each time a page opens, so deals changed
// elsewhere show up without wiring every opportunity write to them.
import {
  Forecast, ForecastAdjustment, PipelineStats, Quota, type ForecastAdjustmentCreate, type PeriodKind, type QuotaCreate, type QuotaPatch,
} from '@kehu/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { request, requestVoid } from './client';
import { pagedQuery } from './paging';

const id = (value: string) => encodeURIComponent(value);

export interface ForecastFilter {
  periodKind: PeriodKind;
  date: string;
  teamId?: string;
  ownerId?: string;
  pipelineId?: string;
}

export interface AdjustmentFilter {
  periodKind: PeriodKind;
  date: string;
  targetKind?: 'user' | 'team';
  targetId?: string;
}

export interface QuotaFilter {
  periodKind: PeriodKind;
  date: string;
}

export interface PipelineStatsFilter {
  pipelineId?: string;
  teamId?: string;
  ownerId?: string;
  from?: string;
  to?: string;
  stalledDays?: number;
}

export const forecastKeys = {
  all: ['forecasts'] as const,
  forecast: (filter: ForecastFilter) => ['forecasts', 'forecast', filter] as const,
  adjustments: (filter: AdjustmentFilter) => ['forecasts', 'adjustments', filter] as const,
  quotas: (filter: QuotaFilter) => ['forecasts', 'quotas', filter] as const,
  pipelineStats: (filter: PipelineStatsFilter) => ['forecasts', 'pipeline-stats', filter] as const,
};

export function useForecast(filter: ForecastFilter) {
  return useQuery({
    queryKey: forecastKeys.forecast(filter),
    queryFn: ({ signal }) => request('GET', '/api/v1/forecasts', Forecast, { query: { ...filter }, signal }),
    placeholderData: (previous) => previous,
  });
}

export function useAdjustmentHistory(filter: AdjustmentFilter, options: { enabled?: boolean } = {}) {
  return useInfiniteQuery({
    ...pagedQuery(forecastKeys.adjustments(filter), '/api/v1/forecasts/adjustments', ForecastAdjustment, { ...filter }),
    enabled: options.enabled ?? true,
  });
}

export function useQuotas(filter: QuotaFilter, options: { enabled?: boolean } = {}) {
  return useInfiniteQuery({ ...pagedQuery(forecastKeys.quotas(filter), '/api/v1/quotas', Quota, { ...filter }), enabled: options.enabled ?? true });
}

export function usePipelineStats(filter: PipelineStatsFilter) {
  return useQuery({
    queryKey: forecastKeys.pipelineStats(filter),
    queryFn: ({ signal }) => request('GET', '/api/v1/pipeline-stats', PipelineStats, { query: { ...filter }, signal }),
    placeholderData: (previous) => previous,
  });
}

/** Every forecast figure may move with an adjustment or a quota. */
const forecastsChanged = (client: QueryClient) => void client.invalidateQueries({ queryKey: forecastKeys.all });

export type AdjustmentBody = z.input<typeof ForecastAdjustmentCreate>;

export function useAdjustForecast() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AdjustmentBody) => request('POST', '/api/v1/forecasts/adjustments', ForecastAdjustment, { body }),
    onSuccess: () => forecastsChanged(client),
  });
}

export function useCreateQuota() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof QuotaCreate>) => request('POST', '/api/v1/quotas', Quota, { body }),
    onSuccess: () => forecastsChanged(client),
  });
}

export function useUpdateQuota() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ quotaId, body }: { quotaId: string; body: z.input<typeof QuotaPatch> }) => request('PATCH', `/api/v1/quotas/${id(quotaId)}`, Quota, { body }),
    onSuccess: () => forecastsChanged(client),
  });
}

export function useDeleteQuota() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (quotaId: string) => requestVoid('DELETE', `/api/v1/quotas/${id(quotaId)}`),
    onSuccess: () => forecastsChanged(client),
  });
}
