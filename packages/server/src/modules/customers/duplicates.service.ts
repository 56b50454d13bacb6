// Probable duplicates (查重): customers sharing a normalized name, phone, email or credit code.
// Checked before saving, across the whole base: a rep learns that a customer exists and
// who owns it, but sees its record only within their scope.
import type { z } from 'zod';
import type { DuplicateCheck, DuplicateMatch } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { inScope, requirePermission, scopeFilter } from '../../platform/authz/index.js';
import { nameKey, normalizePhone } from '../../platform/text.js';
import { fromJson } from '../../platform/db/dialect.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { enqueue } from '../../platform/jobs.js';
import { getCustomers } from './service.js';
import { poolTeams, poolVisible } from './pools.service.js';

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
    .leftJoin('customerPools as pool', (j) => j.onRef('pool.id', '=', 'customers.poolId').on('pool.deletedAt', 'is', null))
    .select(['customers.id', 'customers.name', 'customers.ownerId', 'customers.teamId', 'owner.name as ownerName', 'customerMatchKeys.kind', 'pool.id as poolId', 'pool.teamId as poolTeamId'])
    .where('customers.deletedAt', 'is', null)
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('customerMatchKeys.kind', '=', k.kind), eb('customerMatchKeys.value', '=', k.value)]))))
    .$if(Boolean(input.excludeId), (q) => q.where('customers.id', '!=', input.excludeId!))
    .limit(100)
    .execute();
  const scope = await scopeFilter(ctx, 'customers');
  const teams = await poolTeams(ctx);
  const byId = new Map<string, DuplicateMatch>();
  for (const r of rows) {
    // One waiting in a pool the user may claim from is offered for claiming instead.
    const claimable = r.ownerId === null && r.poolId !== null && poolVisible(teams, { teamId: r.poolTeamId });
    const match = byId.get(r.id) ?? {
      id: inScope(scope, { ownerId: r.ownerId, teamId: r.teamId }) ? r.id : null,
      name: r.name,
      ownerName: r.ownerName,
      reasons: [],
      ...(claimable ? { poolId: r.poolId! } : {}),
    };
    if (!match.reasons.includes(r.kind)) match.reasons.push(r.kind);
    byId.set(r.id, match);
  }
  // Strong evidence (credit code, phone, email) before a name alone.
  const weight = (m: DuplicateMatch) => m.reasons.filter((x) => x !== 'name').length * 2 + m.reasons.length;
  return [...byId.values()].sort((a, b) => weight(b) - weight(a)).slice(0, 20);
}

// ---- duplicate clusters across the whole base ---------------------------------------------

/** Largest group kept: beyond this a shared key (a switchboard number, a common name) says little. */
const MAX_CLUSTER = 50;

/**
 * Groups customers that share any match key, transitively (union-find over the shared keys),
 * and replaces the stored clusters. Run by a nightly job and on demand.
 */
export async function computeDuplicateClusters(ctx: Ctx): Promise<number> {
  const shared = ctx.db
    .selectFrom('customerMatchKeys')
    .select(['kind', 'value'])
    .groupBy(['kind', 'value'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .as('shared');
  const rows = await ctx.db
    .selectFrom('customerMatchKeys as k')
    .innerJoin(shared, (j) => j.onRef('shared.kind', '=', 'k.kind').onRef('shared.value', '=', 'k.value'))
    .select(['k.kind', 'k.value', 'k.customerId'])
    .orderBy('k.kind')
    .orderBy('k.value')
    .execute();

  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let n = x; n !== root; ) {
      const next = parent.get(n)!;
      parent.set(n, root);
      n = next;
    }
    return root;
  };
  const byKey = new Map<string, string[]>();
  for (const r of rows) {
    if (!parent.has(r.customerId)) parent.set(r.customerId, r.customerId);
    const key = `${r.kind}\u0000${r.value}`;
    byKey.set(key, [...(byKey.get(key) ?? []), r.customerId]);
  }
  const reasons = new Map<string, Set<Kind>>();
  for (const [key, ids] of byKey) {
    const kind = key.split('\u0000')[0] as Kind;
    const [first, ...rest] = ids;
    for (const id of rest) {
      const a = find(first!);
      const b = find(id);
      if (a !== b) parent.set(b, a);
    }
    const root = find(first!);
    reasons.set(root, (reasons.get(root) ?? new Set()).add(kind));
  }
  const clusters = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    clusters.set(root, [...(clusters.get(root) ?? []), id]);
  }
  // Reasons were filed under roots that may have been merged later; gather them per final root.
  const finalReasons = new Map<string, Set<Kind>>();
  for (const [root, kinds] of reasons) {
    const r = find(root);
    finalReasons.set(r, new Set([...(finalReasons.get(r) ?? []), ...kinds]));
  }

  const now = ctx.now();
  const values = [...clusters]
    .filter(([, ids]) => ids.length >= 2 && ids.length <= MAX_CLUSTER)
    .map(([root, ids]) => {
      const sorted = ids.sort();
      return { id: sorted[0]!, customerIds: JSON.stringify(sorted), reasons: JSON.stringify([...(finalReasons.get(root) ?? [])].sort()), size: sorted.length, computedAt: now };
    });
  await ctx.tx(async (tx) => {
    await tx.db.deleteFrom('duplicateClusters').execute();
    for (let i = 0; i < values.length; i += 500) await tx.db.insertInto('duplicateClusters').values(values.slice(i, i + 500)).execute();
  });
  return values.length;
}

/** Clusters with at least two customers the actor can see, largest first. */
export async function listDuplicateClusters(ctx: Ctx, query: { limit: number; cursor?: string }) {
  requirePermission(ctx, 'customers:read');
  const after = decodeCursor(query.cursor, 2) as [number, string] | null;
  const rows = await ctx.db
    .selectFrom('duplicateClusters')
    .selectAll()
    .$if(after !== null, (q) => q.where((eb) => eb.or([eb('size', '<', after![0]), eb.and([eb('size', '=', after![0]), eb('id', '>', after![1])])])))
    .orderBy('size', 'desc')
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
  const page = toPage(rows, query.limit, (r) => [r.size, r.id], (r) => r);
  const ids = page.data.flatMap((r) => fromJson<string[]>(r.customerIds));
  const visible = new Map((await getCustomers(ctx, ids)).map((c) => [c.id, c]));
  const data = page.data
    .map((r) => ({
      id: r.id,
      reasons: fromJson<Kind[]>(r.reasons),
      customers: fromJson<string[]>(r.customerIds).flatMap((id) => visible.get(id) ?? []),
    }))
    .filter((c) => c.customers.length >= 2);
  const computed = await ctx.db.selectFrom('duplicateClusters').select((eb) => eb.fn.max('computedAt').as('at')).executeTakeFirst();
  const lastRun = await ctx.db.selectFrom('jobs').select((eb) => eb.fn.max('finishedAt').as('at')).where('kind', '=', DUPLICATES_JOB).where('status', '=', 'done').executeTakeFirst();
  return { data, nextCursor: page.nextCursor, computedAt: (computed?.at as string | null) ?? (lastRun?.at as string | null) ?? null };
}

export const DUPLICATES_JOB = 'customers.find_duplicates';

export async function refreshDuplicateClusters(ctx: Ctx): Promise<void> {
  requirePermission(ctx, 'customers:read');
  // However often people press the button, one run waits at a time.
  const waiting = await ctx.db.selectFrom('jobs').select('id').where('kind', '=', DUPLICATES_JOB).where('status', '=', 'queued').executeTakeFirst();
  if (!waiting) await enqueue(ctx, DUPLICATES_JOB, {});
}
