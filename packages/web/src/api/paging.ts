// Keyset-paged lists: every list endpoint answers { data, nextCursor } and takes
// the cursor back for the next page, so one set of query options serves them all.
import { Page } from '@kehu/shared';
import { infiniteQueryOptions, type QueryKey } from '@tanstack/react-query';
import type { z } from 'zod';
import { request, type QueryValue } from './client';

export const PAGE_SIZE = 50;

export function pagedQuery<T extends z.ZodType>(
  queryKey: QueryKey,
  path: string,
  item: T,
  query: Record<string, QueryValue> = {},
) {
  const schema = Page(item);
  return infiniteQueryOptions({
    queryKey,
    queryFn: ({ pageParam, signal }) =>
      request('GET', path, schema, { query: { ...query, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
