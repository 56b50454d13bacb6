// Organization settings: name, default language, currency and time zone.
import { OrganizationPatch, type Organization } from '@kehu/shared';
import { App, Button, Card, Col, Flex, Form, Input, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOrganization, useUpdateOrganization } from '../../api/identity';
import { CurrencySelect } from '../../components/currency-select';
import { ErrorState } from '../../components/error-state';
import { FormProblem, useFormProblem } from '../../components/forms';
import { LocaleSelect } from '../../components/locale-select';
import { PageHeader } from '../../components/page-header';
import { PageSkeleton } from '../../components/page-state';
import { requiredRule, zodRule } from '../../components/rules';
import { TimeZoneSelect } from '../../components/time-zone-select';
import { useFormat } from '../../i18n/format';

type OrganizationValues = Pick<Organization, 'name' | 'defaultLocale' | 'currency' | 'timeZone'>;

function toValues(org: Organization): OrganizationValues {
  return { name: org.name, defaultLocale: org.defaultLocale, currency: org.currency, timeZone: org.timeZone };
}

function OrganizationForm({ organization, onReload }: { organization: Organization; onReload: () => Promise<Organization | undefined> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const [form] = Form.useForm<OrganizationValues>();
  const update = useUpdateOrganization();
  const problem = useFormProblem(form);

  const onFinish = (values: OrganizationValues) => {
    problem.clear();
    update.mutate(
      { ...values, version: organization.version },
      { onSuccess: () => void message.success(t('organization.saved')), onError: problem.onError },
    );
  };

  const reload = async () => {
    const fresh = await onReload();
    if (fresh) form.setFieldsValue(toValues(fresh));
  };

  return (
    <Card>
      <Form<OrganizationValues> form={form} name="organization" layout="vertical" requiredMark={false} initialValues={toValues(organization)} onFinish={onFinish}>
        <Form.Item name="name" label={t('organization.name')} rules={[zodRule(OrganizationPatch.shape.name, t), requiredRule(t)]}>
          <Input />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="defaultLocale" label={t('organization.defaultLocale')} extra={t('organization.defaultLocaleHint')} rules={[requiredRule(t)]}>
              <LocaleSelect />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="currency" label={t('organization.currency')} rules={[requiredRule(t)]}>
              <CurrencySelect />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="timeZone" label={t('organization.timeZone')} rules={[requiredRule(t)]}>
              <TimeZoneSelect />
            </Form.Item>
          </Col>
        </Row>
        <FormProblem state={problem} onReload={() => void reload()} />
        <Flex align="center" gap={16} wrap>
          <Button type="primary" htmlType="submit" loading={update.isPending}>
            {t('common.save')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('common.updatedAt', { time: format.dateTime(organization.updatedAt) })}
          </Typography.Text>
        </Flex>
      </Form>
    </Card>
  );
}

export function OrganizationPage() {
  const { t } = useTranslation();
  const organization = useOrganization();
  return (
    <>
      <PageHeader title={t('organization.title')} description={t('organization.description')} />
      {organization.isPending ? (
        <PageSkeleton />
      ) : organization.isError ? (
        <ErrorState error={organization.error} onRetry={() => void organization.refetch()} />
      ) : (
        <OrganizationForm organization={organization.data} onReload={async () => (await organization.refetch()).data} />
      )}
    </>
  );
}
