// The signed-in devices of the current user; sign out any but this one.
import { DesktopOutlined, MobileOutlined } from '@ant-design/icons';
import type { Session } from '@kehu/shared';
import { App, Button, Flex, Popconfirm, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRevokeSession, useSessions } from '../../api/auth';
import { isApiError } from '../../api/client';
import { DataList } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useFormat } from '../../i18n/format';

interface Device {
  browser: string | null;
  os: string | null;
  mobile: boolean;
}

/** Enough of the user agent to recognise a device; the full string is in a tooltip. */
function parseUserAgent(ua: string | null): Device {
  if (!ua) return { browser: null, os: null, mobile: false };
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /MicroMessenger\//.test(ua)
      ? 'WeChat'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /(Chrome|Chromium|CriOS)\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : null;
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /(iPhone|iPad|iPod)/.test(ua)
      ? 'iOS'
      : /Android/.test(ua)
        ? 'Android'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  return { browser, os, mobile: /Mobi|Android|iPhone/.test(ua) };
}

export function SessionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const [revokingOthers, setRevokingOthers] = useState(false);
  const rows = sessions.data?.data ?? [];
  const others = rows.filter((s) => !s.current);

  const deviceName = (session: Session) => {
    const device = parseUserAgent(session.userAgent);
    if (!device.browser && !device.os) return t('sessions.unknownDevice');
    return [device.browser, device.os].filter(Boolean).join(' · ');
  };

  const deviceCell = (session: Session) => {
    const device = parseUserAgent(session.userAgent);
    return (
      <Tooltip title={session.userAgent ?? undefined}>
        <Flex align="center" gap={8}>
          {device.mobile ? <MobileOutlined aria-hidden /> : <DesktopOutlined aria-hidden />}
          <Typography.Text strong>{deviceName(session)}</Typography.Text>
          {session.current ? (
            <Tag color="blue" data-testid="current-session">
              {t('sessions.current')}
            </Tag>
          ) : null}
        </Flex>
      </Tooltip>
    );
  };

  const revokeOne = (session: Session) =>
    revoke.mutateAsync(session.id).then(
      () => void message.success(t('sessions.revoked')),
      (error: unknown) => void message.error(isApiError(error) ? error.problem.title : t('errors.unknown')),
    );

  const revokeOthers = async () => {
    setRevokingOthers(true);
    let failed = 0;
    for (const session of others) {
      try {
        await revoke.mutateAsync(session.id);
      } catch {
        failed += 1;
      }
    }
    setRevokingOthers(false);
    if (failed > 0) void message.error(t('sessions.revokeSomeFailed', { n: failed }));
    else void message.success(t('sessions.revokedOthers'));
  };

  const revokeButton = (session: Session, block = false) =>
    session.current ? null : (
      <Popconfirm
        title={t('sessions.revokeConfirm')}
        okText={t('sessions.revoke')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        onConfirm={() => revokeOne(session)}
      >
        <Button danger type={block ? 'default' : 'link'} block={block}>
          {t('sessions.revoke')}
        </Button>
      </Popconfirm>
    );

  const columns: ColumnsType<Session> = [
    { title: t('sessions.columns.device'), key: 'device', render: (_v, s) => deviceCell(s) },
    { title: t('sessions.columns.ip'), key: 'ip', render: (_v, s) => s.ip ?? '—' },
    { title: t('sessions.columns.signedIn'), key: 'createdAt', render: (_v, s) => format.dateTime(s.createdAt) },
    {
      title: t('sessions.columns.lastSeen'),
      key: 'lastSeenAt',
      render: (_v, s) => <Tooltip title={format.dateTime(s.lastSeenAt)}>{format.relative(s.lastSeenAt)}</Tooltip>,
    },
    { title: t('sessions.columns.expires'), key: 'expiresAt', render: (_v, s) => format.dateTime(s.expiresAt) },
    { title: t('common.actions'), key: 'actions', render: (_v, s) => revokeButton(s) },
  ];

  const renderCard = (session: Session) => (
    <Flex vertical gap={6}>
      {deviceCell(session)}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('sessions.cardMeta', { ip: session.ip ?? '—', seen: format.relative(session.lastSeenAt) })}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('sessions.cardSignedIn', { time: format.dateTime(session.createdAt) })}
      </Typography.Text>
      {revokeButton(session, true)}
    </Flex>
  );

  return (
    <>
      <PageHeader
        title={t('sessions.title')}
        description={t('sessions.description')}
        extra={
          others.length > 0 ? (
            <Popconfirm
              title={t('sessions.revokeOthersConfirm', { n: others.length })}
              okText={t('sessions.revokeOthers')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={revokeOthers}
            >
              <Button danger loading={revokingOthers} data-testid="revoke-other-sessions">
                {t('sessions.revokeOthers')}
              </Button>
            </Popconfirm>
          ) : null
        }
      />
      {sessions.isPending ? (
        <PageSkeleton />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <DataList<Session>
          data={rows}
          rowKey={(s) => s.id}
          columns={columns}
          renderCard={renderCard}
          empty={<EmptyState description={t('sessions.empty')} />}
          testId="sessions-list"
        />
      )}
    </>
  );
}
