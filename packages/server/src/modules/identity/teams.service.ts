// Teams: the department tree that team-scoped roles see through.
import type { z } from 'zod';
import type { Team, TeamCreate, TeamPatch } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requirePermission } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { emit } from '../../platform/events.js';
import { newId } from '../../platform/crypto.js';
import { AppError, errors, type FieldIssue } from '../../platform/http/errors.js';
import * as repo from './repository.js';

export async function listTeams(ctx: Ctx): Promise<Team[]> {
  requirePermission(ctx, 'teams:read');
  return repo.listTeams(ctx.db);
}

async function checkReferences(ctx: Ctx, input: { parentId?: string | null; managerId?: string | null }) {
  const issues: FieldIssue[] = [];
  if (input.parentId && !(await repo.findTeam(ctx.db, input.parentId))) issues.push({ path: 'parentId', code: 'unknown', messageKey: 'team.unknown' });
  if (input.managerId && !(await repo.findUserById(ctx.db, input.managerId))) issues.push({ path: 'managerId', code: 'unknown', messageKey: 'user.unknown' });
  if (issues.length) throw errors.invalidFields(...issues);
}

async function getTeam(ctx: Ctx, id: string): Promise<Team> {
  const team = (await repo.listTeams(ctx.db)).find((t) => t.id === id);
  if (!team) throw errors.notFound('team');
  return team;
}

export async function createTeam(ctx: Ctx, input: z.output<typeof TeamCreate>): Promise<Team> {
  const actor = requirePermission(ctx, 'teams:write');
  await checkReferences(ctx, input);
  const id = newId();
  await ctx.tx(async (tx) => {
    const now = tx.now();
    const row = { id, name: input.name, parentId: input.parentId ?? null, managerId: input.managerId ?? null, createdAt: now, updatedAt: now, createdBy: actor.userId, version: 1 };
    await tx.db.insertInto('teams').values(row).execute();
    await recordAudit(tx, { action: 'team.create', objectType: 'team', objectId: id, after: row });
    await emit(tx, 'team.created', { id });
  });
  return getTeam(ctx, id);
}

export async function updateTeam(ctx: Ctx, id: string, patch: z.output<typeof TeamPatch>, version: number): Promise<Team> {
  requirePermission(ctx, 'teams:write');
  await checkReferences(ctx, patch);
  await ctx.tx(async (tx) => {
    const before = await repo.findTeam(tx.db, id);
    if (!before) throw errors.notFound('team');
    if (before.version !== version) throw errors.versionConflict(before.version);
    const parentId = patch.parentId === undefined ? before.parentId : patch.parentId;
    // Walk up from the new parent: meeting this team there would make a loop.
    const parents = new Map((await repo.listTeams(tx.db)).map((t) => [t.id, t.parentId]));
    for (let p = parentId; p; p = parents.get(p) ?? null) {
      if (p === id) throw new AppError('team.cycle', {}, [{ path: 'parentId', code: 'cycle', messageKey: 'team.cycle' }]);
    }
    const fields = {
      name: patch.name ?? before.name,
      parentId,
      managerId: patch.managerId === undefined ? before.managerId : patch.managerId,
    };
    await tx.db.updateTable('teams').set({ ...fields, updatedAt: tx.now(), version: version + 1 }).where('id', '=', id).execute();
    await recordAudit(tx, { action: 'team.update', objectType: 'team', objectId: id, before, after: { ...before, ...fields } });
    await emit(tx, 'team.updated', { id });
  });
  return getTeam(ctx, id);
}
