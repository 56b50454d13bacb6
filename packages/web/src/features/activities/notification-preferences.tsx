// The profile page's notification settings: per kind, in the app and by email,
// plus the daily morning email.
import { notificationKinds, type NotificationKind, type NotificationPreferences } from '@kehu/shared';
import { Alert, App, Button, Card, Flex, Form, Skeleton, Switch, Typography, theme } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNotificationPreferences, useSaveNotificationPreferences } from '../../api/notifications';
import { ErrorState } from '../../components/error-state';
import { FormProblem, useFormProblem } from '../../components/forms';

const CHANNEL_WIDTH = 56;

function ChannelSwitch({ kind, channel }: { kind: NotificationKind; channel: 'inApp' | 'email' }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={['kinds', kind, channel]} valuePropName="checked" noStyle>
      <Switch
        size="small"
        aria-label={`${t(`notifications.kinds.${kind}`)} · ${t(`notifications.preferences.${channel}`)}`}
        data-testid={`notification-pref-${kind}-${channel}`}
      />
    </Form.Item>
  );
}

export function NotificationPreferencesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const prefs = useNotificationPreferences();
  const save = useSaveNotificationPreferences();
  const [form] = Form.useForm<NotificationPreferences>();
  const problem = useFormProblem(form);

  useEffect(() => {
    if (prefs.data) form.setFieldsValue(prefs.data);
  }, [prefs.data, form]);

  const onFinish = (values: NotificationPreferences) => {
    problem.clear();
    save.mutate(values, { onSuccess: () => void message.success(t('notifications.preferences.saved')), onError: problem.onError });
  };

  let body;
  if (prefs.isPending) body = <Skeleton active paragraph={{ rows: 4 }} />;
  else if (prefs.isError) body = <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />;
  else {
    body = (
      <Form<NotificationPreferences> form={form} name="notification-preferences" initialValues={prefs.data} onFinish={onFinish}>
        <Flex align="center" gap={8} style={{ paddingBlock: 8, borderBottom: `1px solid ${token.colorSplit}` }}>
          <Typography.Text type="secondary" style={{ flex: 1 }}>
            {t('notifications.preferences.kind')}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ width: CHANNEL_WIDTH, textAlign: 'center' }}>
            {t('notifications.preferences.inApp')}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ width: CHANNEL_WIDTH, textAlign: 'center' }}>
            {t('notifications.preferences.email')}
          </Typography.Text>
        </Flex>
        {notificationKinds.map((kind) => (
          <Flex key={kind} align="center" gap={8} style={{ paddingBlock: 10, borderBottom: `1px solid ${token.colorSplit}` }}>
            <Flex vertical style={{ flex: 1, minWidth: 0 }}>
              <Typography.Text>{t(`notifications.kinds.${kind}`)}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`notifications.kindHints.${kind}`)}
              </Typography.Text>
            </Flex>
            <Flex justify="center" style={{ width: CHANNEL_WIDTH }}>
              <ChannelSwitch kind={kind} channel="inApp" />
            </Flex>
            <Flex justify="center" style={{ width: CHANNEL_WIDTH }}>
              <ChannelSwitch kind={kind} channel="email" />
            </Flex>
          </Flex>
        ))}
        <Flex align="center" gap={8} style={{ paddingBlock: 12 }}>
          <Flex vertical style={{ flex: 1, minWidth: 0 }}>
            <Typography.Text>{t('notifications.preferences.dailyDigest')}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('notifications.preferences.dailyDigestHint')}
            </Typography.Text>
          </Flex>
          <Flex justify="center" style={{ width: CHANNEL_WIDTH }}>
            <Form.Item name="dailyDigest" valuePropName="checked" noStyle>
              <Switch size="small" aria-label={t('notifications.preferences.dailyDigest')} data-testid="notification-pref-daily-digest" />
            </Form.Item>
          </Flex>
        </Flex>
        <Alert type="info" showIcon title={t('notifications.preferences.emailHint')} style={{ marginBottom: 16 }} />
        <FormProblem state={problem} onReload={() => void prefs.refetch()} />
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="notification-preferences-save">
          {t('common.save')}
        </Button>
      </Form>
    );
  }

  return (
    <Card title={t('notifications.preferences.title')} data-testid="notification-preferences">
      {body}
    </Card>
  );
}
