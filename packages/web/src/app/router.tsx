// Routes. Every page is its own chunk, so the login page loads only what it needs.
import { importPermissions, type Permission } from '@kehu/shared';
import { lazy, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { useMe } from '../api/auth';
import { can } from './access';
import { BootGate, NotFound, RequireAuth, RequirePermission, RouteError } from './guards';
import { settingsEntries, settingsEntry, type SettingsKey } from './nav';

function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const SetupPage = page(() => import('../features/identity/setup-page'), 'SetupPage');
const LoginPage = page(() => import('../features/identity/login-page'), 'LoginPage');
const AppLayout = page(() => import('./app-layout'), 'AppLayout');
const HomePage = page(() => import('../features/home/home-page'), 'HomePage');
const ProfilePage = page(() => import('../features/identity/profile-page'), 'ProfilePage');
const OrganizationPage = page(() => import('../features/settings/organization-page'), 'OrganizationPage');
const UsersPage = page(() => import('../features/identity/users-page'), 'UsersPage');
const TeamsPage = page(() => import('../features/identity/teams-page'), 'TeamsPage');
const RolesPage = page(() => import('../features/identity/roles-page'), 'RolesPage');
const RolePage = page(() => import('../features/identity/role-page'), 'RolePage');
const ApiKeysPage = page(() => import('../features/identity/api-keys-page'), 'ApiKeysPage');
const SessionsPage = page(() => import('../features/identity/sessions-page'), 'SessionsPage');
const AuditPage = page(() => import('../features/settings/audit-page'), 'AuditPage');
const CustomerListPage = page(() => import('../features/customers/customer-list-page'), 'CustomerListPage');
const RecycleBinPage = page(() => import('../features/customers/recycle-bin-page'), 'RecycleBinPage');
const ImportPage = page(() => import('../features/customers/import-page'), 'ImportPage');
const CustomerPage = page(() => import('../features/customers/customer-page'), 'CustomerPage');
const DuplicatesPage = page(() => import('../features/customers/duplicates-page'), 'DuplicatesPage');
const CustomerPoolPage = page(() => import('../features/customers/pool-page'), 'CustomerPoolPage');
const CustomerPoolsPage = page(() => import('../features/settings/customer-pools-page'), 'CustomerPoolsPage');
const LeadFormsPage = page(() => import('../features/settings/lead-forms-page'), 'LeadFormsPage');
const LeadScoringPage = page(() => import('../features/settings/lead-scoring-page'), 'LeadScoringPage');
const LeadRoutingPage = page(() => import('../features/settings/lead-routing-page'), 'LeadRoutingPage');
const PicklistsPage = page(() => import('../features/settings/picklists-page'), 'PicklistsPage');
const CustomFieldsPage = page(() => import('../features/settings/custom-fields-page'), 'CustomFieldsPage');
const LeadsPage = page(() => import('../features/sales/leads-page'), 'LeadsPage');
const OpportunitiesPage = page(() => import('../features/sales/opportunities-page'), 'OpportunitiesPage');
const ForecastPage = page(() => import('../features/sales/forecast-page'), 'ForecastPage');
const PipelineInsightsPage = page(() => import('../features/sales/pipeline-insights-page'), 'PipelineInsightsPage');
const TasksPage = page(() => import('../features/activities/tasks-page'), 'TasksPage');
const CalendarPage = page(() => import('../features/activities/calendar-page'), 'CalendarPage');

/** /settings opens the first area this user may use. */
function SettingsIndex() {
  const me = useMe().data;
  const first = settingsEntries.find((e) => e.permission === null || (me && can(me, e.permission)));
  return <Navigate to={first?.path ?? '/'} replace />;
}

function guarded(key: SettingsKey, element: ReactNode) {
  const { permission } = settingsEntry(key);
  return permission ? <RequirePermission permission={permission}>{element}</RequirePermission> : element;
}

function permitted(permission: Permission | readonly Permission[], element: ReactNode) {
  return <RequirePermission permission={permission}>{element}</RequirePermission>;
}

const anyImporter = [...new Set(Object.values(importPermissions))];

export const router = createBrowserRouter([
  {
    element: <BootGate />,
    errorElement: <RouteError />,
    children: [
      { path: 'setup', element: <SetupPage /> },
      { path: 'login', element: <LoginPage /> },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <HomePage /> },
              { path: 'profile', element: <ProfilePage /> },
              {
                path: 'customers',
                children: [
                  { index: true, element: permitted('customers:read', <CustomerListPage />) },
                  { path: 'recycle-bin', element: permitted('customers:delete', <RecycleBinPage />) },
                  { path: 'duplicates', element: permitted('customers:read', <DuplicatesPage />) },
                  { path: 'import', element: permitted(anyImporter, <ImportPage />) },
                  { path: 'import/:importId', element: permitted(anyImporter, <ImportPage />) },
                  { path: ':customerId', element: permitted('customers:read', <CustomerPage />) },
                ],
              },
              { path: 'customer-pool', element: permitted('customers:read', <CustomerPoolPage />) },
              { path: 'leads', element: permitted('leads:read', <LeadsPage />) },
              { path: 'opportunities', element: permitted('opportunities:read', <OpportunitiesPage />) },
              { path: 'forecast', element: permitted('forecasts:read', <ForecastPage />) },
              { path: 'pipeline-insights', element: permitted('forecasts:read', <PipelineInsightsPage />) },
              { path: 'tasks', element: permitted('customers:read', <TasksPage />) },
              { path: 'calendar', element: permitted('customers:read', <CalendarPage />) },
              {
                path: 'settings',
                children: [
                  { index: true, element: <SettingsIndex /> },
                  { path: 'organization', element: guarded('organization', <OrganizationPage />) },
                  { path: 'picklists', element: guarded('picklists', <PicklistsPage />) },
                  { path: 'custom-fields', element: guarded('customFields', <CustomFieldsPage />) },
                  { path: 'customer-pools', element: guarded('customerPools', <CustomerPoolsPage />) },
                  { path: 'lead-scoring', element: guarded('leadScoring', <LeadScoringPage />) },
                  { path: 'lead-routing', element: guarded('leadRouting', <LeadRoutingPage />) },
                  { path: 'lead-forms', element: guarded('leadForms', <LeadFormsPage />) },
                  { path: 'users', element: guarded('users', <UsersPage />) },
                  { path: 'teams', element: guarded('teams', <TeamsPage />) },
                  { path: 'roles', element: guarded('roles', <RolesPage />) },
                  { path: 'roles/new', element: permitted('roles:write', <RolePage />) },
                  { path: 'roles/:roleId', element: guarded('roles', <RolePage />) },
                  { path: 'api-keys', element: guarded('apiKeys', <ApiKeysPage />) },
                  { path: 'sessions', element: guarded('sessions', <SessionsPage />) },
                  { path: 'audit', element: guarded('audit', <AuditPage />) },
                ],
              },
              { path: '*', element: <NotFound /> },
            ],
          },
        ],
      },
    ],
  },
]);
