// Resolves a request's credentials (session cookie or API key) to an Actor.
import { allPermissions, builtinRoles, type Locale, type RecordScope, type ScopedObject } from '@kehu/shared';
import type { Ctx, Executor } from '../context.js';
import type { Actor } from '../authz/actor.js';
import { widestScope } from '../authz/actor.js';
import { hashToken } from '../crypto.js';
import { fromJson } from '../db/dialect.js';
import { MINUTE } from '../clock.js';

export const SESSION_COOKIE = 'kehu_session';
export const CSRF_COOKIE = 'kehu_csrf';
export const SESSION_IDLE_MS = 7 * 24 * 60 * MINUTE;
/** Last-seen times are written at most this often, so reads stay reads. */
const TOUCH_EVERY_MS = MINUTE;

export interface Credentials {
  sessionToken?: string;
  apiKey?: string;
}

/** How the actor came in; a background job acts for the user who started it, with their rights as they are now. */
type Via = { kind: 'session'; sessionId: string } | { kind: 'api_key'; apiKeyId: string; scopes: string[] } | { kind: 'job' };

interface ActorRow {
  id: string;
  name: string;
  email: string;
  teamId: string | null;
  status: string;
  locale: string | null;
  roleKey: string | null;
  rolePermissions: unknown;
  roleScopes: unknown;
}

/** Users joined with their roles: one row per role (or one row with null role columns). */
function actorRows(db: Executor) {
  return db
    .selectFrom('users')
    .leftJoin('userRoles', 'userRoles.userId', 'users.id')
    .leftJoin('roles', 'roles.id', 'userRoles.roleId')
    .select([
      'users.id', 'users.name', 'users.email', 'users.teamId', 'users.status', 'users.locale',
      'roles.key as roleKey', 'roles.permissions as rolePermissions', 'roles.scopes as roleScopes',
    ]);
}

/** Builds the actor of an active user from their roles, narrowed by an API key's scopes. */
function toActor(rows: ActorRow[], via: Via): Actor | null {
  const user = rows[0];
  if (!user || user.status !== 'active') return null;
  const roles = rows.filter((r) => r.rolePermissions !== null);
  const isAdmin = roles.some((r) => r.roleKey === 'admin');
  let permissions = new Set<string>(isAdmin ? allPermissions : roles.flatMap((r) => fromJson<string[]>(r.rolePermissions)));
  const scopes: Partial<Record<ScopedObject, RecordScope>> = isAdmin ? { ...builtinRoles.admin.scopes } : {};
  if (!isAdmin) {
    for (const r of roles) {
      for (const [object, scope] of Object.entries(fromJson<Record<string, RecordScope>>(r.roleScopes))) {
        const key = object as ScopedObject;
        scopes[key] = widestScope(scopes[key], scope);
      }
    }
  }
  if (via.kind === 'api_key' && via.scopes.length) {
    permissions = new Set([...permissions].filter((p) => via.scopes.includes(p)));
  }
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    teamId: user.teamId,
    isAdmin,
    locale: (user.locale as Locale | null) ?? null,
    permissions,
    scopes,
    via: via.kind,
    sessionId: via.kind === 'session' ? via.sessionId : null,
    apiKeyId: via.kind === 'api_key' ? via.apiKeyId : null,
  };
}

export async function loadActor(db: Executor, userId: string, via: Via): Promise<Actor | null> {
  return toActor(await actorRows(db).where('users.id', '=', userId).execute(), via);
}

export interface Authenticated {
  actor: Actor;
  csrfToken: string | null;
}

export async function authenticate(ctx: Ctx, creds: Credentials): Promise<Authenticated | null> {
  const now = ctx.platform.clock.now();
  const nowIso = now.toISOString();
  if (creds.apiKey) {
    const key = await ctx.db
      .selectFrom('apiKeys')
      .select(['id', 'userId', 'scopes', 'lastUsedAt'])
      .where('keyHash', '=', hashToken(creds.apiKey))
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
    if (!key) return null;
    const actor = await loadActor(ctx.db, key.userId, { kind: 'api_key', apiKeyId: key.id, scopes: fromJson<string[]>(key.scopes) });
    if (!actor) return null;
    if (!key.lastUsedAt || now.getTime() - new Date(key.lastUsedAt).getTime() > TOUCH_EVERY_MS) {
      await ctx.db.updateTable('apiKeys').set({ lastUsedAt: nowIso }).where('id', '=', key.id).execute();
    }
    return { actor, csrfToken: null };
  }
  if (creds.sessionToken) {
    // Session, user and roles in one query: this runs on every request.
    const rows = await actorRows(ctx.db)
      .innerJoin('sessions', 'sessions.userId', 'users.id')
      .select(['sessions.id as sessionId', 'sessions.csrfToken', 'sessions.lastSeenAt'])
      .where('sessions.tokenHash', '=', hashToken(creds.sessionToken))
      .where('sessions.revokedAt', 'is', null)
      .where('sessions.expiresAt', '>', nowIso)
      .execute();
    const session = rows[0];
    if (!session) return null;
    const actor = toActor(rows, { kind: 'session', sessionId: session.sessionId });
    if (!actor) return null;
    if (now.getTime() - new Date(session.lastSeenAt).getTime() > TOUCH_EVERY_MS) {
      await ctx.db
        .updateTable('sessions')
        .set({ lastSeenAt: nowIso, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS).toISOString() })
        .where('id', '=', session.sessionId)
        .execute();
    }
    return { actor, csrfToken: session.csrfToken };
  }
  return null;
}
