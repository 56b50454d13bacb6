// API keys: shown once at creation, stored as a hash, limited to scopes, revocable.
import type { z } from 'zod';
import type { ApiKey, ApiKeyCreate } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { can, requirePermission } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { hashToken, newId, randomToken } from '../../platform/crypto.js';
import { fromJson, toJson } from '../../platform/db/dialect.js';
import { errors } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import type { ListQuery } from '@kehu/shared';
import * as repo from './repository.js';

function toApiKey(row: repo.ApiKeyRow & { userName: string }): ApiKey {
  return {
    id: row.id, name: row.name, prefix: row.prefix, userId: row.userId, userName: row.userName,
    scopes: fromJson<string[]>(row.scopes), createdAt: row.createdAt, lastUsedAt: row.lastUsedAt, revokedAt: row.revokedAt,
  };
}

/** Creates a key for a user; the secret is returned once and never stored in clear. */
export async function createApiKey(ctx: Ctx, userId: string, input: z.output<typeof ApiKeyCreate>): Promise<ApiKey & { key: string }> {
  const actor = requirePermission(ctx, 'api_keys:manage');
  const scopes = [...new Set(input.scopes ?? [])].sort();
  // A key can only narrow its owner's rights, never widen them.
  const notHeld = scopes.map((s, i) => [s, i] as const).filter(([s]) => !actor.permissions.has(s));
  if (userId === actor.userId && notHeld.length) {
    throw errors.invalidFields(...notHeld.map(([, i]) => ({ path: `scopes.${i}`, code: 'not_held', messageKey: 'scopes.not_held' })));
  }
  const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
  const key = `kehu_${prefix}_${randomToken(32)}`;
  const id = newId();
  return ctx.tx(async (tx) => {
    const user = await repo.findUserById(tx.db, userId);
    if (!user) throw errors.notFound('user');
    const row = { id, userId, name: input.name, prefix, keyHash: hashToken(key), scopes: toJson(scopes), createdAt: tx.now(), createdBy: actor.userId, lastUsedAt: null, revokedAt: null };
    await tx.db.insertInto('apiKeys').values(row).execute();
    await recordAudit(tx, { action: 'api_key.create', objectType: 'api_key', objectId: id, after: { name: input.name, prefix, userId, scopes } });
    return { ...toApiKey({ ...row, userName: user.name }), key };
  });
}

export async function listApiKeys(ctx: Ctx, query: z.output<typeof ListQuery>) {
  const actor = requirePermission(ctx, 'api_keys:manage');
  const seeAll = can(ctx, 'settings:manage');
  let q = ctx.db
    .selectFrom('apiKeys')
    .innerJoin('users', 'users.id', 'apiKeys.userId')
    .selectAll('apiKeys')
    .select('users.name as userName');
  if (!seeAll) q = q.where('apiKeys.userId', '=', actor.userId);
  const after = decodeCursor(query.cursor, 1);
  if (after) q = q.where('apiKeys.id', '<', String(after[0]));
  const rows = await q.orderBy('apiKeys.id', 'desc').limit(query.limit + 1).execute();
  return toPage(rows, query.limit, (r) => [r.id], toApiKey);
}

export async function revokeApiKey(ctx: Ctx, id: string): Promise<void> {
  const actor = requirePermission(ctx, 'api_keys:manage');
  await ctx.tx(async (tx) => {
    const row = await tx.db.selectFrom('apiKeys').selectAll().where('id', '=', id).executeTakeFirst();
    // Someone else's key is invisible unless you manage settings.
    if (!row || (row.userId !== actor.userId && !can(tx, 'settings:manage'))) throw errors.notFound('api_key');
    if (row.revokedAt) return;
    await tx.db.updateTable('apiKeys').set({ revokedAt: tx.now() }).where('id', '=', id).execute();
    await recordAudit(tx, { action: 'api_key.revoke', objectType: 'api_key', objectId: id, before: { revokedAt: null }, after: { revokedAt: tx.now() }, meta: { name: row.name, prefix: row.prefix, userId: row.userId } });
  });
}
