// Contract of the global search (Ctrl+K) across every searchable object.
import { z } from 'zod';
import { Id } from './common.js';

export const SearchQuery = z.object({
  q: z.string().trim().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const SearchHit = z.object({
  type: z.enum(['customer', 'contact']),
  id: Id,
  title: z.string(),
  subtitle: z.string().nullable(),
  /** Where the hit opens: the customer's 360 view for a customer or contact. */
  customerId: Id.nullable(),
  score: z.number(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResult = z.object({ data: z.array(SearchHit) });
