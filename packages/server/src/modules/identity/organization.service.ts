// The organization's name and defaults (language, currency, time zone).
import type { z } from 'zod';
import type { Organization, OrganizationPatch } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requireActor, requirePermission } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { emit } from '../../platform/events.js';
import { errors } from '../../platform/http/errors.js';
import * as repo from './repository.js';

export function toOrganization(row: repo.OrganizationRow): Organization {
  return {
    name: row.name,
    defaultLocale: row.defaultLocale as Organization['defaultLocale'],
    currency: row.currency,
    timeZone: row.timeZone,
    version: row.version,
    updatedAt: row.updatedAt,
  };
}

export async function getOrganization(ctx: Ctx): Promise<Organization> {
  requireActor(ctx);
  return readOrganization(ctx);
}

/** The organization's defaults, for work done without a signed-in user (jobs, a web form's lead). */
export async function readOrganization(ctx: Ctx): Promise<Organization> {
  const row = await repo.findOrganization(ctx.db);
  if (!row) throw errors.notFound('organization');
  return toOrganization(row);
}

export async function updateOrganization(ctx: Ctx, patch: z.output<typeof OrganizationPatch>, version: number): Promise<Organization> {
  requirePermission(ctx, 'settings:manage');
  return ctx.tx(async (tx) => {
    const before = await repo.findOrganization(tx.db);
    if (!before) throw errors.notFound('organization');
    if (before.version !== version) throw errors.versionConflict(before.version);
    const { version: _v, ...fields } = patch;
    await tx.db.updateTable('organization').set({ ...fields, updatedAt: tx.now(), version: version + 1 }).where('id', '=', before.id).execute();
    const after = (await repo.findOrganization(tx.db))!;
    await recordAudit(tx, { action: 'organization.update', objectType: 'organization', objectId: before.id, before: toOrganization(before), after: toOrganization(after) });
    await emit(tx, 'organization.updated', { id: before.id });
    return toOrganization(after);
  });
}
