// The global search (Ctrl+K) across every object the user may see.
import { SearchResult } from '@kehu/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { request } from './client';
import { keys } from './keys';

export const SEARCH_LIMIT = 20;

/** Hits for a search text, best first; nothing is asked for an empty text. */
export function useGlobalSearch(q: string) {
  return useQuery({
    queryKey: keys.search(q),
    queryFn: ({ signal }) => request('GET', '/api/v1/search', SearchResult, { query: { q, limit: SEARCH_LIMIT }, signal }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}
