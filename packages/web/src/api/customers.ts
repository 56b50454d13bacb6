// Customers area hooks: customers (list, 360 record, create, edit, delete, merge),
// their change history, their contacts, and the duplicate clusters found across the base.
import {
  AuditEvent,
  Contact,
  ContactCreate,
  ContactPatch,
  Customer,
  CustomerBulkAction,
  CustomerBulkResult,
  CustomerCount,
  CustomerCreate,
  CustomerMerge,
  CustomerMergeResult,
  CustomerPatch,
  DuplicateClusterPage,
  DuplicateMatch,
} from '@kehu/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { timelineKeys } from './activities';
import { buildUrl, request, requestVoid } from './client';
import { keys, type CustomerFilter, type DuplicateCheckBody } from './keys';
import { pagedQuery } from './paging';

const id = (value: string) => encodeURIComponent(value);

export function useCustomers(filter: CustomerFilter) {
  return useInfiniteQuery(pagedQuery(keys.customerList(filter), '/api/v1/customers', Customer, filter));
}

/** How many customers the list's current filters match, across all pages. */
export function useCustomerCount(filter: CustomerFilter) {
  return useQuery({
    queryKey: keys.customerCount(filter),
    queryFn: ({ signal }) => request('GET', '/api/v1/customers/count', CustomerCount, { query: filter, signal }),
  });
}

export type CustomerBulkBody = z.input<typeof CustomerBulkAction>;
export type CustomerBulkOutcome = z.output<typeof CustomerBulkResult>;

/** One change to many customers; each succeeds or fails on its own, then every list is stale. */
export function useBulkCustomers() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomerBulkBody) => request('POST', '/api/v1/customers/bulk', CustomerBulkResult, { body }),
    onSuccess: (_result, body) => {
      for (const customerId of body.ids) void client.invalidateQueries({ queryKey: keys.customer(customerId) });
      void client.invalidateQueries({ queryKey: keys.customerLists });
      void client.invalidateQueries({ queryKey: keys.customerCounts });
      if (body.action === 'delete') void client.invalidateQueries({ queryKey: keys.customerRecycleBin });
    },
  });
}

/** The recycle bin: deleted customers, newest first. */
export function useDeletedCustomers() {
  return useInfiniteQuery(pagedQuery(keys.customerRecycleBin, '/api/v1/customers/deleted', Customer));
}

export function useRestoreCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (customerId: string) => request('POST', `/api/v1/customers/${id(customerId)}/restore`, Customer),
    onSuccess: (customer) => {
      void client.invalidateQueries({ queryKey: keys.customerRecycleBin });
      customerSaved(client, customer);
    },
  });
}

/** Where the list's current filters, sort and columns download as a file; the session cookie authenticates the GET. */
export function customerExportUrl(filter: CustomerFilter, format: 'csv' | 'xlsx', columns: string[] = []): string {
  return buildUrl('/api/v1/customers/export', { ...filter, format, columns: columns.join(',') || undefined });
}

const DuplicateMatches = z.object({ data: z.array(DuplicateMatch) });

/** Customers that look like the one being entered; asks only once there is a check to make. */
export function useCustomerDuplicates(check: DuplicateCheckBody | null) {
  return useQuery({
    queryKey: keys.customerDuplicates(check ?? { name: '' }),
    queryFn: ({ signal }) => request('POST', '/api/v1/customers/duplicates', DuplicateMatches, { body: check, signal }),
    enabled: check !== null,
    staleTime: 30_000,
  });
}

/** Groups of customers the duplicate job found, largest first, with when it last ran. */
export function useDuplicateClusters() {
  return useInfiniteQuery({
    queryKey: keys.duplicateClusters,
    queryFn: ({ pageParam, signal }) =>
      request('GET', '/api/v1/customers/duplicate-clusters', DuplicateClusterPage, { query: { limit: 20, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Asks the server to look for duplicates again; the job runs in the background, so the caller polls. */
export function useRefreshDuplicateClusters() {
  return useMutation({
    mutationFn: () => request('POST', '/api/v1/customers/duplicate-clusters/refresh', z.object({ queued: z.boolean() })),
  });
}

export type CustomerMergeBody = z.input<typeof CustomerMerge>;

/** Merges the duplicate into the survivor: the survivor is saved, the duplicate leaves every list. */
export function useMergeCustomers() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomerMergeBody) => request('POST', '/api/v1/customers/merge', CustomerMergeResult, { body }),
    onSuccess: ({ customer }, body) => {
      client.removeQueries({ queryKey: keys.customer(body.duplicateId) });
      customerSaved(client, customer);
      void client.invalidateQueries({ queryKey: keys.contacts(customer.id) });
      void client.invalidateQueries({ queryKey: keys.duplicateClusters });
      void client.invalidateQueries({ queryKey: keys.customerRecycleBin });
    },
  });
}

export function useCustomer(customerId: string) {
  return useQuery({
    queryKey: keys.customer(customerId),
    queryFn: ({ signal }) => request('GET', `/api/v1/customers/${id(customerId)}`, Customer, { signal }),
  });
}

/** A saved customer: the record itself, every list it may appear in, its history and timeline. */
function customerSaved(client: QueryClient, customer: Customer): void {
  client.setQueryData(keys.customer(customer.id), customer);
  void client.invalidateQueries({ queryKey: keys.customerLists });
  void client.invalidateQueries({ queryKey: keys.customerCounts });
  void client.invalidateQueries({ queryKey: keys.customerHistory(customer.id) });
  void client.invalidateQueries({ queryKey: timelineKeys.customer(customer.id) });
}

export function useCreateCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof CustomerCreate>) => request('POST', '/api/v1/customers', Customer, { body }),
    onSuccess: (customer) => customerSaved(client, customer),
  });
}

export function useUpdateCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ customerId, body }: { customerId: string; body: z.input<typeof CustomerPatch> }) =>
      request('PATCH', `/api/v1/customers/${id(customerId)}`, Customer, { body }),
    onSuccess: (customer) => customerSaved(client, customer),
  });
}

export function useDeleteCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (customerId: string) => requestVoid('DELETE', `/api/v1/customers/${id(customerId)}`),
    onSuccess: (_result, customerId) => {
      client.removeQueries({ queryKey: keys.customer(customerId) });
      void client.invalidateQueries({ queryKey: keys.customers });
    },
  });
}

export function useCustomerHistory(customerId: string) {
  return useInfiniteQuery(
    pagedQuery(keys.customerHistory(customerId), `/api/v1/customers/${id(customerId)}/history`, AuditEvent),
  );
}

/** A customer's contacts; none asked for while there is no customer (an activity with a lead). */
export function useContacts(customerId: string | null) {
  return useInfiniteQuery({ ...pagedQuery(keys.contacts(customerId ?? ''), '/api/v1/contacts', Contact, { customerId }), enabled: customerId !== null });
}

/** A contact changed: its list (another may have lost the primary star), the customer's count, history and timeline. */
function contactsChanged(client: QueryClient, customerId: string): void {
  void client.invalidateQueries({ queryKey: keys.contacts(customerId) });
  void client.invalidateQueries({ queryKey: keys.customer(customerId) });
  void client.invalidateQueries({ queryKey: keys.customerHistory(customerId) });
  void client.invalidateQueries({ queryKey: timelineKeys.customer(customerId) });
}

export function useCreateContact() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof ContactCreate>) => request('POST', '/api/v1/contacts', Contact, { body }),
    onSuccess: (contact) => contactsChanged(client, contact.customerId),
  });
}

export function useUpdateContact() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ contactId, body }: { contactId: string; body: z.input<typeof ContactPatch> }) =>
      request('PATCH', `/api/v1/contacts/${id(contactId)}`, Contact, { body }),
    onSuccess: (contact) => contactsChanged(client, contact.customerId),
  });
}

export function useDeleteContact() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (contact: Contact) => requestVoid('DELETE', `/api/v1/contacts/${id(contact.id)}`),
    onSuccess: (_result, contact) => contactsChanged(client, contact.customerId),
  });
}
