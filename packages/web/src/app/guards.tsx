// Gates every route passes: first-run setup, signed-in session, permission.
import type { Permission } from '@kehu/shared';
import { Button, Flex, Result, Spin } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate, useRouteError } from 'react-router';
import { useMe, useSetupStatus } from '../api/auth';
import { ErrorState } from '../components/error-state';
import { can } from './access';

export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

/** Sends a fresh installation to /setup, and keeps /setup closed once it is done. */
export function BootGate() {
  const setup = useSetupStatus();
  const { pathname } = useLocation();
  if (setup.isPending) return <FullPageSpin />;
  if (setup.isError) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
        <ErrorState error={setup.error} onRetry={() => void setup.refetch()} />
      </Flex>
    );
  }
  const onSetup = pathname === '/setup';
  if (setup.data.needsSetup && !onSetup) return <Navigate to="/setup" replace />;
  if (!setup.data.needsSetup && onSetup) return <Navigate to="/" replace />;
  return (
    <Suspense fallback={<FullPageSpin />}>
      <Outlet />
    </Suspense>
  );
}

export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </Flex>
    );
  }
  if (!me.data) {
    const next = location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  return (
    <Suspense fallback={<FullPageSpin />}>
      <Outlet />
    </Suspense>
  );
}

export function Forbidden() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('app.forbiddenTitle')}
      subTitle={t('app.forbidden')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('app.backHome')}
        </Button>
      }
      data-testid="forbidden"
    />
  );
}

/** Shows its children to whoever holds the permission, or any one of several. */
export function RequirePermission({ permission, children }: { permission: Permission | readonly Permission[]; children: ReactNode }) {
  const me = useMe().data;
  const anyOf: readonly Permission[] = typeof permission === 'string' ? [permission] : permission;
  if (!me || !anyOf.some((p) => can(me, p))) return <Forbidden />;
  return children;
}

export function NotFound() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('app.notFoundTitle')}
      subTitle={t('app.notFound')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('app.backHome')}
        </Button>
      }
    />
  );
}

/** Router-level failures, most often a page chunk gone after an upgrade. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (import.meta.env.DEV) console.error(error);
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Result
        status="error"
        title={t('errors.pageFailed')}
        subTitle={t('errors.pageFailedHint')}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {t('common.reload')}
          </Button>
        }
      />
    </Flex>
  );
}
