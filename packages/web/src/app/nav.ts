// The areas of the app that exist, the permission each needs, and where they live:
// business areas at the top of the sidebar, settings areas folded under Settings.
import type { Permission } from '@kehu/shared';

export type AreaKey = 'customers' | 'customerDuplicates' | 'customerPool' | 'leads' | 'opportunities' | 'forecast' | 'pipelineInsights' | 'tasks' | 'calendar';

export interface AreaEntry {
  key: AreaKey;
  path: string;
  permission: Permission;
}

export const areaEntries: AreaEntry[] = [
  { key: 'customers', path: '/customers', permission: 'customers:read' },
  { key: 'customerDuplicates', path: '/customers/duplicates', permission: 'customers:read' },
  { key: 'customerPool', path: '/customer-pool', permission: 'customers:read' },
  { key: 'leads', path: '/leads', permission: 'leads:read' },
  { key: 'opportunities', path: '/opportunities', permission: 'opportunities:read' },
  { key: 'forecast', path: '/forecast', permission: 'forecasts:read' },
  { key: 'pipelineInsights', path: '/pipeline-insights', permission: 'forecasts:read' },
  { key: 'tasks', path: '/tasks', permission: 'customers:read' },
  { key: 'calendar', path: '/calendar', permission: 'customers:read' },
];

export type SettingsKey = 'organization' | 'picklists' | 'customFields' | 'customerPools' | 'leadScoring' | 'leadRouting' | 'leadForms' | 'users' | 'teams' | 'roles' | 'apiKeys' | 'sessions' | 'audit';

export interface SettingsEntry {
  key: SettingsKey;
  path: string;
  /** null: every signed-in user has it. */
  permission: Permission | null;
}

export const settingsEntries: SettingsEntry[] = [
  { key: 'organization', path: '/settings/organization', permission: 'settings:manage' },
  { key: 'picklists', path: '/settings/picklists', permission: 'settings:manage' },
  { key: 'customFields', path: '/settings/custom-fields', permission: 'settings:manage' },
  { key: 'customerPools', path: '/settings/customer-pools', permission: 'settings:manage' },
  { key: 'leadScoring', path: '/settings/lead-scoring', permission: 'settings:manage' },
  { key: 'leadRouting', path: '/settings/lead-routing', permission: 'settings:manage' },
  { key: 'leadForms', path: '/settings/lead-forms', permission: 'settings:manage' },
  { key: 'users', path: '/settings/users', permission: 'users:read' },
  { key: 'teams', path: '/settings/teams', permission: 'teams:read' },
  { key: 'roles', path: '/settings/roles', permission: 'roles:read' },
  { key: 'apiKeys', path: '/settings/api-keys', permission: 'api_keys:manage' },
  { key: 'sessions', path: '/settings/sessions', permission: null },
  { key: 'audit', path: '/settings/audit', permission: 'audit:read' },
];

export function settingsEntry(key: SettingsKey): SettingsEntry {
  const entry = settingsEntries.find((e) => e.key === key);
  if (!entry) throw new Error(`Unknown settings area ${key}`);
  return entry;
}

/** Only same-site paths are followed after login, never another origin. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
