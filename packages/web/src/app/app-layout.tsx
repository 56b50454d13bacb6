// The signed-in shell: sidebar (a drawer on phones), header with the user
// menu, and the page. It also puts the UI in the user's own language.
import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  FundProjectionScreenOutlined,
  FunnelPlotOutlined,
  LineChartOutlined,
  CheckOutlined,
  ClusterOutlined,
  InboxOutlined,
  ContactsOutlined,
  DesktopOutlined,
  DiffOutlined,
  DownOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  OrderedListOutlined,
  FormOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  RiseOutlined,
  BranchesOutlined,
  UserOutlined,
  AimOutlined,
  ProfileOutlined,
} from '@ant-design/icons';
import { locales, type Locale, type Me } from '@kehu/shared';
import { useQueryClient } from '@tanstack/react-query';
import { App, Avatar, Button, Drawer, Dropdown, Flex, Layout, Menu, Typography, type MenuProps } from 'antd';
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useCurrentMe, useLogout, useUpdateMe } from '../api/auth';
import { isApiError, VERSION_CONFLICT } from '../api/client';
import { keys } from '../api/keys';
import { PageSkeleton } from '../components/page-state';
import { GlobalSearch } from '../features/search/search-palette';
import { NotificationBell } from '../features/activities/notification-bell';
import { useIsPhone } from '../components/use-is-phone';
import { changeLocale, currentLocale, localeNames, storedLocale } from '../i18n';
import { can } from './access';
import { areaEntries, settingsEntries, type AreaKey, type SettingsKey } from './nav';

const areaIcons: Record<AreaKey, ReactNode> = {
  customers: <ContactsOutlined aria-hidden />,
  customerDuplicates: <DiffOutlined aria-hidden />,
  customerPool: <InboxOutlined aria-hidden />,
  leads: <AimOutlined aria-hidden />,
  opportunities: <FundProjectionScreenOutlined aria-hidden />,
  forecast: <LineChartOutlined aria-hidden />,
  pipelineInsights: <FunnelPlotOutlined aria-hidden />,
  tasks: <CheckSquareOutlined aria-hidden />,
  calendar: <CalendarOutlined aria-hidden />,
};

const settingsIcons: Record<SettingsKey, ReactNode> = {
  organization: <BankOutlined aria-hidden />,
  picklists: <OrderedListOutlined aria-hidden />,
  customFields: <FormOutlined aria-hidden />,
  customerPools: <ClusterOutlined aria-hidden />,
  leadScoring: <RiseOutlined aria-hidden />,
  leadRouting: <BranchesOutlined aria-hidden />,
  leadForms: <ProfileOutlined aria-hidden />,
  users: <UserOutlined aria-hidden />,
  teams: <ApartmentOutlined aria-hidden />,
  roles: <SafetyCertificateOutlined aria-hidden />,
  apiKeys: <KeyOutlined aria-hidden />,
  sessions: <DesktopOutlined aria-hidden />,
  audit: <AuditOutlined aria-hidden />,
};

const SIDER_WIDTH = 220;

/** The user's saved language wins, then what they picked on this device, then the organization's. */
function useUserLocale(me: Me): void {
  const userLocale = me.user.locale;
  const orgLocale = me.organization.defaultLocale;
  useEffect(() => {
    const target = userLocale ?? storedLocale() ?? orgLocale;
    void changeLocale(target, { remember: userLocale !== null });
  }, [userLocale, orgLocale]);
}

function Brand({ collapsed = false }: { collapsed?: boolean }) {
  const { t } = useTranslation();
  return (
    <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10, color: 'inherit' }}>
      <img src="/favicon.svg" alt="" width={28} height={28} />
      {collapsed ? null : (
        <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </Typography.Text>
      )}
    </Link>
  );
}

function SideMenu({ me, onNavigate }: { me: Me; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  // Settings starts unfolded only where it is in use; clicking its title then folds or unfolds it.
  const inSettings = pathname.startsWith('/settings');
  const [openKeys, setOpenKeys] = useState<string[]>(inSettings ? ['settings'] : []);
  useEffect(() => {
    if (inSettings) setOpenKeys((keys) => (keys.includes('settings') ? keys : [...keys, 'settings']));
  }, [inSettings]);
  const areas = areaEntries.filter((e) => can(me, e.permission));
  const settings = settingsEntries.filter((e) => e.permission === null || can(me, e.permission));
  // The deepest entry that holds the page wins: /customers/duplicates over /customers.
  const selected =
    pathname === '/'
      ? '/'
      : ([...areas, ...settings]
          .filter((e) => pathname === e.path || pathname.startsWith(`${e.path}/`))
          .sort((a, b) => b.path.length - a.path.length)[0]?.path ?? '');
  const link = (path: string, icon: ReactNode, label: string) => ({
    key: path,
    icon,
    label: (
      <Link to={path} onClick={onNavigate}>
        {label}
      </Link>
    ),
  });
  const items: MenuProps['items'] = [
    link('/', <HomeOutlined aria-hidden />, t('nav.home')),
    ...areas.map((entry) => link(entry.path, areaIcons[entry.key], t(`nav.${entry.key}`))),
    {
      key: 'settings',
      icon: <SettingOutlined aria-hidden />,
      label: t('nav.settings'),
      children: settings.map((entry) => link(entry.path, settingsIcons[entry.key], t(`nav.${entry.key}`))),
    },
  ];
  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={[selected]}
      openKeys={openKeys}
      onOpenChange={setOpenKeys}
      style={{ borderInlineEnd: 'none' }}
      data-testid="sidebar-menu"
    />
  );
}

function UserMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const client = useQueryClient();
  const logout = useLogout();
  const updateMe = useUpdateMe();
  const active = currentLocale();

  const saveLocale = (locale: Locale, version: number, retried = false) => {
    updateMe.mutate(
      { locale, version },
      {
        onError: async (error) => {
          if (!retried && isApiError(error, VERSION_CONFLICT)) {
            const fresh = await client.fetchQuery<Me | null>({ queryKey: keys.me, staleTime: 0 });
            if (fresh) saveLocale(locale, fresh.user.version, true);
            return;
          }
          void message.error(isApiError(error) ? error.problem.title : t('errors.unknown'));
        },
      },
    );
  };

  const items: MenuProps['items'] = [
    {
      key: 'profile',
      icon: <UserOutlined aria-hidden />,
      label: <span data-testid="menu-profile">{t('userMenu.profile')}</span>,
    },
    { type: 'divider' },
    {
      type: 'group',
      key: 'language',
      label: t('userMenu.language'),
      children: locales.map((locale) => ({
        key: `lang:${locale}`,
        icon: locale === active ? <CheckOutlined aria-hidden /> : <span style={{ display: 'inline-block', width: 14 }} />,
        label: <span data-testid={`lang-${locale}`}>{localeNames[locale]}</span>,
      })),
    },
    { type: 'divider' },
    {
      key: 'logout',
      icon: <LogoutOutlined aria-hidden />,
      danger: true,
      label: <span data-testid="menu-logout">{t('userMenu.logout')}</span>,
    },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'profile') navigate('/profile');
    else if (key === 'logout') logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
    else if (key.startsWith('lang:')) {
      const locale = key.slice(5) as Locale;
      if (locale === active) return;
      void changeLocale(locale, { remember: true });
      saveLocale(locale, me.user.version);
    }
  };

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button type="text" data-testid="user-menu" aria-label={t('userMenu.open')} style={{ height: 40, paddingInline: 8 }}>
        <Flex align="center" gap={8}>
          <Avatar size="small" style={{ background: '#1677ff' }}>
            {me.user.name.slice(0, 1).toUpperCase()}
          </Avatar>
          {isPhone ? null : <span style={{ maxWidth: 160, overflow: 'hidden', textOverflow: 'ellipsis' }}>{me.user.name}</span>}
          <DownOutlined aria-hidden style={{ fontSize: 10 }} />
        </Flex>
      </Button>
    </Dropdown>
  );
}

export function AppLayout() {
  const me = useCurrentMe();
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  useUserLocale(me);

  // antd's App (message/notification context) lives here: the login page does not need it.
  return (
    <App>
      <Layout style={{ minHeight: '100vh' }}>
        {isPhone ? (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={SIDER_WIDTH + 40}
            title={<Brand />}
            styles={{ body: { padding: 8 } }}
          >
            <SideMenu me={me} onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        ) : (
          <Layout.Sider
            width={SIDER_WIDTH}
            collapsible
            collapsed={collapsed}
            trigger={null}
            theme="light"
            style={{ borderInlineEnd: '1px solid #f0f0f0', position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
          >
            <div style={{ height: 56, display: 'flex', alignItems: 'center', padding: collapsed ? '0 26px' : '0 20px' }}>
              <Brand collapsed={collapsed} />
            </div>
            <SideMenu me={me} />
          </Layout.Sider>
        )}
        <Layout>
          <Layout.Header
            style={{
              display: 'flex',
              alignItems: 'center',
              gap: 8,
              height: 56,
              lineHeight: '56px',
              borderBottom: '1px solid #f0f0f0',
              position: 'sticky',
              top: 0,
              zIndex: 10,
            }}
          >
            {isPhone ? (
              <Button
                type="text"
                icon={<MenuOutlined aria-hidden />}
                onClick={() => setDrawerOpen(true)}
                aria-label={t('app.openMenu')}
                data-testid="open-menu"
              />
            ) : (
              <Button
                type="text"
                icon={collapsed ? <MenuUnfoldOutlined aria-hidden /> : <MenuFoldOutlined aria-hidden />}
                onClick={() => setCollapsed((c) => !c)}
                aria-label={collapsed ? t('app.expandMenu') : t('app.collapseMenu')}
              />
            )}
            {isPhone ? <Brand /> : null}
            <Typography.Text type="secondary" ellipsis style={{ flex: 1, minWidth: 0 }}>
              {isPhone ? null : me.organization.name}
            </Typography.Text>
            <GlobalSearch />
            <NotificationBell />
            <UserMenu me={me} />
          </Layout.Header>
          <Layout.Content style={{ padding: isPhone ? 12 : 24 }}>
            <div style={{ maxWidth: 1280, margin: '0 auto' }}>
              <Suspense fallback={<PageSkeleton />}>
                <Outlet />
              </Suspense>
            </div>
          </Layout.Content>
        </Layout>
      </Layout>
    </App>
  );
}

