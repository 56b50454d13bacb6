// Global search: each module registers a provider for its objects; the results are
// merged and ranked best first. Providers apply record scope themselves.
import type { SearchHit } from '@kehu/shared';
import { SearchQuery, SearchResult } from '@kehu/shared';
import type { KehuApp } from '../app.js';
import type { Ctx } from './context.js';
import { pinyinForms, toHalfWidth } from './text.js';

export type SearchProvider = (ctx: Ctx, q: string, limit: number) => Promise<SearchHit[]>;
const providers = new Map<string, SearchProvider>();

export function registerSearchProvider(name: string, provider: SearchProvider): void {
  providers.set(name, provider);
}

/** How well a title matches: whole name, start, substring, pinyin, then anything else (a phone, an email). */
export function matchScore(title: string, q: string): number {
  const t = toHalfWidth(title).toLowerCase();
  const query = toHalfWidth(q).toLowerCase();
  if (t === query) return 100;
  if (t.startsWith(query)) return 80;
  if (t.includes(query)) return 60;
  const [full, initials] = pinyinForms(t);
  if (initials === query || full === query) return 50;
  if (initials?.startsWith(query) || full?.startsWith(query)) return 40;
  return 20;
}

export async function searchAll(ctx: Ctx, q: string, limit: number): Promise<SearchHit[]> {
  const results = await Promise.all([...providers.values()].map((p) => p(ctx, q, limit)));
  return results
    .flat()
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title, 'zh-CN'))
    .slice(0, limit);
}

export function searchRoutes(app: KehuApp): void {
  app.get('/api/v1/search', { schema: { tags: ['search'], querystring: SearchQuery, response: { 200: SearchResult } } },
    async (req) => ({ data: await searchAll(req.ctx, req.query.q, req.query.limit) }));
}
