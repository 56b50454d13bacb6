// First run: name the organization, pick its language, currency and time
// zone, and create the first administrator, who is then signed in.
import { SetupRequest } from '@kehu/shared';
import { Button, Col, Divider, Form, Input, Row } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import { useSetup } from '../../api/auth';
import { CurrencySelect } from '../../components/currency-select';
import { FormProblem, useFormProblem } from '../../components/forms';
import { LocaleSelect } from '../../components/locale-select';
import { requiredRule, zodRule } from '../../components/rules';
import { TimeZoneSelect } from '../../components/time-zone-select';
import { currentLocale, isLocale } from '../../i18n';
import { AuthShell } from './auth-shell';

type SetupValues = z.input<typeof SetupRequest> & { confirmPassword: string };

const adminShape = SetupRequest.shape.admin.shape;

export function SetupPage() {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<SetupValues>();
  const navigate = useNavigate();
  const setup = useSetup();
  const problem = useFormProblem(form);

  // Until chosen by hand, the organization's language follows the language the page is shown in.
  const followed = useRef<string>(currentLocale());
  useEffect(() => {
    if (!isLocale(i18n.language)) return;
    if (form.getFieldValue('defaultLocale') === followed.current) form.setFieldValue('defaultLocale', i18n.language);
    followed.current = i18n.language;
  }, [form, i18n.language]);

  const onFinish = ({ confirmPassword: _confirm, ...values }: SetupValues) => {
    problem.clear();
    setup.mutate(SetupRequest.parse(values), {
      onSuccess: () => navigate('/', { replace: true }),
      onError: problem.onError,
    });
  };

  return (
    <AuthShell title={t('setup.title')} subtitle={t('setup.subtitle')} width={640}>
      <Form<SetupValues>
        form={form}
        name="setup"
        layout="vertical"
        requiredMark={false}
        onFinish={onFinish}
        disabled={setup.isPending}
        initialValues={{ defaultLocale: currentLocale(), currency: 'CNY', timeZone: 'Asia/Shanghai' }}
      >
        <Divider titlePlacement="start" style={{ marginTop: 0 }}>
          {t('setup.organizationSection')}
        </Divider>
        <Form.Item name="organizationName" label={t('setup.organizationName')} rules={[zodRule(SetupRequest.shape.organizationName, t)]}>
          <Input placeholder={t('setup.organizationNamePlaceholder')} autoFocus />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="defaultLocale" label={t('setup.defaultLocale')} rules={[requiredRule(t)]}>
              <LocaleSelect />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="currency" label={t('setup.currency')} rules={[requiredRule(t)]}>
              <CurrencySelect />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="timeZone" label={t('setup.timeZone')} rules={[requiredRule(t)]}>
              <TimeZoneSelect />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('setup.adminSection')}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name={['admin', 'name']} label={t('setup.adminName')} rules={[zodRule(adminShape.name, t)]}>
              <Input autoComplete="name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['admin', 'email']} label={t('setup.adminEmail')} rules={[zodRule(adminShape.email, t)]}>
              <Input type="email" autoComplete="email" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name={['admin', 'password']}
              label={t('setup.adminPassword')}
              extra={t('validation.passwordPolicy')}
              rules={[zodRule(adminShape.password, t)]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="confirmPassword"
              label={t('setup.confirmPassword')}
              dependencies={[['admin', 'password']]}
              rules={[
                requiredRule(t),
                ({ getFieldValue }) => ({
                  validator: async (_rule, value: unknown) => {
                    if (value && value !== getFieldValue(['admin', 'password'])) {
                      throw new Error(t('validation.passwordMismatch'));
                    }
                  },
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Col>
        </Row>
        <FormProblem state={problem} />
        <Button type="primary" htmlType="submit" size="large" block loading={setup.isPending}>
          {t('setup.submit')}
        </Button>
      </Form>
    </AuthShell>
  );
}
