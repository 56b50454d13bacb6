// Probable duplicates (查重): customers sharing a normalized name, phone, email or credit code.
// Checked before saving, across the whole base: a rep learns that a customer exists and
// who owns it, but sees its record only within their scope.
import type { z } from 'zod';
import type { DuplicateCheck, DuplicateMatch } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { inScope, requirePermission, scopeFilter } from '../../platform/authz/index.js';
import { nameKey, normalizePhone } from '../../platform/text.js';

type Kind = 'name' | 'phone' | 'email' | 'credit_code';

export interface MatchSource {
  name: string;
  phones: { e164: string | null }[];
  emails: string[];
  creditCode: string | null;
}

export function matchKeys(c: MatchSource): { kind: Kind; value: string }[] {
  const keys: { kind: Kind; value: string }[] = [];
  const name = nameKey(c.name);
  if (name.length >= 2) keys.push({ kind: 'name', value: name });
  for (const p of c.phones) if (p.e164) keys.push({ kind: 'phone', value: p.e164 });
  for (const e of c.emails) keys.push({ kind: 'email', value: e.toLowerCase() });
  if (c.creditCode) keys.push({ kind: 'credit_code', value: c.creditCode });
  const seen = new Set<string>();
  return keys.filter((k) => !seen.has(`${k.kind}:${k.value}`) && seen.add(`${k.kind}:${k.value}`));
}

/** Rewrites a customer's match keys; called in the transaction of every customer write. */
export async function saveMatchKeys(ctx: Ctx, customerId: string, c: MatchSource | null): Promise<void> {
  await ctx.db.deleteFrom('customerMatchKeys').where('customerId', '=', customerId).execute();
  const keys = c ? matchKeys(c) : [];
  if (keys.length) await ctx.db.insertInto('customerMatchKeys').values(keys.map((k) => ({ ...k, customerId }))).execute();
}

export async function findDuplicates(ctx: Ctx, input: z.output<typeof DuplicateCheck>): Promise<DuplicateMatch[]> {
  requirePermission(ctx, 'customers:read');
  const keys = matchKeys({
    name: input.name,
    phones: (input.phones ?? []).map((p) => normalizePhone(p)),
    emails: input.emails ?? [],
    creditCode: input.creditCode ?? null,
  });
  if (!keys.length) return [];
  const rows = await ctx.db
    .selectFrom('customerMatchKeys')
    .innerJoin('customers', 'customers.id', 'customerMatchKeys.customerId')
    .leftJoin('users as owner', 'owner.id', 'customers.ownerId')
    .select(['customers.id', 'customers.name', 'customers.ownerId', 'customers.teamId', 'owner.name as ownerName', 'customerMatchKeys.kind'])
    .where('customers.deletedAt', 'is', null)
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('customerMatchKeys.kind', '=', k.kind), eb('customerMatchKeys.value', '=', k.value)]))))
    .$if(Boolean(input.excludeId), (q) => q.where('customers.id', '!=', input.excludeId!))
    .limit(100)
    .execute();
  const scope = await scopeFilter(ctx, 'customers');
  const byId = new Map<string, DuplicateMatch>();
  for (const r of rows) {
    const match = byId.get(r.id) ?? {
      id: inScope(scope, { ownerId: r.ownerId, teamId: r.teamId }) ? r.id : null,
      name: r.name,
      ownerName: r.ownerName,
      reasons: [],
    };
    if (!match.reasons.includes(r.kind)) match.reasons.push(r.kind);
    byId.set(r.id, match);
  }
  // Strong evidence (credit code, phone, email) before a name alone.
  const weight = (m: DuplicateMatch) => m.reasons.filter((x) => x !== 'name').length * 2 + m.reasons.length;
  return [...byId.values()].sort((a, b) => weight(b) - weight(a)).slice(0, 20);
}
