// One role: name, description, the permission matrix and the record scope per
// scoped object. The admin role holds everything and is shown read-only.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { recordScopes, RoleCreate, scopedObjects, type RecordScope, type Role, type ScopeMap } from '@kehu/shared';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Row, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useCreateRole, useRole, useUpdateRole } from '../../api/identity';
import { useCan } from '../../app/access';
import { ErrorState } from '../../components/error-state';
import { FormProblem, useFormProblem } from '../../components/forms';
import { PageHeader } from '../../components/page-header';
import { PageSkeleton } from '../../components/page-state';
import { zodRule } from '../../components/rules';
import { useFormat } from '../../i18n/format';
import { roleDescription, roleName } from './labels';
import { PermissionMatrix } from './permission-matrix';

interface RoleValues {
  name: string;
  description?: string;
  permissions: string[];
  scopes: ScopeMap;
}

function defaultScopes(): ScopeMap {
  return Object.fromEntries(scopedObjects.map((object) => [object, 'own'])) as ScopeMap;
}

function toValues(role: Role | null, t: ReturnType<typeof useTranslation>['t']): RoleValues {
  if (!role) return { name: '', description: '', permissions: [], scopes: defaultScopes() };
  return {
    name: roleName(role, t),
    description: roleDescription(role, t),
    permissions: role.permissions,
    scopes: { ...defaultScopes(), ...(role.scopes as ScopeMap) },
  };
}

function RoleForm({ role, onReload }: { role: Role | null; onReload?: () => Promise<Role | undefined> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const can = useCan();
  const format = useFormat();
  const [form] = Form.useForm<RoleValues>();
  const create = useCreateRole();
  const update = useUpdateRole();
  const problem = useFormProblem(form);
  const isAdmin = role?.key === 'admin';
  const readOnly = isAdmin || !can('roles:write');
  // Built-in roles are named by the product (and translated), so only their grants change.
  const fixedName = role?.builtin ?? false;

  const onFinish = (values: RoleValues) => {
    problem.clear();
    const body = RoleCreate.parse({
      name: fixedName && role ? role.name : values.name,
      description: values.description ?? '',
      permissions: values.permissions,
      scopes: values.scopes,
    });
    if (!role) {
      create.mutate(body, {
        onSuccess: (created) => {
          void message.success(t('roles.created', { name: created.name }));
          navigate(`/settings/roles/${created.id}`, { replace: true });
        },
        onError: problem.onError,
      });
      return;
    }
    const { name, description, ...grants } = body;
    update.mutate(
      { roleId: role.id, body: { ...(fixedName ? {} : { name, description }), ...grants, version: role.version } },
      { onSuccess: () => void message.success(t('roles.saved')), onError: problem.onError },
    );
  };

  const reload = async () => {
    const fresh = await onReload?.();
    if (fresh) form.setFieldsValue(toValues(fresh, t));
  };

  return (
    <Form<RoleValues> form={form} name="role" layout="vertical" initialValues={toValues(role, t)} onFinish={onFinish} disabled={readOnly}>
      {isAdmin ? <Alert type="info" showIcon title={t('roles.adminReadOnly')} style={{ marginBottom: 16 }} /> : null}
      <Card title={t('roles.sections.basics')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Form.Item name="name" label={t('roles.fields.name')} required rules={[zodRule(RoleCreate.shape.name, t)]}>
              <Input disabled={readOnly || fixedName} />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item name="description" label={t('roles.fields.description')} rules={[zodRule(RoleCreate.shape.description, t)]}>
              <Input disabled={readOnly || fixedName} />
            </Form.Item>
          </Col>
        </Row>
        {role ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('roles.meta', { users: format.number(role.userCount), time: format.dateTime(role.updatedAt) })}
          </Typography.Text>
        ) : null}
      </Card>
      <Card title={t('roles.sections.permissions')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('roles.permissionsHint')}</Typography.Paragraph>
        <Form.Item name="permissions" noStyle>
          <PermissionMatrix disabled={readOnly} />
        </Form.Item>
      </Card>
      <Card title={t('roles.sections.scopes')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('roles.scopesHint')}</Typography.Paragraph>
        <Row gutter={16}>
          {scopedObjects.map((object) => (
            <Col xs={24} md={8} key={object}>
              <Form.Item name={['scopes', object]} label={t(`scopes.objects.${object}`)}>
                <Select<RecordScope>
                  options={recordScopes.map((scope) => ({ value: scope, label: t(`scopes.values.${scope}`) }))}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Card>
      <FormProblem state={problem} onReload={() => void reload()} />
      {readOnly ? null : (
        <Flex gap={8} justify="flex-end">
          <Button onClick={() => navigate('/settings/roles')} disabled={false}>
            {t('common.cancel')}
          </Button>
          <Button type="primary" htmlType="submit" loading={create.isPending || update.isPending}>
            {role ? t('common.save') : t('roles.createSubmit')}
          </Button>
        </Flex>
      )}
    </Form>
  );
}

export function RolePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { roleId = null } = useParams();
  const role = useRole(roleId);

  const back = (
    <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={() => navigate('/settings/roles')}>
      {t('roles.backToList')}
    </Button>
  );

  if (roleId === null) {
    return (
      <>
        <PageHeader title={t('roles.createTitle')} extra={back} />
        <RoleForm role={null} />
      </>
    );
  }
  if (role.isPending) return <PageSkeleton rows={10} />;
  if (role.isError) return <ErrorState error={role.error} onRetry={() => void role.refetch()} />;
  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            {roleName(role.data, t)}
            {role.data.builtin ? <Tag>{t('roles.builtinTag')}</Tag> : <Tag color="purple">{t('roles.customTag')}</Tag>}
          </Flex>
        }
        extra={back}
      />
      <RoleForm key={role.data.id} role={role.data} onReload={async () => (await role.refetch()).data} />
    </>
  );
}
