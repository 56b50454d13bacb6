// Session-side hooks: first-run setup, login/logout, the signed-in user (Me),
// the user's own profile, password and sessions.
import {
  LoginRequest,
  Me,
  MePatch,
  Page,
  PasswordChange,
  Session,
  SetupRequest,
  SetupStatus,
} from '@kehu/shared';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { isApiError, request, requestVoid, setCsrfToken } from './client';
import { keys } from './keys';

const SessionPage = Page(Session);

function rememberMe(client: QueryClient, me: Me): void {
  setCsrfToken(me.csrfToken);
  client.setQueryData(keys.me, me);
}

async function fetchMe(signal: AbortSignal): Promise<Me | null> {
  try {
    const me = await request('GET', '/api/v1/me', Me, { signal });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useSetupStatus() {
  return useQuery({
    queryKey: keys.setup,
    queryFn: ({ signal }) => request('GET', '/api/v1/setup', SetupStatus, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useSetup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.output<typeof SetupRequest>) => request('POST', '/api/v1/setup', Me, { body }),
    meta: { sessionCheck: false },
    onSuccess: (me) => {
      rememberMe(client, me);
      client.setQueryData(keys.setup, { needsSetup: false });
    },
  });
}

/** The signed-in user, or null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 5 * 60_000,
  });
}

/** Me for components that only render inside the auth guard. */
export function useCurrentMe(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentMe used outside the signed-in area');
  return data;
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.output<typeof LoginRequest>) => request('POST', '/api/v1/auth/login', Me, { body }),
    meta: { sessionCheck: false },
    onSuccess: (me) => {
      // Nothing cached for a previous user may survive into this session.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.setup[0] });
      rememberMe(client, me);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => requestVoid('POST', '/api/v1/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.setup[0] && q.queryKey[0] !== keys.me[0] });
      client.setQueryData(keys.me, null);
    },
  });
}

export function useUpdateMe() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof MePatch>) => request('PATCH', '/api/v1/me', Me, { body }),
    onSuccess: (me) => {
      rememberMe(client, me);
      void client.invalidateQueries({ queryKey: keys.users });
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: z.input<typeof PasswordChange>) => requestVoid('POST', '/api/v1/me/password', { body }),
  });
}

export function useSessions() {
  return useQuery({
    queryKey: keys.sessions,
    queryFn: ({ signal }) => request('GET', '/api/v1/sessions', SessionPage, { signal }),
  });
}

export function useRevokeSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => requestVoid('DELETE', `/api/v1/sessions/${encodeURIComponent(id)}`),
    onSettled: () => client.invalidateQueries({ queryKey: keys.sessions }),
  });
}
