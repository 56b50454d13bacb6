// 客户查重: the groups of customers the duplicate job found, why they look alike, and a
// merge for each. "Check again" queues the job and follows it until the list is new.
import { MergeOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Customer, DuplicateCluster } from '@kehu/shared';
import { Alert, App, Button, Card, Checkbox, Flex, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api/client';
import { useDuplicateClusters, useRefreshDuplicateClusters } from '../../api/customers';
import { useCan } from '../../app/access';
import { LoadMoreButton, loadMoreOf } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useFormat } from '../../i18n/format';
import { GradeTag, TypeIcon } from './customer-parts';
import { MergeWizard } from './merge-wizard';

const reasonColors: Record<DuplicateCluster['reasons'][number], string> = { credit_code: 'red', phone: 'orange', email: 'gold', name: 'blue' };
/** How long to follow a refresh before telling the user to come back later. */
const REFRESH_PATIENCE_MS = 30_000;

function CustomerLine({ customer: c, first, picker }: { customer: Customer; first: boolean; picker?: { checked: boolean; disabled: boolean; onChange: (checked: boolean) => void } }) {
  const { t } = useTranslation();
  return (
    <Flex gap={10} align="flex-start" style={{ padding: '10px 0', borderTop: first ? undefined : '1px solid #f0f0f0' }} data-testid="cluster-customer">
      {picker ? (
        <Checkbox
          checked={picker.checked}
          disabled={picker.disabled}
          onChange={(e) => picker.onChange(e.target.checked)}
          aria-label={c.name}
          style={{ marginTop: 2 }}
        />
      ) : null}
      <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
        <Flex gap={6} align="center" wrap>
          <TypeIcon type={c.type} />
          <Link to={`/customers/${c.id}`} style={{ fontWeight: 600, wordBreak: 'break-word' }}>
            {c.name}
          </Link>
          <GradeTag grade={c.grade} />
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {[
            `${t('customers.fields.ownerId')}：${c.ownerName ?? t('customers.unassigned')}`,
            c.phones.length > 0 ? c.phones.map((p) => p.number).join('、') : t('customers.clusters.noPhone'),
            t('customers.clusters.contacts', { n: c.contactCount }),
          ].join(' · ')}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}

function ClusterCard({ cluster, canMerge, onMerge }: { cluster: DuplicateCluster; canMerge: boolean; onMerge: (ids: [string, string]) => void }) {
  const { t } = useTranslation();
  const many = cluster.customers.length > 2;
  const [picked, setPicked] = useState<string[]>([]);
  const pair = (many ? picked : cluster.customers.map((c) => c.id)) as string[];
  const ready = pair.length === 2;
  return (
    <Card
      size="small"
      data-testid="duplicate-cluster"
      title={
        <Flex gap={6} align="center" wrap style={{ padding: '4px 0' }}>
          {cluster.reasons.map((reason) => (
            <Tag key={reason} color={reasonColors[reason]} style={{ marginInlineEnd: 0 }}>
              {t(`customers.clusters.reasons.${reason}`)}
            </Tag>
          ))}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
            {t('customers.clusters.size', { n: cluster.customers.length })}
          </Typography.Text>
        </Flex>
      }
      extra={
        canMerge ? (
          <Button
            type="primary"
            ghost
            icon={<MergeOutlined aria-hidden />}
            disabled={!ready}
            onClick={() => ready && onMerge([pair[0]!, pair[1]!])}
            data-testid="merge-cluster"
          >
            {t('customers.clusters.merge')}
          </Button>
        ) : null
      }
    >
      {many && canMerge ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('customers.clusters.pickTwo', { n: cluster.customers.length })} {t('customers.clusters.pickedCount', { n: picked.length })}
        </Typography.Paragraph>
      ) : null}
      {cluster.customers.map((c, index) => (
        <CustomerLine
          key={c.id}
          customer={c}
          first={index === 0}
          picker={
            many && canMerge
              ? {
                  checked: picked.includes(c.id),
                  disabled: !picked.includes(c.id) && picked.length >= 2,
                  onChange: (checked) => setPicked((p) => (checked ? [...p, c.id] : p.filter((x) => x !== c.id))),
                }
              : undefined
          }
        />
      ))}
    </Card>
  );
}

/** Queues a new search and refetches the list every second until its time stamp moves. */
function useRefresh(computedAt: string | null | undefined, refetch: () => Promise<unknown>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshDuplicateClusters();
  const [waiting, setWaiting] = useState<{ since: string | null; startedAt: number } | null>(null);

  useEffect(() => {
    if (!waiting) return;
    if (computedAt && computedAt !== waiting.since) {
      setWaiting(null);
      return;
    }
    const timer = window.setInterval(() => {
      if (Date.now() - waiting.startedAt > REFRESH_PATIENCE_MS) {
        setWaiting(null);
        void message.info(t('customers.clusters.refreshSlow'));
        return;
      }
      void refetch();
    }, 1000);
    return () => window.clearInterval(timer);
  }, [waiting, computedAt, refetch, message, t]);

  const start = () =>
    refresh.mutate(undefined, {
      onSuccess: () => setWaiting({ since: computedAt ?? null, startedAt: Date.now() }),
      onError: (error) => void message.error(isApiError(error) ? error.problem.title : t('errors.unknown')),
    });
  return { start, busy: refresh.isPending || waiting !== null };
}

export function DuplicatesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const can = useCan();
  const clusters = useDuplicateClusters();
  const [merging, setMerging] = useState<[string, string] | null>(null);
  const rows = useMemo(() => clusters.data?.pages.flatMap((page) => page.data) ?? [], [clusters.data]);
  const computedAt = clusters.data?.pages[0]?.computedAt;
  const { refetch } = clusters;
  const refresher = useRefresh(computedAt, refetch);
  const canMerge = can('customers:write') && can('customers:delete');

  const refreshButton = (testId: string, primary = false) => (
    <Button
      type={primary ? 'primary' : 'default'}
      icon={<ReloadOutlined aria-hidden />}
      onClick={refresher.start}
      loading={refresher.busy}
      data-testid={testId}
    >
      {t('customers.clusters.refresh')}
    </Button>
  );

  let body;
  if (clusters.isPending) body = <PageSkeleton rows={6} />;
  else if (clusters.isError) {
    body = (
      <Card>
        <ErrorState error={clusters.error} onRetry={() => void clusters.refetch()} />
      </Card>
    );
  } else if (rows.length === 0) {
    body = (
      <Card data-testid="duplicates-empty">
        <EmptyState description={computedAt ? t('customers.clusters.empty') : t('customers.clusters.emptyNever')} action={refreshButton('refresh-duplicates-empty', true)} />
      </Card>
    );
  } else {
    body = (
      <Flex vertical gap={12} data-testid="duplicates-list">
        <Typography.Text type="secondary">{t('customers.clusters.count', { n: rows.length })}</Typography.Text>
        {rows.map((cluster) => (
          <ClusterCard key={`${cluster.id}:${cluster.customers.map((c) => c.id).join()}`} cluster={cluster} canMerge={canMerge} onMerge={setMerging} />
        ))}
        <LoadMoreButton {...loadMoreOf(clusters)} />
      </Flex>
    );
  }

  return (
    <>
      <PageHeader
        title={t('customers.clusters.title')}
        description={t('customers.clusters.description')}
        extra={
          <Space size={12} wrap>
            <Typography.Text type="secondary" data-testid="duplicates-computed-at">
              {computedAt ? t('customers.clusters.computedAt', { time: format.dateTime(computedAt) }) : clusters.isSuccess ? t('customers.clusters.neverComputed') : null}
            </Typography.Text>
            {refreshButton('refresh-duplicates')}
          </Space>
        }
      />
      {refresher.busy ? (
        <Alert
          type="info"
          showIcon
          icon={<Spin size="small" />}
          title={t('customers.clusters.refreshing')}
          style={{ marginBottom: 12 }}
          data-testid="duplicates-refreshing"
        />
      ) : null}
      {!canMerge && rows.length > 0 ? <Alert type="info" showIcon title={t('customers.merge.permission')} style={{ marginBottom: 12 }} /> : null}
      {body}
      <MergeWizard ids={merging} onClose={() => setMerging(null)} />
    </>
  );
}
