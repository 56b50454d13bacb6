// The user's own profile (name, phone, language, time zone), password and notification settings.
import { MePatch, PasswordChange, type Me } from '@kehu/shared';
import { App, Button, Card, Col, Form, Input, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useChangePassword, useCurrentMe, useMe, useUpdateMe } from '../../api/auth';
import { isApiError } from '../../api/client';
import { FormProblem, useFormProblem } from '../../components/forms';
import { LocaleSelect } from '../../components/locale-select';
import { PageHeader } from '../../components/page-header';
import { requiredRule, zodRule } from '../../components/rules';
import { TimeZoneSelect } from '../../components/time-zone-select';
import { NotificationPreferencesCard } from '../activities/notification-preferences';
import { localeNames } from '../../i18n';

interface ProfileValues {
  name: string;
  phone?: string;
  locale?: Me['user']['locale'];
  timeZone?: string | null;
}

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

function profileValues(me: Me): ProfileValues {
  return { name: me.user.name, phone: me.user.phone ?? '', locale: me.user.locale, timeZone: me.user.timeZone };
}

function ProfileForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentMe();
  const { refetch } = useMe();
  const [form] = Form.useForm<ProfileValues>();
  const update = useUpdateMe();
  const problem = useFormProblem(form);

  const onFinish = (values: ProfileValues) => {
    problem.clear();
    update.mutate(
      {
        name: values.name,
        phone: values.phone?.trim() ? values.phone.trim() : null,
        locale: values.locale ?? null,
        timeZone: values.timeZone ?? null,
        version: me.user.version,
      },
      { onSuccess: () => void message.success(t('profile.saved')), onError: problem.onError },
    );
  };

  const reload = async () => {
    const fresh = await refetch();
    if (fresh.data) form.setFieldsValue(profileValues(fresh.data));
  };

  return (
    <Card title={t('profile.details')}>
      <Form<ProfileValues> form={form} name="profile" layout="vertical" initialValues={profileValues(me)} onFinish={onFinish}>
        <Form.Item label={t('profile.email')}>
          <Typography.Text data-testid="profile-email">{me.user.email}</Typography.Text>
        </Form.Item>
        <Form.Item name="name" label={t('profile.name')} required rules={[zodRule(MePatch.shape.name, t), requiredRule(t)]}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item name="phone" label={t('profile.phone')} rules={[zodRule(MePatch.shape.phone, t)]}>
          <Input type="tel" autoComplete="tel" />
        </Form.Item>
        <Form.Item name="locale" label={t('profile.locale')} extra={t('profile.localeHint')}>
          <LocaleSelect allowClear placeholder={t('profile.followOrganization', { value: localeNames[me.organization.defaultLocale] })} />
        </Form.Item>
        <Form.Item name="timeZone" label={t('profile.timeZone')}>
          <TimeZoneSelect allowClear placeholder={t('profile.followOrganization', { value: me.organization.timeZone })} />
        </Form.Item>
        <FormProblem state={problem} onReload={() => void reload()} />
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const change = useChangePassword();
  const problem = useFormProblem(form);

  const onFinish = ({ currentPassword, newPassword }: PasswordValues) => {
    problem.clear();
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(t('profile.passwordChanged'));
        },
        onError: (error) => {
          // A wrong current password belongs under that field, not in a banner.
          if (isApiError(error, 'password.wrong')) {
            form.setFields([{ name: 'currentPassword', errors: [error.problem.title] }]);
            return;
          }
          problem.onError(error);
        },
      },
    );
  };

  return (
    <Card title={t('profile.changePassword')}>
      <Form<PasswordValues> form={form} name="password" layout="vertical" requiredMark={false} onFinish={onFinish}>
        <Form.Item name="currentPassword" label={t('profile.currentPassword')} rules={[zodRule(PasswordChange.shape.currentPassword, t)]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('profile.newPassword')}
          extra={t('validation.passwordPolicy')}
          rules={[zodRule(PasswordChange.shape.newPassword, t)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('profile.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            requiredRule(t),
            ({ getFieldValue }) => ({
              validator: async (_rule, value: unknown) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(t('validation.passwordMismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <FormProblem state={problem} />
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('profile.changePasswordSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

export function ProfilePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('profile.title')} description={t('profile.description')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <ProfileForm />
        </Col>
        <Col xs={24} lg={10}>
          <PasswordForm />
        </Col>
        <Col xs={24} lg={14}>
          <NotificationPreferencesCard />
        </Col>
      </Row>
    </>
  );
}
