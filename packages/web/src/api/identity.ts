// Administration hooks: organization, users, teams, roles, API keys, audit log.
import {
  ApiKey,
  ApiKeyCreate,
  ApiKeyCreated,
  AuditEvent,
  Organization,
  OrganizationPatch,
  Page,
  Role,
  RoleCreate,
  RolePatch,
  Team,
  TeamCreate,
  TeamPatch,
  User,
  UserCreate,
  UserPatch,
  type Me,
  UserLookup,
} from '@kehu/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { request, requestVoid } from './client';
import { keys, type AuditFilter, type UserFilter } from './keys';
import { pagedQuery } from './paging';

const TeamPage = Page(Team);
const RolePage = Page(Role);
// Names of active users for pickers (owner, assignee); any signed-in user may ask.
const LOOKUP_SIZE = 20;

const id = (value: string) => encodeURIComponent(value);

export function useOrganization() {
  return useQuery({
    queryKey: keys.organization,
    queryFn: ({ signal }) => request('GET', '/api/v1/organization', Organization, { signal }),
  });
}

export function useUpdateOrganization() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof OrganizationPatch>) =>
      request('PATCH', '/api/v1/organization', Organization, { body }),
    onSuccess: (organization) => {
      client.setQueryData(keys.organization, organization);
      client.setQueryData<Me | null>(keys.me, (me) => (me ? { ...me, organization } : me));
    },
  });
}

export function useUsers(filter: UserFilter) {
  return useInfiniteQuery(pagedQuery(keys.userList(filter), '/api/v1/users', User, { ...filter }));
}

export function useUserLookup(q: string) {
  return useQuery({
    queryKey: keys.userLookup(q),
    queryFn: ({ signal }) =>
      request('GET', '/api/v1/users/lookup', UserLookup, { query: { q, limit: LOOKUP_SIZE }, signal }),
    select: (page) => page.data,
    staleTime: 60_000,
  });
}

export function useUser(userId: string | null) {
  return useQuery({
    queryKey: keys.user(userId ?? ''),
    queryFn: ({ signal }) => request('GET', `/api/v1/users/${id(userId ?? '')}`, User, { signal }),
    enabled: userId !== null,
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.output<typeof UserCreate>) => request('POST', '/api/v1/users', User, { body }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.users });
      void client.invalidateQueries({ queryKey: keys.teams });
      void client.invalidateQueries({ queryKey: keys.roles });
    },
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, body }: { userId: string; body: z.input<typeof UserPatch> }) =>
      request('PATCH', `/api/v1/users/${id(userId)}`, User, { body }),
    onSuccess: (user) => {
      client.setQueryData(keys.user(user.id), user);
      void client.invalidateQueries({ queryKey: keys.users });
      void client.invalidateQueries({ queryKey: keys.teams });
      void client.invalidateQueries({ queryKey: keys.roles });
      const me = client.getQueryData<Me | null>(keys.me);
      if (me?.user.id === user.id) void client.invalidateQueries({ queryKey: keys.me });
    },
  });
}

export function useTeams(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.teams,
    queryFn: ({ signal }) => request('GET', '/api/v1/teams', TeamPage, { signal }),
    select: (page) => page.data,
    enabled: options.enabled ?? true,
  });
}

export function useCreateTeam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof TeamCreate>) => request('POST', '/api/v1/teams', Team, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.teams }),
  });
}

export function useUpdateTeam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ teamId, body }: { teamId: string; body: z.input<typeof TeamPatch> }) =>
      request('PATCH', `/api/v1/teams/${id(teamId)}`, Team, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.teams }),
  });
}

export function useRoles(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.roles,
    queryFn: ({ signal }) => request('GET', '/api/v1/roles', RolePage, { signal }),
    select: (page) => page.data,
    enabled: options.enabled ?? true,
  });
}

export function useRole(roleId: string | null) {
  return useQuery({
    queryKey: keys.role(roleId ?? ''),
    queryFn: ({ signal }) => request('GET', `/api/v1/roles/${id(roleId ?? '')}`, Role, { signal }),
    enabled: roleId !== null,
  });
}

export function useCreateRole() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof RoleCreate>) => request('POST', '/api/v1/roles', Role, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.roles }),
  });
}

export function useUpdateRole() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ roleId, body }: { roleId: string; body: z.input<typeof RolePatch> }) =>
      request('PATCH', `/api/v1/roles/${id(roleId)}`, Role, { body }),
    onSuccess: (role) => {
      client.setQueryData(keys.role(role.id), role);
      void client.invalidateQueries({ queryKey: keys.roles, exact: true });
      // The signed-in user may hold this role, so their permissions may have changed.
      void client.invalidateQueries({ queryKey: keys.me });
    },
  });
}

export function useApiKeys() {
  return useInfiniteQuery(pagedQuery(keys.apiKeys, '/api/v1/api-keys', ApiKey));
}

export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof ApiKeyCreate>) => request('POST', '/api/v1/api-keys', ApiKeyCreated, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.apiKeys }),
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) => requestVoid('DELETE', `/api/v1/api-keys/${id(keyId)}`),
    onSettled: () => client.invalidateQueries({ queryKey: keys.apiKeys }),
  });
}

export function useAuditEvents(filter: AuditFilter, options: { enabled?: boolean } = {}) {
  return useInfiniteQuery({
    ...pagedQuery(keys.audit(filter), '/api/v1/audit-events', AuditEvent, { ...filter }),
    enabled: options.enabled ?? true,
  });
}
