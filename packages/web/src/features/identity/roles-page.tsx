// Roles: built-in and custom roles, how many users hold each, and the way to
// each role's permission matrix.
import { PlusOutlined, RightOutlined } from '@ant-design/icons';
import type { Role } from '@kehu/shared';
import { Button, Flex, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useRoles } from '../../api/identity';
import { useCan } from '../../app/access';
import { DataList } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useFormat } from '../../i18n/format';
import { roleDescription, roleName } from './labels';

export function RolesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const format = useFormat();
  const navigate = useNavigate();
  const roles = useRoles();
  const canWrite = can('roles:write');
  const open = (role: Role) => navigate(`/settings/roles/${role.id}`);

  const nameCell = (role: Role) => (
    <Space size={6} wrap>
      <Typography.Text strong>{roleName(role, t)}</Typography.Text>
      {role.builtin ? <Tag>{t('roles.builtinTag')}</Tag> : <Tag color="purple">{t('roles.customTag')}</Tag>}
    </Space>
  );
  const actionLabel = (role: Role) => (canWrite && role.key !== 'admin' ? t('roles.editPermissions') : t('roles.viewPermissions'));

  const columns: ColumnsType<Role> = [
    { title: t('roles.columns.name'), key: 'name', render: (_v, role) => nameCell(role) },
    {
      title: t('roles.columns.description'),
      key: 'description',
      render: (_v, role) => <Typography.Text type="secondary">{roleDescription(role, t) || '—'}</Typography.Text>,
    },
    {
      title: t('roles.columns.permissions'),
      key: 'permissions',
      align: 'right',
      render: (_v, role) => format.number(role.permissions.length),
    },
    { title: t('roles.columns.users'), key: 'users', align: 'right', render: (_v, role) => format.number(role.userCount) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, role) => (
        <Button type="link" onClick={() => open(role)} aria-label={`${actionLabel(role)} ${roleName(role, t)}`}>
          {actionLabel(role)}
        </Button>
      ),
    },
  ];

  const renderCard = (role: Role) => (
    <Flex vertical gap={6}>
      {nameCell(role)}
      <Typography.Text type="secondary">{roleDescription(role, t)}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('roles.summary', { permissions: format.number(role.permissions.length), users: format.number(role.userCount) })}
      </Typography.Text>
      <Button block onClick={() => open(role)}>
        {actionLabel(role)} <RightOutlined aria-hidden />
      </Button>
    </Flex>
  );

  // The header's button carries the test hook; the empty state's copy does not, so the hook stays unique.
  const addButton = (testId?: string) =>
    canWrite ? (
      <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => navigate('/settings/roles/new')} data-testid={testId}>
        {t('roles.add')}
      </Button>
    ) : null;

  return (
    <>
      <PageHeader title={t('roles.title')} description={t('roles.description')} extra={addButton('add-role')} />
      {roles.isPending ? (
        <PageSkeleton />
      ) : roles.isError ? (
        <ErrorState error={roles.error} onRetry={() => void roles.refetch()} />
      ) : (
        <DataList<Role>
          data={roles.data}
          rowKey={(role) => role.id}
          columns={columns}
          renderCard={renderCard}
          empty={<EmptyState description={t('roles.empty')} action={addButton()} />}
          testId="roles-list"
        />
      )}
    </>
  );
}
