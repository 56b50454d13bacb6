// Customer pool (公海) hooks: the pools and their rules, the customers waiting in one, and
// claiming, assigning and releasing customers (each refused one comes back with its reason).
import { CustomerPool, CustomerPoolCreate, CustomerPoolPatch, PoolAssign, PoolBatchResult, PoolCustomer, PoolRelease } from '@kehu/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { request, requestVoid } from './client';
import { keys } from './keys';
import { pagedQuery } from './paging';

const id = (value: string) => encodeURIComponent(value);

export const poolKeys = {
  all: ['customer-pools'] as const,
  list: ['customer-pools', 'list'] as const,
  waiting: (poolId: string, q: string) => ['customer-pools', 'waiting', poolId, q] as const,
};

const PoolList = z.object({ data: z.array(CustomerPool) });

/** The pools the user may work, the default first, each with how many more they may claim from it. */
export function useCustomerPools() {
  return useQuery({
    queryKey: poolKeys.list,
    queryFn: async ({ signal }) => (await request('GET', '/api/v1/customer-pools', PoolList, { signal })).data,
  });
}

/** Customers waiting in a pool, most recently returned first, narrowed by a search. */
export function usePoolCustomers(poolId: string | null, q: string) {
  return useInfiniteQuery({
    ...pagedQuery(poolKeys.waiting(poolId ?? '', q), `/api/v1/customer-pools/${id(poolId ?? '')}/customers`, PoolCustomer, { q }),
    enabled: poolId !== null,
  });
}

/** Owners changed: the pools' counts and quotas, the waiting lists, and every customer list. */
function ownersChanged(client: QueryClient, customerIds: string[]): void {
  void client.invalidateQueries({ queryKey: poolKeys.all });
  void client.invalidateQueries({ queryKey: keys.customerLists });
  void client.invalidateQueries({ queryKey: keys.customerCounts });
  for (const customerId of customerIds) {
    void client.invalidateQueries({ queryKey: keys.customer(customerId) });
    void client.invalidateQueries({ queryKey: keys.customerHistory(customerId) });
  }
}

export function useClaimCustomers() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ poolId, customerIds }: { poolId: string; customerIds: string[] }) =>
      request('POST', `/api/v1/customer-pools/${id(poolId)}/claim`, PoolBatchResult, { body: { customerIds } }),
    onSuccess: (result) => ownersChanged(client, result.done.map((d) => d.id)),
  });
}

export function useAssignFromPool() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ poolId, ...body }: z.input<typeof PoolAssign> & { poolId: string }) =>
      request('POST', `/api/v1/customer-pools/${id(poolId)}/assign`, PoolBatchResult, { body }),
    onSuccess: (result) => ownersChanged(client, result.done.map((d) => d.id)),
  });
}

export function useReleaseCustomers() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof PoolRelease>) => request('POST', '/api/v1/customers/release', PoolBatchResult, { body }),
    onSuccess: (result) => ownersChanged(client, result.done.map((d) => d.id)),
  });
}

export function useCreateCustomerPool() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof CustomerPoolCreate>) => request('POST', '/api/v1/customer-pools', CustomerPool, { body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: poolKeys.all }),
  });
}

export function useUpdateCustomerPool() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ poolId, body }: { poolId: string; body: z.input<typeof CustomerPoolPatch> }) =>
      request('PATCH', `/api/v1/customer-pools/${id(poolId)}`, CustomerPool, { body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: poolKeys.all }),
  });
}

export function useDeleteCustomerPool() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (poolId: string) => requestVoid('DELETE', `/api/v1/customer-pools/${id(poolId)}`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: poolKeys.all });
      void client.invalidateQueries({ queryKey: keys.customers });
    },
  });
}
