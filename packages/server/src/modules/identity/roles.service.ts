// Roles: permission sets with a record scope per object. Built-in roles come from
// the shared catalog; admins edit them or create their own.
import type { z } from 'zod';
import { builtinRoleKeys, builtinRoles, type Role, type RoleCreate, type RolePatch } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requirePermission } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { emit } from '../../platform/events.js';
import { newId } from '../../platform/crypto.js';
import { fromJson, toJson } from '../../platform/db/dialect.js';
import { AppError, errors } from '../../platform/http/errors.js';
import * as repo from './repository.js';

/** English names stored for built-in roles; the web app shows translated names by key. */
const builtinNames: Record<(typeof builtinRoleKeys)[number], string> = {
  admin: 'Administrator',
  sales_manager: 'Sales manager',
  sales_rep: 'Sales rep',
  service_manager: 'Service manager',
  service_agent: 'Service agent',
  marketing: 'Marketing',
  finance: 'Finance',
  viewer: 'Viewer',
};

/**
 * Creates missing built-in roles and adds permissions that new versions added to
 * their defaults, without restoring ones an admin removed on purpose.
 */
export async function syncBuiltinRoles(ctx: Ctx): Promise<void> {
  await ctx.tx(async (tx) => {
    const existing = new Map((await repo.listRoleRows(tx.db)).filter((r) => r.key).map((r) => [r.key!, r]));
    const now = tx.now();
    for (const key of builtinRoleKeys) {
      const defaults = builtinRoles[key];
      const row = existing.get(key);
      if (!row) {
        await tx.db.insertInto('roles').values({
          id: newId(), key, name: builtinNames[key], description: '',
          permissions: repo.roleJson.permissions(defaults.permissions), scopes: toJson(defaults.scopes),
          seededPermissions: toJson(defaults.permissions), createdAt: now, updatedAt: now, createdBy: null, version: 1,
        }).onConflict((oc) => oc.column('key').doNothing()).execute(); // another process may be starting too
        continue;
      }
      const seeded = new Set(fromJson<string[] | null>(row.seededPermissions) ?? []);
      const added = defaults.permissions.filter((p) => !seeded.has(p));
      const scopes = fromJson<Record<string, string>>(row.scopes);
      const addedScopes = Object.entries(defaults.scopes).filter(([obj]) => !(obj in scopes));
      if (!added.length && !addedScopes.length) continue;
      const permissions = [...fromJson<string[]>(row.permissions), ...added];
      await tx.db.updateTable('roles').set({
        permissions: repo.roleJson.permissions(permissions),
        scopes: toJson({ ...Object.fromEntries(addedScopes), ...scopes }),
        seededPermissions: toJson(defaults.permissions),
        updatedAt: now,
        version: row.version + 1,
      }).where('id', '=', row.id).where('version', '=', row.version).execute();
    }
  });
}

export async function listRoles(ctx: Ctx): Promise<Role[]> {
  requirePermission(ctx, 'roles:read');
  const [rows, counts] = await Promise.all([repo.listRoleRows(ctx.db), repo.roleUserCounts(ctx.db)]);
  return rows.map((r) => repo.toRole(r, counts.get(r.id) ?? 0));
}

export async function getRole(ctx: Ctx, id: string): Promise<Role> {
  requirePermission(ctx, 'roles:read');
  const row = await repo.findRole(ctx.db, id);
  if (!row) throw errors.notFound('role');
  return repo.toRole(row, (await repo.roleUserCounts(ctx.db)).get(id) ?? 0);
}

async function assertNameFree(ctx: Ctx, name: string, exceptId?: string) {
  const clash = (await repo.listRoleRows(ctx.db)).find((r) => r.name.toLowerCase() === name.toLowerCase() && r.id !== exceptId);
  if (clash) throw new AppError('role.name_taken', {}, [{ path: 'name', code: 'taken', messageKey: 'role.name_taken' }]);
}

export async function createRole(ctx: Ctx, input: z.output<typeof RoleCreate>): Promise<Role> {
  const actor = requirePermission(ctx, 'roles:write');
  const id = newId();
  await ctx.tx(async (tx) => {
    await assertNameFree(tx, input.name);
    const now = tx.now();
    const row = {
      id, key: null, name: input.name, description: input.description ?? '',
      permissions: repo.roleJson.permissions(input.permissions), scopes: toJson(input.scopes ?? {}),
      seededPermissions: null, createdAt: now, updatedAt: now, createdBy: actor.userId, version: 1,
    };
    await tx.db.insertInto('roles').values(row).execute();
    await recordAudit(tx, { action: 'role.create', objectType: 'role', objectId: id, after: { name: row.name, description: row.description, permissions: [...new Set(input.permissions)].sort(), scopes: input.scopes ?? {} } });
    await emit(tx, 'role.created', { id });
  });
  return getRole(ctx, id);
}

export async function updateRole(ctx: Ctx, id: string, patch: z.output<typeof RolePatch>, version: number): Promise<Role> {
  requirePermission(ctx, 'roles:write');
  await ctx.tx(async (tx) => {
    const before = await repo.findRole(tx.db, id);
    if (!before) throw errors.notFound('role');
    if (before.key === 'admin') throw new AppError('role.admin_locked');
    if (before.version !== version) throw errors.versionConflict(before.version);
    if (patch.name) await assertNameFree(tx, patch.name, id);
    const old = repo.toRole(before, 0);
    const next = {
      name: patch.name ?? old.name,
      description: patch.description ?? old.description,
      permissions: patch.permissions ? [...new Set(patch.permissions)].sort() : old.permissions,
      scopes: patch.scopes ?? old.scopes,
    };
    await tx.db.updateTable('roles').set({
      name: next.name, description: next.description,
      permissions: repo.roleJson.permissions(next.permissions), scopes: toJson(next.scopes),
      updatedAt: tx.now(), version: version + 1,
    }).where('id', '=', id).execute();
    await recordAudit(tx, {
      action: 'role.update', objectType: 'role', objectId: id,
      before: { name: old.name, description: old.description, permissions: old.permissions, scopes: old.scopes },
      after: next,
    });
    await emit(tx, 'role.updated', { id });
  });
  return getRole(ctx, id);
}
