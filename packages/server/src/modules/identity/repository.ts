// Queries on the identity tables: organization, users, teams, roles, sessions, API keys.
import type { Selectable } from 'kysely';
import type { RecordScope, Role, Team, User } from '@kehu/shared';
import type { Executor } from '../../platform/context.js';
import type { ApiKeyTable, OrganizationTable, RoleTable, UserTable } from '../../db/schema.js';
import { containsText, fromJson, toJson } from '../../platform/db/dialect.js';
import type { ScopeFilter } from '../../platform/authz/index.js';
import { scopeCondition } from '../../platform/authz/sql.js';
import type { CursorKey } from '../../platform/http/pagination.js';

export type UserRow = Selectable<UserTable>;
export type RoleRow = Selectable<RoleTable>;
export type OrganizationRow = Selectable<OrganizationTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;

// ---- organization

/** The one organization row's id. */
export const ORGANIZATION_ID = 'default';

export function findOrganization(db: Executor) {
  return db.selectFrom('organization').selectAll().executeTakeFirst();
}

// ---- users

export function countUsers(db: Executor) {
  return db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function findUserById(db: Executor, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** A user the scope lets the actor see (own: themselves; team: their department tree). */
export function findVisibleUser(db: Executor, scope: ScopeFilter, id: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => scopeCondition(eb, scope, { owner: 'users.id', team: 'users.teamId' }))
    .executeTakeFirst();
}

export interface UserListFilter {
  q?: string;
  teamId?: string;
  status?: 'active' | 'disabled';
  searchPhone: boolean;
  after: CursorKey | null;
  limit: number;
}

export function listUsers(db: Executor, scope: ScopeFilter, f: UserListFilter) {
  let q = db
    .selectFrom('users')
    .selectAll()
    .where((eb) => scopeCondition(eb, scope, { owner: 'users.id', team: 'users.teamId' }));
  if (f.q) {
    const text = f.q;
    // Searching a masked field would reveal it digit by digit, so phones count only for those who may see them.
    q = q.where((eb) => eb.or([containsText('users.name', text), containsText('users.email', text), ...(f.searchPhone ? [containsText('users.phone', text)] : [])]));
  }
  if (f.teamId) q = q.where('teamId', '=', f.teamId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.after) {
    const [name, id] = f.after as [string, string];
    q = q.where((eb) => eb(eb.refTuple('name', 'id'), '>', eb.tuple(name, id)));
  }
  return q.orderBy('name').orderBy('id').limit(f.limit + 1).execute();
}

export function lookupUsers(db: Executor, f: { q?: string; limit: number }) {
  let q = db.selectFrom('users').select(['id', 'name', 'teamId']).where('status', '=', 'active');
  if (f.q) {
    const text = f.q;
    q = q.where(() => containsText('users.name', text));
  }
  return q.orderBy('name').orderBy('id').limit(f.limit).execute();
}

export async function rolesOfUsers(db: Executor, userIds: string[]): Promise<Map<string, User['roles']>> {
  const map = new Map<string, User['roles']>();
  if (!userIds.length) return map;
  const rows = await db
    .selectFrom('userRoles')
    .innerJoin('roles', 'roles.id', 'userRoles.roleId')
    .select(['userRoles.userId', 'roles.id', 'roles.key', 'roles.name'])
    .where('userRoles.userId', 'in', userIds)
    .orderBy('roles.name')
    .execute();
  for (const r of rows) map.set(r.userId, [...(map.get(r.userId) ?? []), { id: r.id, key: r.key, name: r.name }]);
  return map;
}

export async function setUserRoles(db: Executor, userId: string, roleIds: string[]) {
  await db.deleteFrom('userRoles').where('userId', '=', userId).execute();
  if (roleIds.length) await db.insertInto('userRoles').values(roleIds.map((roleId) => ({ userId, roleId }))).execute();
}

/** Active users holding the admin role. */
export async function activeAdminIds(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('userRoles')
    .innerJoin('roles', 'roles.id', 'userRoles.roleId')
    .innerJoin('users', 'users.id', 'userRoles.userId')
    .select('users.id')
    .where('roles.key', '=', 'admin')
    .where('users.status', '=', 'active')
    .execute();
  return rows.map((r) => r.id);
}

export function toUser(row: UserRow, roles: User['roles']): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    phone: row.phone,
    teamId: row.teamId,
    roles,
    status: row.status,
    locale: row.locale as User['locale'],
    timeZone: row.timeZone,
    lastLoginAt: row.lastLoginAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

// ---- teams

export async function listTeams(db: Executor): Promise<Team[]> {
  const [teams, counts] = await Promise.all([
    db.selectFrom('teams').selectAll().orderBy('name').execute(),
    db
      .selectFrom('users')
      .select(['teamId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('teamId', 'is not', null)
      .groupBy('teamId')
      .execute(),
  ]);
  const byTeam = new Map(counts.map((c) => [c.teamId, Number(c.n)]));
  return teams.map((t) => ({
    id: t.id,
    name: t.name,
    parentId: t.parentId,
    managerId: t.managerId,
    memberCount: byTeam.get(t.id) ?? 0,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    version: t.version,
  }));
}

export function findTeam(db: Executor, id: string) {
  return db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
}

// ---- roles

export function listRoleRows(db: Executor) {
  return db.selectFrom('roles').selectAll().orderBy('createdAt').orderBy('id').execute();
}

export function findRole(db: Executor, id: string) {
  return db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findRolesByIds(db: Executor, ids: string[]) {
  if (!ids.length) return Promise.resolve([] as RoleRow[]);
  return db.selectFrom('roles').selectAll().where('id', 'in', ids).execute();
}

export async function roleUserCounts(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('userRoles')
    .select(['roleId', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('roleId')
    .execute();
  return new Map(rows.map((r) => [r.roleId, Number(r.n)]));
}

export function toRole(row: RoleRow, userCount: number): Role {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    builtin: row.key !== null,
    permissions: fromJson<string[]>(row.permissions),
    scopes: fromJson<Record<string, RecordScope>>(row.scopes),
    userCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export const roleJson = { permissions: (p: string[]) => toJson([...new Set(p)].sort()), scopes: toJson };
