// Customers and contacts in the global search, within the actor's record scope.
import { can, scopeFilter } from '../../platform/authz/index.js';
import { fromJson } from '../../platform/db/dialect.js';
import { matchScore, registerSearchProvider } from '../../platform/search.js';
import type { NormalizedPhone } from '../../platform/text.js';
import * as repo from './repository.js';

/** A global search reads at most this many of the newest index matches per object; names starting with the query are always read. */
const searchCap = 200;

registerSearchProvider('customers', async (ctx, q, limit) => {
  if (!can(ctx, 'customers:read')) return [];
  const scope = await scopeFilter(ctx, 'customers');
  const sort = { key: 'updatedAt' as const, desc: true };
  const { dialect } = ctx.platform;
  const [named, found, contacts] = await Promise.all([
    repo.customersNamedFrom(ctx.db, scope, q, limit),
    repo.listCustomers(ctx.db, dialect, scope, { q, sort, after: null, limit, searchCap }),
    repo.listContactsWithCustomer(ctx.db, dialect, scope, { q, limit, searchCap }),
  ]);
  const customers = new Map([...found, ...named].map((c) => [c.id, c]));
  return [
    ...[...customers.values()].map((c) => ({
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
