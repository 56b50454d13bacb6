// The notification center's content: unread / all tabs, one line per notification
// written in the user's language, and "mark all read". Shown in the header bell's
// popover on a desktop and in a drawer on a phone.
import { CheckSquareOutlined, ClockCircleOutlined, FundProjectionScreenOutlined, InboxOutlined, MessageOutlined, PhoneOutlined, ThunderboltOutlined, TrophyOutlined, WarningOutlined } from '@ant-design/icons';
import type { Notification, NotificationKind } from '@kehu/shared';
import { Avatar, Button, Flex, Spin, Tabs, Typography, theme } from 'antd';
import type { TFunction } from 'i18next';
import { useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMarkAllNotificationsRead, useMarkNotificationsRead, useNotifications } from '../../api/notifications';
import { ErrorState } from '../../components/error-state';
import { EmptyState } from '../../components/page-state';
import { useFormat, type Formatter } from '../../i18n/format';

const kindIcons: Record<NotificationKind, { icon: ComponentType<{ 'aria-hidden'?: boolean }>; color: string }> = {
  mention: { icon: MessageOutlined, color: '#1677ff' },
  task_assigned: { icon: CheckSquareOutlined, color: '#722ed1' },
  task_reminder: { icon: ClockCircleOutlined, color: '#fa8c16' },
  follow_up_due: { icon: PhoneOutlined, color: '#13c2c2' },
  lead_assigned: { icon: ThunderboltOutlined, color: '#eb2f96' },
  opportunity_stage: { icon: FundProjectionScreenOutlined, color: '#2f54eb' },
  opportunity_won: { icon: TrophyOutlined, color: '#52c41a' },
  pool_reclaim_warning: { icon: WarningOutlined, color: '#faad14' },
  pool_reclaimed: { icon: InboxOutlined, color: '#8c8c8c' },
};

/** Where a notification leads: the opportunity, its customer's timeline, else the task or lead itself, or the pool a customer went back to. */
function notificationPath(n: Notification): string | null {
  if (n.link.type === 'opportunity') return `/opportunities?open=${encodeURIComponent(n.link.id)}`;
  if (n.customerId) return `/customers/${encodeURIComponent(n.customerId)}?tab=timeline`;
  if (n.link.type === 'task') return `/tasks?open=${encodeURIComponent(n.link.id)}`;
  if (n.link.type === 'lead') return `/leads?open=${encodeURIComponent(n.link.id)}`;
  if (n.link.type === 'customer') return `/customers/${encodeURIComponent(n.link.id)}?tab=timeline`;
  if (n.link.type === 'customer_pool') return `/customer-pool?pool=${encodeURIComponent(n.link.id)}`;
  return null;
}

function sentence(t: TFunction, n: Notification): string {
  const values = { actor: n.actorName ?? t('notifications.someone'), title: n.title };
  switch (n.kind) {
    case 'mention':
      return t('notifications.sentence.mention', values);
    case 'task_assigned':
      return t('notifications.sentence.task_assigned', values);
    case 'task_reminder':
      return t('notifications.sentence.task_reminder', values);
    case 'follow_up_due':
      return t('notifications.sentence.follow_up_due', values);
    case 'lead_assigned':
      return t('notifications.sentence.lead_assigned', values);
    case 'opportunity_stage':
      return t('notifications.sentence.opportunity_stage', values);
    case 'opportunity_won':
      return t('notifications.sentence.opportunity_won', values);
    case 'pool_reclaim_warning':
      return t('notifications.sentence.pool_reclaim_warning', values);
    case 'pool_reclaimed':
      return t('notifications.sentence.pool_reclaimed', values);
  }
}

/** The line under the sentence: the comment excerpt, or the due time the server sends as ISO. */
function detail(t: TFunction, fmt: Formatter, n: Notification): string | null {
  if (!n.body) return null;
  if (n.kind === 'mention' || n.kind === 'lead_assigned') return n.body;
  if (n.kind === 'opportunity_stage') return t('notifications.toStage', { stage: n.body });
  if (n.kind === 'opportunity_won') return t('notifications.wonAmount', { amount: n.body });
  if (n.kind === 'pool_reclaimed') return t('notifications.toPool', { pool: n.body });
  const at = Number.isNaN(Date.parse(n.body)) ? n.body : fmt.dateTime(n.body);
  if (n.kind === 'pool_reclaim_warning') return t('notifications.reclaimAt', { time: at });
  return n.kind === 'follow_up_due' ? t('notifications.followUpAt', { time: at }) : t('notifications.due', { time: at });
}

function NotificationItem({ item, onOpen }: { item: Notification; onOpen: (n: Notification) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { token } = theme.useToken();
  const { icon: Icon, color } = kindIcons[item.kind];
  const unread = item.readAt === null;
  const extra = detail(t, fmt, item);
  return (
    <li style={{ listStyle: 'none', borderBottom: `1px solid ${token.colorSplit}` }}>
      <button
        type="button"
        onClick={() => onOpen(item)}
        data-testid="notification-item"
        data-unread={unread}
        style={{
          display: 'flex',
          gap: 12,
          width: '100%',
          padding: '12px 16px',
          border: 'none',
          textAlign: 'start',
          cursor: 'pointer',
          font: 'inherit',
          background: unread ? token.colorPrimaryBg : 'transparent',
        }}
      >
        <Avatar size={32} icon={<Icon aria-hidden />} style={{ background: color, flexShrink: 0 }} />
        <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Typography.Text strong={unread}>{sentence(t, item)}</Typography.Text>
          {extra ? (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 13 }}>
              {extra}
            </Typography.Paragraph>
          ) : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }} title={fmt.dateTime(item.createdAt)}>
            {fmt.relative(item.createdAt)}
          </Typography.Text>
        </Flex>
        {unread ? (
          <span
            role="img"
            aria-label={t('notifications.unreadMark')}
            style={{ width: 8, height: 8, marginTop: 6, borderRadius: '50%', background: token.colorPrimary, flexShrink: 0 }}
          />
        ) : null}
      </button>
    </li>
  );
}

function NotificationList({ unread, onOpen, onShowAll }: { unread: boolean; onOpen: (n: Notification) => void; onShowAll: () => void }) {
  const { t } = useTranslation();
  const list = useNotifications(unread);
  const items = list.data?.pages.flatMap((page) => page.data) ?? [];

  if (list.isPending) {
    return (
      <Flex justify="center" style={{ padding: 32 }}>
        <Spin />
      </Flex>
    );
  }
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (items.length === 0) {
    return unread ? (
      <EmptyState description={t('notifications.empty.unread')} action={<Button onClick={onShowAll}>{t('notifications.showAll')}</Button>} />
    ) : (
      <EmptyState description={t('notifications.empty.all')} />
    );
  }
  return (
    <>
      <ul style={{ margin: 0, padding: 0 }} aria-label={t('notifications.title')} data-testid="notification-list">
        {items.map((item) => (
          <NotificationItem key={item.id} item={item} onOpen={onOpen} />
        ))}
      </ul>
      {list.hasNextPage ? (
        <Flex justify="center" style={{ padding: 8 }}>
          <Button type="link" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </Flex>
      ) : null}
    </>
  );
}

type TabKey = 'unread' | 'all';

/** `onNavigate` closes the popover or drawer that holds the panel. */
export function NotificationPanel({ unreadCount, onNavigate, maxListHeight }: { unreadCount: number; onNavigate: () => void; maxListHeight?: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [tab, setTab] = useState<TabKey>(unreadCount > 0 ? 'unread' : 'all');
  const markRead = useMarkNotificationsRead();
  const markAll = useMarkAllNotificationsRead();

  const open = (n: Notification) => {
    if (n.readAt === null) markRead.mutate([n.id]);
    const path = notificationPath(n);
    if (!path) return;
    onNavigate();
    navigate(path);
  };

  const list = (unread: boolean) => (
    <div style={{ maxHeight: maxListHeight, overflowY: maxListHeight ? 'auto' : undefined }}>
      <NotificationList unread={unread} onOpen={open} onShowAll={() => setTab('all')} />
    </div>
  );

  return (
    <Tabs
      activeKey={tab}
      onChange={(key) => setTab(key as TabKey)}
      size="small"
      tabBarStyle={{ paddingInline: 16, marginBottom: 0 }}
      tabBarExtraContent={
        <Button
          type="link"
          size="small"
          disabled={unreadCount === 0}
          loading={markAll.isPending}
          onClick={() => markAll.mutate()}
          data-testid="notifications-mark-all-read"
        >
          {t('notifications.markAllRead')}
        </Button>
      }
      items={[
        { key: 'unread', label: <span data-testid="notifications-tab-unread">{t('notifications.tabs.unread')}</span>, children: list(true) },
        { key: 'all', label: <span data-testid="notifications-tab-all">{t('notifications.tabs.all')}</span>, children: list(false) },
      ]}
      destroyOnHidden
    />
  );
}
