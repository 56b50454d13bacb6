// Users: listing within record scope, creation, edits, disabling (which ends their access).
import type { z } from 'zod';
import type { User, UserCreate, UserListQuery, UserPatch } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { can, maskFields, requireActor, requirePermission, scopeFilter } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { emit } from '../../platform/events.js';
import { newId } from '../../platform/crypto.js';
import { AppError, errors, type FieldIssue } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { hashPassword, passwordPolicyIssues } from '../../platform/auth/passwords.js';
import * as repo from './repository.js';

const SENSITIVE: (keyof User)[] = ['phone'];

async function withRoles(ctx: Ctx, rows: repo.UserRow[]): Promise<User[]> {
  const roles = await repo.rolesOfUsers(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => maskFields(ctx, repo.toUser(r, roles.get(r.id) ?? []), SENSITIVE));
}

/** One user; `self` lets anyone read their own record without users:read. */
export async function getUser(ctx: Ctx, id: string, opts: { self?: boolean } = {}): Promise<User> {
  const actor = requireActor(ctx);
  if (opts.self && id === actor.userId) {
    const row = await repo.findUserById(ctx.db, id);
    if (!row) throw errors.notFound('user');
    const roles = await repo.rolesOfUsers(ctx.db, [id]);
    return repo.toUser(row, roles.get(id) ?? []);
  }
  requirePermission(ctx, 'users:read');
  const row = await repo.findVisibleUser(ctx.db, await scopeFilter(ctx, 'users'), id);
  if (!row) throw errors.notFound('user');
  return (await withRoles(ctx, [row]))[0]!;
}

export async function listUsers(ctx: Ctx, query: z.output<typeof UserListQuery>) {
  requirePermission(ctx, 'users:read');
  const rows = await repo.listUsers(ctx.db, await scopeFilter(ctx, 'users'), {
    q: query.q,
    teamId: query.teamId,
    status: query.status,
    searchPhone: can(ctx, 'pii:read'),
    after: decodeCursor(query.cursor, 2),
    limit: query.limit,
  });
  const page = toPage(rows, query.limit, (r) => [r.name, r.id], (r) => r);
  return { data: await withRoles(ctx, page.data), nextCursor: page.nextCursor };
}

async function checkReferences(ctx: Ctx, teamId: string | null | undefined, roleIds: string[] | undefined): Promise<void> {
  const issues: FieldIssue[] = [];
  if (teamId && !(await repo.findTeam(ctx.db, teamId))) issues.push({ path: 'teamId', code: 'unknown', messageKey: 'team.unknown' });
  if (roleIds) {
    const found = new Set((await repo.findRolesByIds(ctx.db, roleIds)).map((r) => r.id));
    roleIds.forEach((id, i) => {
      if (!found.has(id)) issues.push({ path: `roleIds.${i}`, code: 'unknown', messageKey: 'role.unknown' });
    });
  }
  if (issues.length) throw errors.invalidFields(...issues);
}

export async function createUser(ctx: Ctx, input: z.output<typeof UserCreate>): Promise<User> {
  const actor = requirePermission(ctx, 'users:write');
  const policy = passwordPolicyIssues(input.password, input.email);
  if (policy.length) throw errors.invalidFields(...policy);
  await checkReferences(ctx, input.teamId, input.roleIds);
  const passwordHash = await hashPassword(input.password);
  const id = await ctx.tx(async (tx) => {
    if (await repo.findUserByEmail(tx.db, input.email)) throw new AppError('user.email_taken', {}, [{ path: 'email', code: 'taken', messageKey: 'user.email_taken' }]);
    const now = tx.now();
    const id = newId();
    const row = {
      id, email: input.email, name: input.name, phone: input.phone || null, passwordHash, teamId: input.teamId ?? null,
      status: 'active' as const, locale: input.locale ?? null, timeZone: input.timeZone ?? null, lastLoginAt: null,
      createdAt: now, updatedAt: now, createdBy: actor.userId, version: 1,
    };
    await tx.db.insertInto('users').values(row).execute();
    const roleIds = [...new Set(input.roleIds)];
    await repo.setUserRoles(tx.db, id, roleIds);
    const { passwordHash: _p, ...audited } = row;
    await recordAudit(tx, { action: 'user.create', objectType: 'user', objectId: id, after: { ...audited, roleIds }, sensitive: ['phone'] });
    await emit(tx, 'user.created', { id });
    return id;
  });
  return getUser(ctx, id);
}

export async function updateUser(ctx: Ctx, id: string, patch: z.output<typeof UserPatch>, version: number): Promise<User> {
  const actor = requirePermission(ctx, 'users:write');
  await checkReferences(ctx, patch.teamId, patch.roleIds);
  const scope = await scopeFilter(ctx, 'users');
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  await ctx.tx(async (tx) => {
    const before = await repo.findVisibleUser(tx.db, scope, id);
    if (!before) throw errors.notFound('user');
    if (before.version !== version) throw errors.versionConflict(before.version);
    if (patch.password) {
      const policy = passwordPolicyIssues(patch.password, before.email);
      if (policy.length) throw errors.invalidFields(...policy);
    }
    const beforeRoles = (await repo.rolesOfUsers(tx.db, [id])).get(id) ?? [];
    const fields = {
      name: patch.name ?? before.name,
      phone: patch.phone === undefined ? before.phone : patch.phone || null,
      teamId: patch.teamId === undefined ? before.teamId : patch.teamId,
      status: patch.status ?? before.status,
      locale: patch.locale === undefined ? before.locale : patch.locale,
      timeZone: patch.timeZone === undefined ? before.timeZone : patch.timeZone,
    };
    const now = tx.now();
    await tx.db
      .updateTable('users')
      .set({ ...fields, ...(passwordHash ? { passwordHash } : {}), updatedAt: now, version: version + 1 })
      .where('id', '=', id)
      .execute();
    if (patch.roleIds) await repo.setUserRoles(tx.db, id, [...new Set(patch.roleIds)]);
    // Never leave the organization without an active administrator.
    if ((patch.roleIds || fields.status === 'disabled') && (await repo.activeAdminIds(tx.db)).length === 0) {
      throw new AppError('user.last_admin');
    }
    // Disabling, or a password reset by an admin, ends every way in.
    if ((fields.status === 'disabled' && before.status !== 'disabled') || passwordHash) {
      await tx.db.updateTable('sessions').set({ revokedAt: now }).where('userId', '=', id).where('revokedAt', 'is', null).execute();
    }
    if (fields.status === 'disabled' && before.status !== 'disabled') {
      await tx.db.updateTable('apiKeys').set({ revokedAt: now }).where('userId', '=', id).where('revokedAt', 'is', null).execute();
    }
    const { passwordHash: _p, ...beforeAudited } = before;
    await recordAudit(tx, {
      action: fields.status !== before.status ? (fields.status === 'disabled' ? 'user.disable' : 'user.enable') : 'user.update',
      objectType: 'user',
      objectId: id,
      before: { ...beforeAudited, roleIds: beforeRoles.map((r) => r.id).sort(), ...(passwordHash ? { password: 'old' } : {}) },
      after: { ...beforeAudited, ...fields, roleIds: (patch.roleIds ? [...new Set(patch.roleIds)] : beforeRoles.map((r) => r.id)).sort(), ...(passwordHash ? { password: 'new' } : {}) },
      sensitive: ['phone'],
      meta: actor.userId === id ? { self: true } : undefined,
    });
    await emit(tx, 'user.updated', { id });
  });
  return getUser(ctx, id);
}

/** For other modules: an active user's id, name and team, or null. */
export async function findActiveUser(ctx: Ctx, id: string): Promise<{ id: string; name: string; teamId: string | null } | null> {
  const row = await repo.findUserById(ctx.db, id);
  return row && row.status === 'active' ? { id: row.id, name: row.name, teamId: row.teamId } : null;
}

/** Names of active users for pickers (owner, assignee, mentions): no contact data, any signed-in user. */
export async function lookupUsers(ctx: Ctx, query: { q?: string; limit: number }) {
  requireActor(ctx);
  const rows = await repo.lookupUsers(ctx.db, query);
  return { data: rows };
}
