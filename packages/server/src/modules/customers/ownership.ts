// Ownership protection (撞单保护): a customer that one rep works is not entered again by another.
// Candidates are matched by the duplicate match keys (normalized company name, phones, emails,
// credit code) against customers owned by someone other than the candidate's owner. Customers
// waiting in a pool are no conflict: the caller is told about them so it can suggest a claim.
import { can, requireActor } from '../../platform/authz/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import { normalizePhone } from '../../platform/text.js';
import { matchKeys } from './duplicates.service.js';
import { poolTeams, poolVisible } from './pools.service.js';

export interface OwnershipCandidate {
  /** A company's name, or a person's; a name alone ties only companies together (people share names). */
  name: string;
  type?: 'company' | 'individual';
  /** As typed; normalized here. */
  phones?: string[];
  emails?: string[];
  creditCode?: string | null;
  /** Who will own the new record; by default the actor. */
  ownerId?: string | null;
}

export interface ClaimSuggestion {
  customerId: string;
  name: string;
  poolId: string;
}

type Key = ReturnType<typeof matchKeys>[number];

interface Keyed {
  type: 'company' | 'individual';
  keys: Key[];
  ownerId: string | null;
}

interface Match {
  id: string;
  name: string;
  type: 'company' | 'individual';
  ownerId: string | null;
  ownerName: string | null;
  poolId: string | null;
  kind: Key['kind'];
  value: string;
}

/** Customers sharing any of the keys, one query per kind of key. */
async function matching(ctx: Ctx, keys: Key[]): Promise<Match[]> {
  const byKind = new Map<Key['kind'], Set<string>>();
  for (const k of keys) byKind.set(k.kind, (byKind.get(k.kind) ?? new Set()).add(k.value));
  const out: Match[] = [];
  for (const [kind, values] of byKind) {
    const rows = await ctx.db.selectFrom('customerMatchKeys')
      .innerJoin('customers', 'customers.id', 'customerMatchKeys.customerId')
      .leftJoin('users as owner', 'owner.id', 'customers.ownerId')
      .select(['customers.id', 'customers.name', 'customers.type', 'customers.ownerId', 'owner.name as ownerName', 'customers.poolId', 'customerMatchKeys.value'])
      .where('customerMatchKeys.kind', '=', kind).where('customerMatchKeys.value', 'in', [...values])
      .where('customers.deletedAt', 'is', null)
      .execute();
    out.push(...rows.map((r) => ({ ...r, kind })));
  }
  return out;
}

function relevant(candidate: Keyed, m: Match): boolean {
  if (!candidate.keys.some((k) => k.kind === m.kind && k.value === m.value)) return false;
  return m.kind !== 'name' || (candidate.type === 'company' && m.type === 'company');
}

function conflictError(m: Match): AppError {
  return new AppError('ownership_conflict', { name: m.name, owner: m.ownerName ?? '' });
}

/**
 * For many candidates at once (imports): the 撞单 error of each, or null when it may be
 * created. A match owned by the candidate's own owner is a plain duplicate, not a conflict.
 */
export async function ownershipConflicts(ctx: Ctx, candidates: Keyed[]): Promise<(AppError | null)[]> {
  const matches = await matching(ctx, candidates.flatMap((c) => c.keys));
  if (!matches.length) return candidates.map(() => null);
  return candidates.map((c) => {
    const taken = matches.find((m) => m.ownerId !== null && m.ownerId !== c.ownerId && relevant(c, m));
    return taken ? conflictError(taken) : null;
  });
}

export function keyed(candidate: OwnershipCandidate, actorId: string): Keyed {
  return {
    type: candidate.type ?? 'company',
    ownerId: candidate.ownerId === undefined ? actorId : candidate.ownerId,
    keys: matchKeys({
      name: candidate.name,
      phones: (candidate.phones ?? []).map((p) => normalizePhone(p)),
      emails: (candidate.emails ?? []).map((e) => e.trim().toLowerCase()),
      creditCode: candidate.creditCode ? candidate.creditCode.trim().toUpperCase() : null,
    }),
  };
}

/**
 * 撞单: throws 409 `ownership_conflict`, whose title names the customer and its owner, when the
 * candidate matches a customer owned by someone other than the candidate's owner — unless
 * `assign` is set by an actor holding customers:assign (a manager assigning it on purpose).
 * Resolves to the matching customers that wait without an owner in a pool the actor may claim
 * from: the caller can suggest claiming one of them instead of creating a duplicate.
 */
export async function assertNoOwnershipConflict(
  ctx: Ctx,
  candidate: OwnershipCandidate,
  opts: { assign?: boolean } = {},
): Promise<{ claimable: ClaimSuggestion[] }> {
  const actor = requireActor(ctx);
  const c = keyed(candidate, actor.userId);
  if (!c.keys.length) return { claimable: [] };
  const matches = (await matching(ctx, c.keys)).filter((m) => relevant(c, m));
  const taken = matches.find((m) => m.ownerId !== null && m.ownerId !== c.ownerId);
  if (taken && !(opts.assign && can(ctx, 'customers:assign'))) throw conflictError(taken);
  const teams = await poolTeams(ctx);
  const pools = new Map<string, string | null>();
  for (const m of matches) if (m.ownerId === null && m.poolId) pools.set(m.poolId, null);
  if (pools.size) {
    const rows = await ctx.db.selectFrom('customerPools').select(['id', 'teamId']).where('id', 'in', [...pools.keys()]).where('deletedAt', 'is', null).execute();
    for (const r of rows) pools.set(r.id, r.teamId ?? 'company');
  }
  const seen = new Set<string>();
  const claimable = matches.filter((m) => {
    const team = m.poolId ? pools.get(m.poolId) : null;
    if (m.ownerId !== null || !team || seen.has(m.id)) return false;
    seen.add(m.id);
    return poolVisible(teams, { teamId: team === 'company' ? null : team });
  });
  return { claimable: claimable.map((m) => ({ customerId: m.id, name: m.name, poolId: m.poolId! })) };
}
