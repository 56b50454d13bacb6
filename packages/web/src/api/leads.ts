// Lead hooks: the ranked list and one lead, entering, editing, disqualifying and converting
// leads, the duplicates check, and the admin's scoring rules, routing rules and web forms.
import {
  Lead, LeadConversion, LeadConvert, LeadCreate, LeadDisqualify, LeadDuplicate, LeadDuplicateCheck, LeadForm, LeadFormCreate, LeadFormPatch,
  LeadListQuery, LeadPatch, LeadReroute, RerouteResult, RoutingSettings, ScoringSettings,
} from '@kehu/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { request, requestVoid } from './client';
import { keys } from './keys';
import { pagedQuery } from './paging';
import { salesKeys } from './sales';

const id = (value: string) => encodeURIComponent(value);

export type LeadFilter = Omit<z.input<typeof LeadListQuery>, 'limit' | 'cursor'>;

export const leadKeys = {
  all: keys.leads,
  lists: [...keys.leads, 'list'] as const,
  list: (filter: LeadFilter) => [...keys.leads, 'list', filter] as const,
  one: (leadId: string) => [...keys.leads, 'one', leadId] as const,
  scoring: ['lead-settings', 'scoring'] as const,
  routing: ['lead-settings', 'routing'] as const,
  forms: ['lead-forms'] as const,
};

/** Leads the user may see, best first unless sorted otherwise. */
export function useLeads(filter: LeadFilter) {
  return useInfiniteQuery(pagedQuery(leadKeys.list(filter), '/api/v1/leads', Lead, filter));
}

export function useLead(leadId: string | null) {
  return useQuery({
    queryKey: leadKeys.one(leadId ?? ''),
    queryFn: ({ signal }) => request('GET', `/api/v1/leads/${id(leadId!)}`, Lead, { signal }),
    enabled: leadId !== null,
  });
}

function leadsChanged(client: QueryClient, lead?: Lead): void {
  void client.invalidateQueries({ queryKey: leadKeys.lists });
  if (lead) client.setQueryData(leadKeys.one(lead.id), lead);
}

export function useCreateLead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof LeadCreate>) => request('POST', '/api/v1/leads', Lead, { body }),
    onSuccess: (lead) => leadsChanged(client, lead),
  });
}

export function useUpdateLead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ leadId, body }: { leadId: string; body: z.input<typeof LeadPatch> }) => request('PATCH', `/api/v1/leads/${id(leadId)}`, Lead, { body }),
    onSuccess: (lead) => leadsChanged(client, lead),
  });
}

export function useDisqualifyLead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ leadId, body }: { leadId: string; body: z.input<typeof LeadDisqualify> }) =>
      request('POST', `/api/v1/leads/${id(leadId)}/disqualify`, Lead, { body }),
    onSuccess: (lead) => leadsChanged(client, lead),
  });
}

export function useReopenLead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ leadId, version }: { leadId: string; version: number }) => request('POST', `/api/v1/leads/${id(leadId)}/reopen`, Lead, { body: { version } }),
    onSuccess: (lead) => leadsChanged(client, lead),
  });
}

export function useDeleteLead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (leadId: string) => requestVoid('DELETE', `/api/v1/leads/${id(leadId)}`),
    onSuccess: () => leadsChanged(client),
  });
}

/** Conversion makes a customer, a contact and maybe an opportunity: all their lists change too. */
export function useConvertLead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ leadId, body }: { leadId: string; body: z.input<typeof LeadConvert> }) =>
      request('POST', `/api/v1/leads/${id(leadId)}/convert`, LeadConversion, { body }),
    onSuccess: (result) => {
      leadsChanged(client, result.lead);
      void client.invalidateQueries({ queryKey: keys.customers });
      void client.invalidateQueries({ queryKey: salesKeys.opportunities });
    },
  });
}

const Duplicates = z.object({ data: z.array(LeadDuplicate) });

/** Leads, customers and contacts that look like this one, each with who owns it. */
export function useLeadDuplicates(body: z.input<typeof LeadDuplicateCheck> | null) {
  return useQuery({
    queryKey: [...keys.leads, 'duplicates', body],
    queryFn: async ({ signal }) => (await request('POST', '/api/v1/leads/duplicates', Duplicates, { body, signal })).data,
    enabled: body !== null,
  });
}

export function useRerouteLeads() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof LeadReroute>) => request('POST', '/api/v1/leads/reroute', RerouteResult, { body }),
    onSuccess: () => leadsChanged(client),
  });
}

// ---- Settings: scoring, routing, web forms ----

export function useScoringSettings() {
  return useQuery({ queryKey: leadKeys.scoring, queryFn: ({ signal }) => request('GET', '/api/v1/lead-scoring', ScoringSettings, { signal }) });
}

/** Saving the rules rescores open leads in the background; the list refreshes as it goes. */
export function useSaveScoringSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof ScoringSettings>) => request('PUT', '/api/v1/lead-scoring', ScoringSettings, { body }),
    onSuccess: (saved) => {
      client.setQueryData(leadKeys.scoring, saved);
      leadsChanged(client);
    },
  });
}

export function useRoutingSettings() {
  return useQuery({ queryKey: leadKeys.routing, queryFn: ({ signal }) => request('GET', '/api/v1/lead-routing', RoutingSettings, { signal }) });
}

export function useSaveRoutingSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof RoutingSettings>) => request('PUT', '/api/v1/lead-routing', RoutingSettings, { body }),
    onSuccess: (saved) => client.setQueryData(leadKeys.routing, saved),
  });
}

const FormList = z.object({ data: z.array(LeadForm) });

export function useLeadForms() {
  return useQuery({ queryKey: leadKeys.forms, queryFn: async ({ signal }) => (await request('GET', '/api/v1/lead-forms', FormList, { signal })).data });
}

export function useCreateLeadForm() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof LeadFormCreate>) => request('POST', '/api/v1/lead-forms', LeadForm, { body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: leadKeys.forms }),
  });
}

export function useUpdateLeadForm() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ formId, body }: { formId: string; body: z.input<typeof LeadFormPatch> }) => request('PATCH', `/api/v1/lead-forms/${id(formId)}`, LeadForm, { body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: leadKeys.forms }),
  });
}

export function useDeleteLeadForm() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (formId: string) => requestVoid('DELETE', `/api/v1/lead-forms/${id(formId)}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: leadKeys.forms }),
  });
}
