// Query keys in one place, so a write knows exactly what it makes stale.
import type { CustomerListQuery, customerSorts, DuplicateCheck } from '@kehu/shared';
import type { z } from 'zod';

export interface UserFilter {
  q?: string;
  teamId?: string;
  status?: 'active' | 'disabled';
}

export interface AuditFilter {
  actorId?: string;
  objectType?: string;
  objectId?: string;
  action?: string;
  from?: string;
  to?: string;
}

/**
 * The customer list's search, filters, conditions and order (paging is added by the hook).
 * `where` is the conditions' JSON as the address and the API carry it; `sort` is a built-in
 * order or `custom.<key>` / `-custom.<key>`.
 */
export type CustomerFilter = Omit<z.input<typeof CustomerListQuery>, 'limit' | 'cursor' | 'where' | 'sort'> & {
  where?: string;
  sort?: (typeof customerSorts)[number] | `custom.${string}` | `-custom.${string}`;
};

export type DuplicateCheckBody = z.input<typeof DuplicateCheck>;

export const keys = {
  /** Every lead query (list, one lead, settings); activities logged on a lead make them stale. */
  leads: ['leads'] as const,
  setup: ['setup'] as const,
  me: ['me'] as const,
  sessions: ['sessions'] as const,
  organization: ['organization'] as const,
  users: ['users'] as const,
  userList: (filter: UserFilter) => ['users', 'list', filter] as const,
  user: (id: string) => ['users', 'detail', id] as const,
  teams: ['teams'] as const,
  roles: ['roles'] as const,
  role: (id: string) => ['roles', 'detail', id] as const,
  apiKeys: ['api-keys'] as const,
  audit: (filter: AuditFilter) => ['audit', filter] as const,
  userLookup: (q: string) => ['users', 'lookup', q] as const,
  customers: ['customers'] as const,
  customerLists: ['customers', 'list'] as const,
  customerList: (filter: CustomerFilter) => ['customers', 'list', filter] as const,
  customerCounts: ['customers', 'count'] as const,
  customerCount: (filter: CustomerFilter) => ['customers', 'count', filter] as const,
  customerRecycleBin: ['customers', 'deleted'] as const,
  customer: (id: string) => ['customers', 'detail', id] as const,
  customerHistory: (id: string) => ['customers', 'history', id] as const,
  contacts: (customerId: string) => ['customers', 'contacts', customerId] as const,
  customerDuplicates: (check: DuplicateCheckBody) => ['customers', 'duplicates', check] as const,
  duplicateClusters: ['customers', 'duplicate-clusters'] as const,
  picklists: ['picklists'] as const,
  search: (q: string) => ['search', q] as const,
};
