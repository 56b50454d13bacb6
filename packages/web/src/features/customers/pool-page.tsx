// The customer pool (客户公海): customers without an owner, waiting in the pools the user may
// work. Reps claim them (one or several, within their quota); managers also assign them.
import { SearchOutlined, UserSwitchOutlined } from '@ant-design/icons';
import type { CustomerPool, PoolCustomer } from '@kehu/shared';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, Modal, Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useAssignFromPool, useClaimCustomers, useCustomerPools, usePoolCustomers } from '../../api/customer-pools';
import { useCan } from '../../app/access';
import { DataList, loadMoreOf } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useDebounced } from '../../components/use-debounced';
import { useIsPhone } from '../../components/use-is-phone';
import { useFormat } from '../../i18n/format';
import { GradeTag, StageTag, TypeIcon } from './customer-parts';
import { usePicklistLabels } from './labels';
import { OwnerSelect } from './owner-select';
import { poolRules, useBatchReport } from './pool-parts';

/** How many more the user may claim, and the pool's rules, above the list. */
function PoolSummary({ pool }: { pool: CustomerPool }) {
  const { t } = useTranslation();
  const quota =
    pool.claimable === null ? t('pool.quotaUnlimited') : pool.claimable === 0 ? t('pool.quotaNone') : t('pool.quota', { count: pool.claimable });
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="pool-summary">
      <Flex vertical gap={6}>
        <Typography.Text strong type={pool.claimable === 0 ? 'warning' : undefined} data-testid="pool-quota">
          {quota}
        </Typography.Text>
        <Flex gap={4} wrap>
          {poolRules(t, pool).map((line) => (
            <Tag key={line} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
              {line}
            </Tag>
          ))}
        </Flex>
      </Flex>
    </Card>
  );
}

function AssignModal({ count, open, loading, onCancel, onAssign }: { count: number; open: boolean; loading: boolean; onCancel: () => void; onAssign: (ownerId: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ ownerId: string }>();
  return (
    <Modal
      open={open}
      title={t('pool.assignTitle', { count })}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okText={t('pool.assign')}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      okButtonProps={{ 'data-testid': 'pool-assign-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="pool-assign" onFinish={({ ownerId }) => onAssign(ownerId)} preserve={false}>
        <Form.Item name="ownerId" label={t('pool.owner')} rules={[{ required: true, message: t('pool.ownerRequired') }]}>
          <OwnerSelect aria-label={t('pool.owner')} placeholder={t('pool.owner')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CustomerPoolPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = usePicklistLabels();
  const isPhone = useIsPhone();
  const can = useCan();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const pools = useCustomerPools();
  const pool = pools.data?.find((p) => p.id === params.get('pool')) ?? pools.data?.[0] ?? null;
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebounced(search.trim(), 300);
  const waiting = usePoolCustomers(pool?.id ?? null, q);
  const rows = useMemo(() => waiting.data?.pages.flatMap((page) => page.data) ?? [], [waiting.data]);
  const [selected, setSelected] = useState<string[]>([]);
  const [assigning, setAssigning] = useState<string[] | null>(null);
  const claim = useClaimCustomers();
  const assign = useAssignFromPool();
  const report = useBatchReport();
  const mayClaim = can('customers:write');
  const mayAssign = can('customers:assign');
  const nameOf = (id: string) => rows.find((r) => r.id === id)?.name;
  const noQuota = pool?.claimable === 0;

  const choosePool = (id: string) => {
    setSelected([]);
    setParams((p) => {
      p.set('pool', id);
      return p;
    });
  };
  const failed = (error: unknown) => void message.error(isApiError(error) ? error.problem.title : t('errors.unknown'));

  const onClaim = (ids: string[]) => {
    if (!pool) return;
    claim.mutate(
      { poolId: pool.id, customerIds: ids },
      {
        onSuccess: (result) => {
          report(result, 'pool.claimed', nameOf);
          setSelected((keys) => keys.filter((k) => !result.done.some((d) => d.id === k)));
        },
        onError: failed,
      },
    );
  };
  const onAssign = (ownerId: string) => {
    if (!pool || !assigning) return;
    assign.mutate(
      { poolId: pool.id, customerIds: assigning, ownerId },
      {
        onSuccess: (result) => {
          report(result, 'pool.assigned', nameOf);
          setAssigning(null);
          setSelected([]);
        },
        onError: failed,
      },
    );
  };

  const name = (c: PoolCustomer) => (
    <Flex vertical gap={2} style={{ minWidth: 0 }}>
      <Flex gap={8} align="center" wrap>
        <TypeIcon type={c.type} />
        <Typography.Text strong style={{ wordBreak: 'break-word' }}>
          {c.name}
        </Typography.Text>
        <Flex gap={0} wrap>
          <GradeTag grade={c.grade} />
          <StageTag stage={c.stage} />
        </Flex>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[c.industry && labels.industry(c.industry), c.province, c.city].filter(Boolean).join(' · ') || null}
      </Typography.Text>
    </Flex>
  );
  const origin = (c: PoolCustomer) => {
    const owner = c.previousOwnerName ?? '—';
    const how =
      c.lastMove === 'release'
        ? t('pool.moves.release', { owner })
        : c.lastMove === 'reclaim'
          ? t(c.lastRule === 'won_deal' ? 'pool.moves.reclaim_won_deal' : 'pool.moves.reclaim_follow_up', { owner })
          : t('pool.moves.new');
    return (
      <Flex vertical gap={0} style={{ maxWidth: 320 }}>
        <Typography.Text>{how}</Typography.Text>
        {c.lastMove === 'release' && c.lastReason ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.lastReason}
          </Typography.Text>
        ) : null}
      </Flex>
    );
  };
  const when = (iso: string | null, empty: string) =>
    iso ? (
      <Tooltip title={format.dateTime(iso)}>
        <span style={{ whiteSpace: 'nowrap' }}>{format.relative(iso)}</span>
      </Tooltip>
    ) : (
      <Typography.Text type="secondary">{empty}</Typography.Text>
    );
  const claimButton = (c: PoolCustomer, block = false) => {
    if (!mayClaim) return null;
    const wait = c.claimableFrom ? t('pool.claimableFrom', { date: format.date(c.claimableFrom) }) : null;
    return (
      <Tooltip title={wait ?? (noQuota ? t('pool.quotaNone') : null)}>
        <Button
          type="primary"
          ghost
          block={block}
          disabled={Boolean(wait) || noQuota}
          loading={claim.isPending && claim.variables?.customerIds.length === 1 && claim.variables.customerIds[0] === c.id}
          onClick={() => onClaim([c.id])}
          aria-label={t('pool.claimNamed', { name: c.name })}
          data-testid="pool-claim"
        >
          {t('pool.claim')}
        </Button>
      </Tooltip>
    );
  };
  const assignButton = (c: PoolCustomer, block = false) =>
    mayAssign ? (
      <Button block={block} icon={<UserSwitchOutlined aria-hidden />} onClick={() => setAssigning([c.id])} aria-label={t('pool.assignNamed', { name: c.name })} data-testid="pool-assign">
        {isPhone ? null : t('pool.assign')}
      </Button>
    ) : null;

  const columns: ColumnsType<PoolCustomer> = [
    { title: t('pool.columns.name'), key: 'name', render: (_v, c) => name(c) },
    { title: t('pool.columns.origin'), key: 'origin', render: (_v, c) => origin(c) },
    { title: t('pool.columns.entered'), key: 'entered', render: (_v, c) => when(c.enteredAt, '—') },
    { title: t('pool.columns.lastActivity'), key: 'lastActivity', render: (_v, c) => when(c.lastActivityAt, t('pool.neverFollowedUp')) },
    {
      title: t('common.actions'),
      key: 'actions',
      align: 'right',
      render: (_v, c) => (
        <Space>
          {claimButton(c)}
          {assignButton(c)}
        </Space>
      ),
    },
  ];

  // Phones have no table selection: each card carries its own checkbox for the bulk claim.
  const renderCard = (c: PoolCustomer) => (
    <Flex vertical gap={8}>
      <Flex gap={10} align="flex-start">
        {mayClaim || mayAssign ? (
          <Checkbox
            checked={selected.includes(c.id)}
            onChange={(e) => setSelected((keys) => (e.target.checked ? [...keys, c.id] : keys.filter((k) => k !== c.id)))}
            aria-label={t('pool.select', { name: c.name })}
            style={{ marginTop: 2 }}
          />
        ) : null}
        {name(c)}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {origin(c)}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('pool.columns.entered')} {when(c.enteredAt, '—')} · {t('pool.columns.lastActivity')} {when(c.lastActivityAt, t('pool.neverFollowedUp'))}
      </Typography.Text>
      <Flex gap={8}>
        {claimButton(c, true)}
        {assignButton(c)}
      </Flex>
    </Flex>
  );

  const bulkBar =
    selected.length > 0 ? (
      <Card size="small" style={{ marginBottom: 12, position: isPhone ? 'sticky' : undefined, top: 0, zIndex: 2 }} data-testid="pool-bulk-bar">
        <Flex gap={8} wrap align="center">
          <Typography.Text strong style={{ marginInlineEnd: 8 }}>
            {t('pool.selected', { count: selected.length })}
          </Typography.Text>
          {mayClaim ? (
            <Button type="primary" disabled={noQuota} loading={claim.isPending} onClick={() => onClaim(selected)} data-testid="pool-claim-selected">
              {t('pool.claimSelected', { count: selected.length })}
            </Button>
          ) : null}
          {mayAssign ? (
            <Button onClick={() => setAssigning(selected)} data-testid="pool-assign-selected">
              {t('pool.assignSelected', { count: selected.length })}
            </Button>
          ) : null}
          <Button type="link" onClick={() => setSelected([])} style={{ marginInlineStart: 'auto' }}>
            {t('pool.clear')}
          </Button>
        </Flex>
      </Card>
    ) : null;

  const picker =
    pools.data && pools.data.length > 1 ? (
      <Select
        value={pool?.id}
        onChange={choosePool}
        aria-label={t('pool.pool')}
        style={{ minWidth: 200, width: isPhone ? '100%' : undefined }}
        options={pools.data.map((p) => ({ value: p.id, label: `${p.name} (${p.customerCount})` }))}
        data-testid="pool-picker"
      />
    ) : null;

  if (pools.isPending) return <PageSkeleton />;
  if (pools.isError) return <ErrorState error={pools.error} onRetry={() => void pools.refetch()} />;

  return (
    <>
      <PageHeader title={t('pool.title')} description={t('pool.description')} extra={picker} />
      {pool ? <PoolSummary pool={pool} /> : <Alert type="info" title={t('pool.empty')} />}
      <Input
        allowClear
        prefix={<SearchOutlined aria-hidden />}
        placeholder={t('pool.search')}
        aria-label={t('pool.search')}
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          setSelected([]);
        }}
        style={{ marginBottom: 12, maxWidth: isPhone ? undefined : 360 }}
        data-testid="pool-search"
      />
      {bulkBar}
      {waiting.isPending && pool ? (
        <PageSkeleton />
      ) : waiting.isError ? (
        <ErrorState error={waiting.error} onRetry={() => void waiting.refetch()} />
      ) : (
        <DataList<PoolCustomer>
          data={rows}
          rowKey={(c) => c.id}
          columns={columns}
          renderCard={renderCard}
          empty={<EmptyState description={q ? t('pool.emptySearch') : t('pool.empty')} />}
          loadMore={loadMoreOf(waiting)}
          selection={mayClaim || mayAssign ? { keys: selected, onChange: setSelected } : undefined}
          testId="pool-list"
        />
      )}
      <AssignModal count={assigning?.length ?? 0} open={assigning !== null} loading={assign.isPending} onCancel={() => setAssigning(null)} onAssign={onAssign} />
    </>
  );
}
