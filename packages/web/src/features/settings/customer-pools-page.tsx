// 公海规则: the customer pools per team or for the whole company, and their rules — reclaim
// after days without a follow-up or a won deal, the warning ahead, the claim limit and cooldown.
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { CustomerPool } from '@kehu/shared';
import { App, Button, Col, Flex, Form, Input, InputNumber, Popconfirm, Row, Switch, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useCreateCustomerPool, useCustomerPools, useDeleteCustomerPool, useUpdateCustomerPool } from '../../api/customer-pools';
import { useTeams } from '../../api/identity';
import { DataList } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { FormDrawer } from '../../components/form-drawer';
import { FormActions, FormProblem, useFormProblem } from '../../components/forms';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useIsPhone } from '../../components/use-is-phone';
import { poolRules } from '../customers/pool-parts';
import { teamTreeOptions } from '../identity/team-tree';

type Mode = { kind: 'create' } | { kind: 'edit'; pool: CustomerPool };

interface Values {
  name: string;
  teamId?: string | null;
  enabled: boolean;
  followUpDays?: number | null;
  wonDealDays?: number | null;
  warnDays: number;
  maxOwned?: number | null;
  claimCooldownDays: number;
}

function PoolForm({ pool, onSaved, onCancel }: { pool?: CustomerPool; onSaved: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const problem = useFormProblem(form);
  const teams = useTeams();
  const create = useCreateCustomerPool();
  const update = useUpdateCustomerPool();
  const teamOptions = useMemo(() => teamTreeOptions(teams.data ?? []), [teams.data]);
  const initialValues: Values = pool
    ? {
        name: pool.name, teamId: pool.teamId, enabled: pool.enabled, followUpDays: pool.followUpDays, wonDealDays: pool.wonDealDays,
        warnDays: pool.warnDays, maxOwned: pool.maxOwned, claimCooldownDays: pool.claimCooldownDays,
      }
    : { name: '', teamId: null, enabled: false, followUpDays: null, wonDealDays: null, warnDays: 3, maxOwned: null, claimCooldownDays: 0 };

  const onFinish = (v: Values) => {
    problem.clear();
    const body = {
      name: v.name.trim(),
      teamId: v.teamId ?? null,
      enabled: v.enabled,
      followUpDays: v.followUpDays ?? null,
      wonDealDays: v.wonDealDays ?? null,
      warnDays: v.warnDays ?? 0,
      maxOwned: v.maxOwned ?? null,
      claimCooldownDays: v.claimCooldownDays ?? 0,
    };
    const done = () => {
      void message.success(pool ? t('pool.settings.saved') : t('pool.settings.created'));
      onSaved();
    };
    if (pool) update.mutate({ poolId: pool.id, body: { ...body, version: pool.version } }, { onSuccess: done, onError: problem.onError });
    else create.mutate(body, { onSuccess: done, onError: problem.onError });
  };

  /** A number of days; those with a hint may stay empty (the rule is off). */
  const days = (name: 'followUpDays' | 'wonDealDays' | 'warnDays' | 'claimCooldownDays', min: number, hint?: 'followUpDays' | 'wonDealDays' | 'claimCooldownDays') => (
    <Col xs={24} sm={12}>
      <Form.Item name={name} label={t(`pool.settings.fields.${name}`)} extra={hint ? t(`pool.settings.hints.${hint}`) : undefined}>
        <InputNumber min={min} max={3650} precision={0} suffix={t('pool.settings.days')} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );

  return (
    <Form<Values> form={form} layout="vertical" name="customer-pool" initialValues={initialValues} onFinish={onFinish}>
      <Form.Item name="name" label={t('pool.settings.fields.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100 }]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="teamId" label={t('pool.settings.fields.teamId')} extra={t('pool.settings.hints.teamId')}>
        <TreeSelect
          allowClear
          treeDefaultExpandAll
          treeData={teamOptions}
          placeholder={t('pool.settings.companyWide')}
          disabled={pool?.isDefault}
          loading={teams.isPending}
          data-testid="pool-team"
        />
      </Form.Item>
      <Form.Item name="enabled" label={t('pool.settings.fields.enabled')} valuePropName="checked" extra={t('pool.settings.hints.enabled')}>
        <Switch data-testid="pool-enabled" />
      </Form.Item>
      <Row gutter={16}>
        {days('followUpDays', 1, 'followUpDays')}
        {days('wonDealDays', 1, 'wonDealDays')}
        {days('warnDays', 0)}
      </Row>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="maxOwned" label={t('pool.settings.fields.maxOwned')} extra={t('pool.settings.hints.maxOwned')}>
            <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} placeholder={t('pool.settings.unlimited')} />
          </Form.Item>
        </Col>
        {days('claimCooldownDays', 0, 'claimCooldownDays')}
      </Row>
      <FormProblem state={problem} />
      <FormActions onCancel={onCancel} submitLabel={pool ? t('common.save') : t('common.create')} loading={create.isPending || update.isPending} testId="pool-submit" />
    </Form>
  );
}

export function CustomerPoolsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const pools = useCustomerPools();
  const remove = useDeleteCustomerPool();
  const [mode, setMode] = useState<Mode | null>(null);

  const team = (p: CustomerPool) => p.teamName ?? <Typography.Text type="secondary">{t('pool.settings.companyWide')}</Typography.Text>;
  const title = (p: CustomerPool) => (
    <Flex gap={6} align="center" wrap>
      <Typography.Text strong>{p.name}</Typography.Text>
      {p.isDefault ? <Tag>{t('pool.settings.default')}</Tag> : null}
      <Tag color={p.enabled ? 'green' : undefined}>{p.enabled ? t('pool.settings.on') : t('pool.settings.off')}</Tag>
    </Flex>
  );
  const rules = (p: CustomerPool) => <Typography.Text type="secondary">{poolRules(t, p).join(' · ')}</Typography.Text>;
  const actions = (p: CustomerPool) => (
    <Flex gap={8} justify="flex-end">
      <Button icon={<EditOutlined aria-hidden />} onClick={() => setMode({ kind: 'edit', pool: p })} aria-label={t('pool.settings.editTitle')} data-testid="pool-edit">
        {isPhone ? null : t('common.edit')}
      </Button>
      {p.isDefault ? null : (
        <Popconfirm
          title={t('pool.settings.deleteConfirm', { name: p.name })}
          description={t('pool.settings.deleteHint')}
          okText={t('common.delete')}
          okButtonProps={{ danger: true, loading: remove.isPending }}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            remove.mutate(p.id, {
              onSuccess: () => void message.success(t('pool.settings.deleted')),
              onError: (error) => void message.error(isApiError(error) ? error.problem.title : t('errors.unknown')),
            })
          }
        >
          <Button danger icon={<DeleteOutlined aria-hidden />} aria-label={t('common.delete')} data-testid="pool-delete" />
        </Popconfirm>
      )}
    </Flex>
  );

  const columns: ColumnsType<CustomerPool> = [
    { title: t('pool.settings.columns.name'), key: 'name', render: (_v, p) => title(p) },
    { title: t('pool.settings.columns.team'), key: 'team', render: (_v, p) => team(p) },
    { title: t('pool.settings.columns.rules'), key: 'rules', render: (_v, p) => rules(p) },
    { title: t('pool.settings.columns.waiting'), key: 'waiting', render: (_v, p) => t('pool.settings.waiting', { count: p.customerCount }) },
    { title: t('common.actions'), key: 'actions', align: 'right', render: (_v, p) => actions(p) },
  ];
  const renderCard = (p: CustomerPool) => (
    <Flex vertical gap={6}>
      <Flex justify="space-between" align="flex-start" gap={8}>
        {title(p)}
        {actions(p)}
      </Flex>
      <Typography.Text>
        {team(p)} · {t('pool.settings.waiting', { count: p.customerCount })}
      </Typography.Text>
      {rules(p)}
    </Flex>
  );

  return (
    <>
      <PageHeader
        title={t('pool.settings.title')}
        description={t('pool.settings.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setMode({ kind: 'create' })} data-testid="pool-add">
            {t('pool.settings.add')}
          </Button>
        }
      />
      {pools.isPending ? (
        <PageSkeleton />
      ) : pools.isError ? (
        <ErrorState error={pools.error} onRetry={() => void pools.refetch()} />
      ) : (
        <DataList<CustomerPool>
          data={pools.data}
          rowKey={(p) => p.id}
          columns={columns}
          renderCard={renderCard}
          empty={<EmptyState description={t('pool.settings.empty')} />}
          testId="pool-settings-list"
        />
      )}
      <FormDrawer<Mode>
        mode={mode}
        onClose={() => setMode(null)}
        title={(shown) => (shown.kind === 'edit' ? t('pool.settings.editTitle') : t('pool.settings.createTitle'))}
      >
        {(shown) => <PoolForm pool={shown.kind === 'edit' ? shown.pool : undefined} onSaved={() => setMode(null)} onCancel={() => setMode(null)} />}
      </FormDrawer>
    </>
  );
}
