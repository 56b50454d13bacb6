// The permission catalog: `<area>:<action>` strings, the objects that carry a
// record scope, and the built-in roles. Later modules extend these lists.
import { z } from 'zod';

export const permissionCatalog = {
  /** assign: hand customers to any rep, out of a pool or over another rep's claim (撞单). */
  customers: ['read', 'write', 'delete', 'export', 'assign'],
  /** Log activities, keep tasks, comment; reading them follows the customer they belong to. */
  activities: ['write'],
  opportunities: ['read', 'write', 'delete'],
  /** Forecast and pipeline figures over the opportunities in scope; adjusting is a manager's call on them. */
  forecasts: ['read', 'adjust'],
  quotas: ['manage'],
  leads: ['read', 'write', 'delete'],
  users: ['read', 'write'],
  teams: ['read', 'write'],
  roles: ['read', 'write'],
  api_keys: ['manage'],
  audit: ['read'],
  settings: ['manage'],
  pii: ['read'],
} as const satisfies Record<string, readonly string[]>;

type Catalog = typeof permissionCatalog;
export type Permission = { [A in keyof Catalog]: `${A}:${Catalog[A][number]}` }[keyof Catalog];

export const allPermissions: Permission[] = Object.entries(permissionCatalog).flatMap(
  ([area, actions]) => actions.map((action) => `${area}:${action}` as Permission),
);
export const PermissionName = z.enum(allPermissions as [Permission, ...Permission[]]);

export const recordScopes = ['own', 'team', 'all'] as const;
export const RecordScope = z.enum(recordScopes);
export type RecordScope = z.infer<typeof RecordScope>;

/** Objects whose list and read queries are limited by the role's record scope. */
export const scopedObjects = ['customers', 'users', 'opportunities', 'leads'] as const;
export const ScopedObject = z.enum(scopedObjects);
export type ScopedObject = z.infer<typeof ScopedObject>;
export type ScopeMap = Partial<Record<ScopedObject, RecordScope>>;

export const builtinRoleKeys = [
  'admin',
  'sales_manager',
  'sales_rep',
  'service_manager',
  'service_agent',
  'marketing',
  'finance',
  'viewer',
] as const;
export type BuiltinRoleKey = (typeof builtinRoleKeys)[number];

/** Defaults the built-in roles are created with; admin always holds everything. */
export const builtinRoles: Record<BuiltinRoleKey, { permissions: Permission[]; scopes: ScopeMap }> = {
  admin: { permissions: allPermissions, scopes: { customers: 'all', users: 'all', opportunities: 'all', leads: 'all' } },
  sales_manager: {
    permissions: [
      'customers:read', 'customers:write', 'customers:delete', 'customers:export', 'customers:assign', 'activities:write',
      'opportunities:read', 'opportunities:write', 'opportunities:delete', 'leads:read', 'leads:write', 'leads:delete',
      'forecasts:read', 'forecasts:adjust', 'users:read', 'teams:read', 'api_keys:manage',
    ],
    scopes: { customers: 'team', users: 'team', opportunities: 'team', leads: 'team' },
  },
  sales_rep: {
    permissions: ['customers:read', 'customers:write', 'activities:write', 'opportunities:read', 'opportunities:write', 'leads:read', 'leads:write', 'forecasts:read', 'api_keys:manage'],
    scopes: { customers: 'own', users: 'own', opportunities: 'own', leads: 'own' },
  },
  service_manager: {
    permissions: ['customers:read', 'customers:write', 'activities:write', 'users:read', 'teams:read', 'api_keys:manage'],
    scopes: { customers: 'all', users: 'team' },
  },
  service_agent: { permissions: ['customers:read', 'activities:write', 'api_keys:manage'], scopes: { customers: 'all', users: 'own' } },
  marketing: {
    permissions: ['customers:read', 'customers:export', 'activities:write', 'opportunities:read', 'leads:read', 'leads:write', 'api_keys:manage'],
    scopes: { customers: 'all', users: 'own', opportunities: 'all', leads: 'all' },
  },
  finance: {
    permissions: ['customers:read', 'activities:write', 'opportunities:read', 'forecasts:read', 'api_keys:manage', 'pii:read'],
    scopes: { customers: 'all', users: 'own', opportunities: 'all' },
  },
  viewer: { permissions: ['customers:read', 'opportunities:read'], scopes: { customers: 'own', users: 'own', opportunities: 'own' } },
};
