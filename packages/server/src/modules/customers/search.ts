// Customers and contacts in the global search, within the actor's record scope.
import { can, scopeFilter } from '../../platform/authz/index.js';
import { fromJson } from '../../platform/db/dialect.js';
import { matchScore, registerSearchProvider } from '../../platform/search.js';
import type { NormalizedPhone } from '../../platform/text.js';
import * as repo from './repository.js';

registerSearchProvider('customers', async (ctx, q, limit) => {
  if (!can(ctx, 'customers:read')) return [];
  const scope = await scopeFilter(ctx, 'customers');
  const sort = { key: 'updatedAt' as const, desc: true };
  const [customers, contacts] = await Promise.all([
    repo.listCustomers(ctx.db, ctx.platform.dialect, scope, { q, sort, after: null, limit }),
    repo.listContactsWithCustomer(ctx.db, scope, { q, limit }),
  ]);
  return [
    ...customers.map((c) => ({
      type: 'customer' as const,
      id: c.id,
      title: c.name,
      subtitle: [c.shortName, fromJson<NormalizedPhone[]>(c.phones)[0]?.number, c.city].filter(Boolean).join(' · ') || null,
      customerId: c.id,
      score: Math.max(matchScore(c.name, q), c.shortName ? matchScore(c.shortName, q) : 0) + 1,
    })),
    ...contacts.map((c) => ({
      type: 'contact' as const,
      id: c.id,
      title: c.name,
      subtitle: [c.customerName, c.title, fromJson<NormalizedPhone[]>(c.phones)[0]?.number].filter(Boolean).join(' · ') || null,
      customerId: c.customerId,
      score: matchScore(c.name, q),
    })),
  ];
});
