// "Subscribe on my phone" (订阅到手机日历): the user's private iCalendar address, made on first
// open, with a copy button, a way to replace it when it leaked, and how to add it per phone.
import { CalendarOutlined, CopyOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Input, Modal, Popconfirm, Skeleton, Space, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useCalendarFeed, useDeleteCalendarFeed, useRotateCalendarFeed } from '../../api/calendar';
import { ErrorState } from '../../components/error-state';

const platforms = ['iphone', 'android', 'outlook'] as const;

/** Calendar apps open webcal:// addresses straight into their "subscribe" dialog. */
const webcalOf = (url: string) => url.replace(/^https?:\/\//, 'webcal://');

export function CalendarFeedModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const feed = useCalendarFeed(open);
  const rotate = useRotateCalendarFeed();
  const remove = useDeleteCalendarFeed();
  const created = useRef(false);
  const url = feed.data?.url ?? null;

  // The first visit has no address yet: make one, once, instead of asking the user to.
  useEffect(() => {
    if (!open || created.current || !feed.isSuccess || feed.data.url !== null) return;
    created.current = true;
    rotate.mutate();
  }, [open, feed.isSuccess, feed.data, rotate]);

  const fail = (error: unknown) => void message.error(isApiError(error) ? error.problem.title : t('errors.unknown'));

  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      void message.success(t('calendar.feed.copied'));
    } catch {
      // Plain-http sites have no clipboard API: leave the address selected for Ctrl+C.
      const input = document.querySelector<HTMLInputElement>('[data-testid="calendar-feed-url"]');
      input?.select();
      void message.info(t('calendar.feed.copyManually'));
    }
  };

  const onRotate = () =>
    rotate.mutate(undefined, { onSuccess: () => void message.success(t('calendar.feed.rotated')), onError: fail });
  const onRemove = () =>
    remove.mutate(undefined, { onSuccess: () => void message.success(t('calendar.feed.removed')), onError: fail });

  const body = () => {
    if (feed.isError) return <ErrorState error={feed.error} onRetry={() => void feed.refetch()} />;
    if (rotate.isError && !url) return <ErrorState error={rotate.error} onRetry={() => rotate.mutate()} />;
    if (feed.isPending || (!url && rotate.isPending)) return <Skeleton active paragraph={{ rows: 3 }} />;
    if (!url) {
      return (
        <Flex vertical gap={12} align="flex-start">
          <Typography.Text type="secondary">{t('calendar.feed.none')}</Typography.Text>
          <Button type="primary" loading={rotate.isPending} onClick={onRotate} data-testid="calendar-feed-create">
            {t('calendar.feed.create')}
          </Button>
        </Flex>
      );
    }
    return (
      <Flex vertical gap={16}>
        <Typography.Text type="secondary">{t('calendar.feed.intro')}</Typography.Text>
        <Space.Compact style={{ width: '100%' }}>
          <Input readOnly value={url} onFocus={(e) => e.target.select()} aria-label={t('calendar.feed.urlLabel')} data-testid="calendar-feed-url" />
          <Button icon={<CopyOutlined aria-hidden />} onClick={() => void copy()} data-testid="calendar-feed-copy">
            {t('common.copy')}
          </Button>
        </Space.Compact>
        <Alert type="warning" showIcon title={t('calendar.feed.secret')} />
        <Flex gap={8} wrap>
          <Button icon={<CalendarOutlined aria-hidden />} href={webcalOf(url)}>
            {t('calendar.feed.openInApp')}
          </Button>
          <Popconfirm
            title={t('calendar.feed.rotateTitle')}
            description={t('calendar.feed.rotateWarning')}
            okText={t('calendar.feed.rotate')}
            cancelText={t('common.cancel')}
            onConfirm={onRotate}
          >
            <Button icon={<ReloadOutlined aria-hidden />} loading={rotate.isPending} data-testid="calendar-feed-rotate">
              {t('calendar.feed.rotate')}
            </Button>
          </Popconfirm>
          <Popconfirm
            title={t('calendar.feed.removeTitle')}
            description={t('calendar.feed.removeWarning')}
            okText={t('calendar.feed.remove')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={onRemove}
          >
            <Button danger type="text" loading={remove.isPending} data-testid="calendar-feed-remove">
              {t('calendar.feed.remove')}
            </Button>
          </Popconfirm>
        </Flex>
        <div>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('calendar.feed.howTo')}
          </Typography.Title>
          {platforms.map((platform) => (
            <Typography.Paragraph key={platform} style={{ marginBottom: 8 }}>
              <Typography.Text strong>{t(`calendar.feed.platforms.${platform}.name`)}</Typography.Text>
              {t('calendar.feed.colon')}
              {t(`calendar.feed.platforms.${platform}.steps`)}
            </Typography.Paragraph>
          ))}
          <Typography.Text type="secondary">{t('calendar.feed.refreshNote')}</Typography.Text>
        </div>
      </Flex>
    );
  };

  return (
    <Modal
      open={open}
      title={t('calendar.feed.title')}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
      destroyOnHidden
    >
      <div data-testid="calendar-feed">{body()}</div>
    </Modal>
  );
}
