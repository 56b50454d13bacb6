// First-run setup, sign-in and sign-out, the signed-in user's own profile and sessions.
import type { z } from 'zod';
import { builtinRoles, type LoginRequest, type Me, type MePatch, type PasswordChange, type Session, type SetupRequest } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { newId, randomToken, hashToken } from '../../platform/crypto.js';
import { recordAudit } from '../../platform/audit.js';
import { emit } from '../../platform/events.js';
import { AppError, errors } from '../../platform/http/errors.js';
import { requireActor } from '../../platform/authz/index.js';
import { hashPassword, verifyPassword, dummyPasswordHash, passwordPolicyIssues } from '../../platform/auth/passwords.js';
import { SESSION_IDLE_MS } from '../../platform/auth/actor.js';
import { blockedFor, clearFailures, recordFailure } from '../../platform/auth/throttle.js';
import { MINUTE } from '../../platform/clock.js';
import * as repo from './repository.js';
import { ORGANIZATION_ID } from './repository.js';
import { syncBuiltinRoles } from './roles.service.js';
import { toOrganization } from './organization.service.js';
import { getUser } from './users.service.js';

const ACCOUNT_RULE = { maxFailures: 5, windowMs: 15 * MINUTE, blockMs: 15 * MINUTE };
const IP_RULE = { maxFailures: 30, windowMs: 15 * MINUTE, blockMs: 15 * MINUTE };

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export async function needsSetup(ctx: Ctx): Promise<boolean> {
  return (await repo.countUsers(ctx.db)) === 0;
}

async function openSession(ctx: Ctx, userId: string, userAgent: string | null): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  const now = ctx.platform.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS).toISOString();
  const id = newId();
  await ctx.db
    .insertInto('sessions')
    .values({
      id,
      tokenHash: hashToken(token),
      userId,
      csrfToken,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt,
      ip: ctx.ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
      revokedAt: null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

/** Creates the organization and the first administrator; only while no user exists. */
export async function setup(ctx: Ctx, input: z.output<typeof SetupRequest>, userAgent: string | null) {
  const policy = passwordPolicyIssues(input.admin.password, input.admin.email, 'admin.password');
  if (policy.length) throw errors.invalidFields(...policy);
  const passwordHash = await hashPassword(input.admin.password);
  return ctx.tx(async (tx) => {
    if ((await repo.countUsers(tx.db)) > 0) throw new AppError('setup.already_done');
    const now = tx.now();
    // The organization row has one fixed id, so of two setups racing only one can insert it.
    const org = await tx.db
      .insertInto('organization')
      .values({ id: ORGANIZATION_ID, name: input.organizationName, defaultLocale: input.defaultLocale, currency: input.currency, timeZone: input.timeZone, createdAt: now, updatedAt: now, version: 1 })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(org.numInsertedOrUpdatedRows ?? 0n) !== 1) throw new AppError('setup.already_done');
    await syncBuiltinRoles(tx);
    const adminRole = await tx.db.selectFrom('roles').select('id').where('key', '=', 'admin').executeTakeFirstOrThrow();
    const userId = newId();
    await tx.db
      .insertInto('users')
      .values({
        id: userId, email: input.admin.email, name: input.admin.name, phone: null, passwordHash, teamId: null,
        status: 'active', locale: input.defaultLocale, timeZone: input.timeZone, lastLoginAt: now,
        createdAt: now, updatedAt: now, createdBy: null, version: 1,
      })
      .execute();
    await repo.setUserRoles(tx.db, userId, [adminRole.id]);
    await recordAudit(tx, { action: 'organization.setup', objectType: 'organization', objectId: null, after: { name: input.organizationName, defaultLocale: input.defaultLocale, currency: input.currency, timeZone: input.timeZone }, actorName: input.admin.name });
    await recordAudit(tx, { action: 'user.create', objectType: 'user', objectId: userId, after: { email: input.admin.email, name: input.admin.name, roles: ['admin'] }, actorName: input.admin.name });
    await emit(tx, 'user.created', { id: userId });
    const session = await openSession(tx, userId, userAgent);
    return { userId, session };
  });
}

export async function login(ctx: Ctx, input: z.output<typeof LoginRequest>, userAgent: string | null) {
  const accountKey = `login:account:${input.email}`;
  const ipKey = `login:ip:${ctx.ip ?? 'unknown'}`;
  const waitMs = Math.max(await blockedFor(ctx, accountKey), await blockedFor(ctx, ipKey));
  if (waitMs > 0) {
    const minutes = Math.ceil(waitMs / MINUTE);
    throw new AppError('auth.throttled', { minutes }, [], { 'retry-after': String(Math.ceil(waitMs / 1000)) });
  }
  const user = await repo.findUserByEmail(ctx.db, input.email);
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !ok || user.status !== 'active') {
    await ctx.tx(async (tx) => {
      await recordFailure(tx, accountKey, ACCOUNT_RULE);
      await recordFailure(tx, ipKey, IP_RULE);
      await recordAudit(tx, {
        action: 'auth.login_failed', objectType: 'user', objectId: user?.id ?? null,
        meta: { email: input.email, reason: !user ? 'unknown_email' : !ok ? 'wrong_password' : 'disabled' },
      });
    });
    if (user && ok) throw new AppError('auth.user_disabled');
    throw new AppError('auth.invalid_credentials');
  }
  return ctx.tx(async (tx) => {
    await clearFailures(tx, accountKey);
    await tx.db.updateTable('users').set({ lastLoginAt: tx.now() }).where('id', '=', user.id).execute();
    const session = await openSession(tx, user.id, userAgent);
    await recordAudit(tx, { action: 'auth.login', objectType: 'user', objectId: user.id, actorName: user.name, meta: { userAgent: userAgent?.slice(0, 200) ?? null } });
    return { userId: user.id, session };
  });
}

export async function logout(ctx: Ctx): Promise<void> {
  const actor = requireActor(ctx);
  if (!actor.sessionId) return;
  await ctx.tx(async (tx) => {
    await tx.db.updateTable('sessions').set({ revokedAt: tx.now() }).where('id', '=', actor.sessionId!).execute();
    await recordAudit(tx, { action: 'auth.logout', objectType: 'session', objectId: actor.sessionId });
  });
}

/** The signed-in user, their effective rights and the organization's settings. */
export async function me(ctx: Ctx, csrfToken: string | null): Promise<Me> {
  const actor = requireActor(ctx);
  const [user, org] = await Promise.all([getUser(ctx, actor.userId, { self: true }), repo.findOrganization(ctx.db)]);
  if (!org) throw errors.notFound('organization');
  return {
    user,
    permissions: [...actor.permissions].sort(),
    scopes: actor.isAdmin ? builtinRoles.admin.scopes : actor.scopes,
    organization: toOrganization(org),
    csrfToken,
  };
}

export async function updateMe(ctx: Ctx, patch: z.output<typeof MePatch>, version: number): Promise<void> {
  const actor = requireActor(ctx);
  await ctx.tx(async (tx) => {
    const before = await repo.findUserById(tx.db, actor.userId);
    if (!before) throw errors.notFound('user');
    if (before.version !== version) throw errors.versionConflict(before.version);
    const changes = {
      name: patch.name ?? before.name,
      phone: patch.phone === undefined ? before.phone : patch.phone,
      locale: patch.locale === undefined ? before.locale : patch.locale,
      timeZone: patch.timeZone === undefined ? before.timeZone : patch.timeZone,
    };
    await tx.db.updateTable('users').set({ ...changes, updatedAt: tx.now(), version: version + 1 }).where('id', '=', actor.userId).where('version', '=', version).execute();
    await recordAudit(tx, {
      action: 'user.update', objectType: 'user', objectId: actor.userId,
      before: { name: before.name, phone: before.phone, locale: before.locale, timeZone: before.timeZone },
      after: changes, sensitive: ['phone'],
    });
    await emit(tx, 'user.updated', { id: actor.userId });
  });
}

export async function changePassword(ctx: Ctx, input: z.output<typeof PasswordChange>): Promise<void> {
  const actor = requireActor(ctx);
  const user = await repo.findUserById(ctx.db, actor.userId);
  if (!user) throw errors.notFound('user');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('password.wrong', {}, [{ path: 'currentPassword', code: 'wrong', messageKey: 'password.wrong' }]);
  }
  const policy = passwordPolicyIssues(input.newPassword, user.email, 'newPassword');
  if (policy.length) throw errors.invalidFields(...policy);
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.tx(async (tx) => {
    await tx.db.updateTable('users').set({ passwordHash, updatedAt: tx.now(), version: user.version + 1 }).where('id', '=', user.id).execute();
    // Other devices must sign in again with the new password.
    await tx.db.updateTable('sessions').set({ revokedAt: tx.now() }).where('userId', '=', user.id).where('revokedAt', 'is', null).where('id', '!=', actor.sessionId ?? '').execute();
    await recordAudit(tx, { action: 'user.password_change', objectType: 'user', objectId: user.id, before: { passwordHash: 'x' }, after: { passwordHash: 'y' } });
  });
}

export async function listMySessions(ctx: Ctx): Promise<Session[]> {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .selectFrom('sessions')
    .selectAll()
    .where('userId', '=', actor.userId)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', ctx.now())
    .orderBy('lastSeenAt', 'desc')
    .execute();
  return rows.map((s) => ({
    id: s.id, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt,
    ip: s.ip, userAgent: s.userAgent, current: s.id === actor.sessionId,
  }));
}

export async function revokeMySession(ctx: Ctx, id: string): Promise<void> {
  const actor = requireActor(ctx);
  await ctx.tx(async (tx) => {
    const res = await tx.db.updateTable('sessions').set({ revokedAt: tx.now() })
      .where('id', '=', id).where('userId', '=', actor.userId).where('revokedAt', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw errors.notFound('session');
    await recordAudit(tx, { action: 'session.revoke', objectType: 'session', objectId: id });
  });
}
