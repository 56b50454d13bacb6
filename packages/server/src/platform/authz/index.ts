// Authorization: permission checks, record-scope filters applied in SQL, and field masking.
import type { Permission, ScopedObject } from '@kehu/shared';
import { memoized, type Ctx } from '../context.js';
import { errors } from '../http/errors.js';
import type { Actor } from './actor.js';

export type { Actor } from './actor.js';

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw errors.unauthenticated();
  return ctx.actor;
}

export function can(ctx: Ctx, permission: Permission): boolean {
  return ctx.actor?.permissions.has(permission) ?? false;
}

/** Throws 401 without an actor and 403 without the permission. */
export function requirePermission(ctx: Ctx, permission: Permission): Actor {
  const actor = requireActor(ctx);
  if (!actor.permissions.has(permission)) throw errors.forbidden();
  return actor;
}

/** What part of an object's records the actor may see, ready to turn into a WHERE clause. */
export type ScopeFilter =
  | { kind: 'all' }
  | { kind: 'team'; userId: string; teamIds: string[] }
  | { kind: 'own'; userId: string };

/** A team and every team below it in the department tree. */
export async function teamSubtree(ctx: Ctx, teamId: string): Promise<string[]> {
  const teams = await ctx.db.selectFrom('teams').select(['id', 'parentId']).execute();
  const children = new Map<string, string[]>();
  for (const t of teams) {
    if (t.parentId) children.set(t.parentId, [...(children.get(t.parentId) ?? []), t.id]);
  }
  const result: string[] = [];
  const stack = [teamId];
  while (stack.length) {
    const id = stack.pop()!;
    if (result.includes(id)) continue;
    result.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return result;
}

export async function scopeFilter(ctx: Ctx, object: ScopedObject): Promise<ScopeFilter> {
  const actor = requireActor(ctx);
  const scope = actor.isAdmin ? 'all' : (actor.scopes[object] ?? 'own');
  if (scope === 'all') return { kind: 'all' };
  if (scope === 'team' && actor.teamId) {
    const teamId = actor.teamId;
    return { kind: 'team', userId: actor.userId, teamIds: await memoized(ctx, `teamSubtree:${teamId}`, () => teamSubtree(ctx, teamId)) };
  }
  return { kind: 'own', userId: actor.userId };
}

/** For code that already holds a record: may the actor see it under the scope? */
export function inScope(filter: ScopeFilter, record: { ownerId: string | null; teamId: string | null }): boolean {
  if (filter.kind === 'all') return true;
  if (record.ownerId === filter.userId) return true;
  return filter.kind === 'team' && record.teamId !== null && filter.teamIds.includes(record.teamId);
}

/** 138****1234 style: keeps a short head and tail, hides the middle. */
export function maskValue(value: string | null): string | null {
  if (value === null || value === '') return value;
  const chars = [...value];
  if (chars.length <= 4) return '*'.repeat(chars.length);
  const head = chars.length >= 11 ? 3 : 1;
  const tail = chars.length >= 8 ? 4 : 2;
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(-tail).join('');
}

/** Masks the named fields unless the actor holds the permission that reveals them. */
export function maskFields<T extends Record<string, unknown>>(ctx: Ctx, record: T, fields: (keyof T)[], reveal: Permission = 'pii:read'): T {
  if (can(ctx, reveal)) return record;
  const copy = { ...record };
  for (const f of fields) {
    const v = copy[f];
    if (typeof v === 'string') copy[f] = maskValue(v) as T[keyof T];
  }
  return copy;
}
