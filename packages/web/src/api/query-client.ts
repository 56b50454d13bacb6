// Shared TanStack Query client: retries only what may succeed on retry, and a
// 401 anywhere makes the app re-check the session (which sends the user to login).
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './client';
import { keys } from './keys';

function onError(error: unknown, key: readonly unknown[] | undefined): void {
  if (!isApiError(error) || key?.[0] === keys.me[0]) return;
  // A lost session, or a CSRF token from a session replaced in another tab: re-read Me.
  if (error.status === 401 || error.code === 'auth.csrf_failed') {
    void queryClient.invalidateQueries({ queryKey: keys.me });
  }
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onError(error, query.queryKey) }),
  mutationCache: new MutationCache({
    // Sign-in and setup answer 401 for a wrong password; that says nothing about a session.
    onError: (error, _variables, _result, mutation) => {
      if (mutation.meta?.sessionCheck !== false) onError(error, undefined);
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (failures, error) => {
        if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
        return failures < 2;
      },
    },
    mutations: { retry: false },
  },
});
