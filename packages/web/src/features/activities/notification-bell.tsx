// The header's bell: the live unread count on a badge, and the notification
// center in a popover (a full-width drawer on a phone).
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Popover, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { useLiveUnread, useUnreadCount } from '../../api/notifications';
import { useIsPhone } from '../../components/use-is-phone';
import { NotificationPanel } from './notification-panel';

function UnreadBubble({ count }: { count: number }) {
  const { token } = theme.useToken();
  // A plain element instead of antd's rolling digits, so the count reads as one settled text.
  return (
    <span
      data-testid="unread-count"
      style={{
        minWidth: 16,
        height: 16,
        paddingInline: 4,
        borderRadius: 8,
        background: token.colorError,
        color: '#fff',
        fontSize: 11,
        lineHeight: '16px',
        textAlign: 'center',
        whiteSpace: 'nowrap',
        boxShadow: `0 0 0 1px ${token.colorBgContainer}`,
      }}
    >
      {count > 99 ? '99+' : count}
    </span>
  );
}

export function NotificationBell() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const signedIn = Boolean(useMe().data);
  const [open, setOpen] = useState(false);
  useLiveUnread(signedIn);
  const unread = useUnreadCount().data?.unread ?? 0;
  const close = () => setOpen(false);

  const button = (
    <Button
      type="text"
      onClick={isPhone ? () => setOpen(true) : undefined}
      aria-label={unread > 0 ? t('notifications.openWithCount', { count: unread }) : t('notifications.open')}
      aria-haspopup="dialog"
      aria-expanded={open}
      data-testid="notification-bell"
      icon={
        <Badge count={unread > 0 ? <UnreadBubble count={unread} /> : 0} offset={[2, -2]}>
          <BellOutlined aria-hidden style={{ fontSize: 18 }} />
        </Badge>
      }
    />
  );

  if (isPhone) {
    return (
      <>
        {button}
        <Drawer
          open={open}
          onClose={close}
          placement="right"
          size="100%"
          title={t('notifications.title')}
          styles={{ body: { padding: 0 } }}
          destroyOnHidden
        >
          <div data-testid="notification-panel">
            <NotificationPanel unreadCount={unread} onNavigate={close} />
          </div>
        </Drawer>
      </>
    );
  }

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      arrow={false}
      title={t('notifications.title')}
      content={
        <div data-testid="notification-panel" style={{ width: 400 }}>
          <NotificationPanel unreadCount={unread} onNavigate={close} maxListHeight={440} />
        </div>
      }
      styles={{ container: { padding: 0 }, title: { padding: '12px 16px 0', marginBottom: 0 } }}
      destroyOnHidden
    >
      {button}
    </Popover>
  );
}
