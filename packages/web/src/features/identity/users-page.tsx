// Users: search and filter the people of the organization, add and edit them.
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { Team, User } from '@kehu/shared';
import { Button, Flex, Input, Select, Space, Tag, Tooltip, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeams, useUsers } from '../../api/identity';
import type { UserFilter } from '../../api/keys';
import { useCan } from '../../app/access';
import { DataList, loadMoreOf } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useIsPhone } from '../../components/use-is-phone';
import { useFormat } from '../../i18n/format';
import { roleName } from './labels';
import { teamTreeOptions } from './team-tree';
import { UserDrawer, type UserDrawerMode } from './user-drawer';

function StatusTag({ status }: { status: User['status'] }) {
  const { t } = useTranslation();
  return status === 'active' ? <Tag color="green">{t('users.status.active')}</Tag> : <Tag>{t('users.status.disabled')}</Tag>;
}

function RoleTags({ user }: { user: User }) {
  const { t } = useTranslation();
  return (
    <Space size={[4, 4]} wrap>
      {user.roles.map((role) => (
        <Tag key={role.id} color="blue">
          {roleName(role, t)}
        </Tag>
      ))}
    </Space>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  const can = useCan();
  const format = useFormat();
  const isPhone = useIsPhone();
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<UserFilter>({});
  const [drawer, setDrawer] = useState<UserDrawerMode | null>(null);
  const users = useUsers(filter);
  const canReadTeams = can('teams:read');
  const teams = useTeams({ enabled: canReadTeams });
  const canWrite = can('users:write');

  const teamsById = useMemo(() => new Map<string, Team>((teams.data ?? []).map((team) => [team.id, team])), [teams.data]);
  const teamName = (id: string | null) => (id ? (teamsById.get(id)?.name ?? '—') : '—');
  const rows = useMemo(() => users.data?.pages.flatMap((page) => page.data) ?? [], [users.data]);
  const filtered = Boolean(filter.q || filter.teamId || filter.status);

  const columns: ColumnsType<User> = [
    {
      title: t('users.columns.name'),
      key: 'name',
      render: (_value, user) => (
        <Flex vertical>
          <Typography.Text strong>{user.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {user.email}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('users.columns.phone'), key: 'phone', render: (_v, user) => user.phone ?? '—' },
    ...(canReadTeams ? [{ title: t('users.columns.team'), key: 'team', render: (_v: unknown, user: User) => teamName(user.teamId) }] : []),
    { title: t('users.columns.roles'), key: 'roles', render: (_v, user) => <RoleTags user={user} /> },
    { title: t('users.columns.status'), key: 'status', render: (_v, user) => <StatusTag status={user.status} /> },
    {
      title: t('users.columns.lastLogin'),
      key: 'lastLoginAt',
      render: (_v, user) =>
        user.lastLoginAt ? (
          <Tooltip title={format.dateTime(user.lastLoginAt)}>{format.relative(user.lastLoginAt)}</Tooltip>
        ) : (
          <Typography.Text type="secondary">{t('users.neverLoggedIn')}</Typography.Text>
        ),
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right' as const,
            render: (_v: unknown, user: User) => (
              <Button
                type="link"
                icon={<EditOutlined aria-hidden />}
                onClick={() => setDrawer({ kind: 'edit', userId: user.id })}
                aria-label={t('users.editUser', { name: user.name })}
              >
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const renderCard = (user: User) => (
    <Flex vertical gap={6}>
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text strong ellipsis>
          {user.name}
        </Typography.Text>
        <StatusTag status={user.status} />
      </Flex>
      <Typography.Text type="secondary" ellipsis>
        {user.email}
      </Typography.Text>
      {user.phone ? <Typography.Text>{user.phone}</Typography.Text> : null}
      {canReadTeams && user.teamId ? <Typography.Text type="secondary">{teamName(user.teamId)}</Typography.Text> : null}
      <RoleTags user={user} />
      {canWrite ? (
        <Button icon={<EditOutlined aria-hidden />} onClick={() => setDrawer({ kind: 'edit', userId: user.id })} block>
          {t('common.edit')}
        </Button>
      ) : null}
    </Flex>
  );

  // The header's button carries the test hook; the empty state's copy does not, so the hook stays unique.
  const addButton = (testId?: string) =>
    canWrite ? (
      <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setDrawer({ kind: 'create' })} data-testid={testId}>
        {t('users.add')}
      </Button>
    ) : null;

  const empty = filtered ? (
    <EmptyState
      description={t('users.emptyFiltered')}
      action={
        <Button
          onClick={() => {
            setSearch('');
            setFilter({});
          }}
        >
          {t('common.clearFilters')}
        </Button>
      }
    />
  ) : (
    <EmptyState description={canWrite ? t('users.empty') : t('users.emptyReadOnly')} action={addButton()} />
  );

  return (
    <>
      <PageHeader title={t('users.title')} description={t('users.description')} extra={addButton('add-user')} />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          aria-label={t('users.search')}
          placeholder={t('users.searchPlaceholder')}
          allowClear
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            if (!e.target.value) setFilter((f) => ({ ...f, q: undefined }));
          }}
          onSearch={(value) => setFilter((f) => ({ ...f, q: value.trim() || undefined }))}
          style={{ width: isPhone ? '100%' : 280 }}
        />
        {canReadTeams ? (
          <TreeSelect
            aria-label={t('users.filterTeam')}
            placeholder={t('users.filterTeam')}
            allowClear
            treeDefaultExpandAll
            treeData={teamTreeOptions(teams.data ?? [])}
            value={filter.teamId}
            onChange={(value?: string) => setFilter((f) => ({ ...f, teamId: value || undefined }))}
            style={{ width: isPhone ? 'calc(50% - 4px)' : 200 }}
          />
        ) : null}
        <Select<NonNullable<UserFilter['status']>>
          aria-label={t('users.filterStatus')}
          placeholder={t('users.filterStatus')}
          allowClear
          value={filter.status}
          onChange={(value) => setFilter((f) => ({ ...f, status: value || undefined }))}
          options={[
            { value: 'active', label: t('users.status.active') },
            { value: 'disabled', label: t('users.status.disabled') },
          ]}
          style={{ width: isPhone ? (canReadTeams ? 'calc(50% - 4px)' : '100%') : 140 }}
        />
      </Flex>
      {users.isPending ? (
        <PageSkeleton />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <DataList<User>
          data={rows}
          rowKey={(user) => user.id}
          columns={columns}
          renderCard={renderCard}
          empty={empty}
          loadMore={loadMoreOf(users)}
          testId="users-list"
        />
      )}
      <UserDrawer mode={drawer} onClose={() => setDrawer(null)} />
    </>
  );
}
