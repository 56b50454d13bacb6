// Leads (线索): the ones to work first on top — ranked by score, each with its band and why —
// narrowed by status, band, source or a search. The open lead lives in the address (?open=).
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { customerSources, scoreBands, type Lead, type LeadStatus } from '@kehu/shared';
import { Button, Flex, Input, Segmented, Select, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useLeads, type LeadFilter } from '../../api/leads';
import { useCan } from '../../app/access';
import { DataList, loadMoreOf } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useDebounced } from '../../components/use-debounced';
import { useIsPhone } from '../../components/use-is-phone';
import { useFormat } from '../../i18n/format';
import { LeadDrawer, type LeadDrawerMode } from './lead-drawer';
import { LeadStatusTag, ScoreBadge } from './lead-parts';

type StatusView = 'open' | 'converted' | 'disqualified' | 'all';
const statusViews: StatusView[] = ['open', 'converted', 'disqualified', 'all'];

function filterOf(view: StatusView, band?: string, source?: string, q?: string): LeadFilter {
  const filter: LeadFilter = { sort: '-score' };
  if (view === 'open') filter.open = 'true';
  else if (view !== 'all') filter.status = view as LeadStatus;
  if (band) filter.band = band as LeadFilter['band'];
  if (source) filter.source = source as LeadFilter['source'];
  if (q) filter.q = q;
  return filter;
}

export function LeadsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const isPhone = useIsPhone();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebounced(search.trim(), 300) || undefined;
  const view = (statusViews.includes(params.get('status') as StatusView) ? params.get('status') : 'open') as StatusView;
  const band = params.get('band') ?? undefined;
  const source = params.get('source') ?? undefined;
  const openId = params.get('open');
  const [creating, setCreating] = useState(false);
  const drawer: LeadDrawerMode | null = openId ? { kind: 'edit', leadId: openId } : creating ? { kind: 'create' } : null;
  const list = useLeads(filterOf(view, band, source, q));

  const setParam = (key: string, value: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const open = (l: Lead) => setParam('open', l.id);
  const filtered = Boolean(q || band || source);

  const columns: ColumnsType<Lead> = [
    { key: 'score', title: t('leads.fields.score'), width: 110, render: (_, l) => <ScoreBadge lead={l} /> },
    {
      key: 'name',
      title: t('leads.fields.name'),
      render: (_, l) => (
        <Flex vertical>
          <Typography.Link onClick={() => open(l)} data-testid="lead-link">{l.displayName}</Typography.Link>
          {l.personName && l.companyName ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{[l.personName, l.title].filter(Boolean).join(' · ')}</Typography.Text> : null}
        </Flex>
      ),
    },
    { key: 'contact', title: t('leads.fields.contact'), render: (_, l) => l.mobile ?? l.phone ?? l.email ?? l.wechat ?? '—' },
    { key: 'source', title: t('leads.fields.source'), render: (_, l) => (l.source ? t(`customers.sources.${l.source}`) : '—') },
    { key: 'region', title: t('leads.fields.region'), render: (_, l) => [l.province, l.city].filter(Boolean).join(' ') || '—' },
    { key: 'status', title: t('leads.fields.status'), render: (_, l) => <LeadStatusTag status={l.status} /> },
    { key: 'owner', title: t('leads.fields.ownerId'), render: (_, l) => l.ownerName ?? <Typography.Text type="secondary">{t('leads.noOwner')}</Typography.Text> },
    { key: 'createdAt', title: t('leads.fields.createdAt'), render: (_, l) => format.dateTime(l.createdAt) },
  ];

  return (
    <>
      <PageHeader
        title={t('leads.title')}
        description={isPhone ? undefined : t('leads.description')}
        extra={
          can('leads:write') ? (
            <Space wrap>
              <Link to="/customers/import?object=leads" data-testid="import-leads">
                <Button icon={<UploadOutlined aria-hidden />}>{t('imports.button')}</Button>
              </Link>
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)} data-testid="add-lead">
                {t('leads.create')}
              </Button>
            </Space>
          ) : null
        }
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<StatusView>
          value={view}
          onChange={(v) => setParam('status', v === 'open' ? undefined : v)}
          options={statusViews.map((v) => ({ value: v, label: t(`leads.views.${v}`) }))}
          data-testid="lead-status-view"
        />
        <Select
          allowClear
          value={band}
          onChange={(v?: string) => setParam('band', v)}
          placeholder={t('leads.filters.band')}
          options={scoreBands.map((b) => ({ value: b, label: t(`leads.bands.${b}`) }))}
          style={{ width: 120 }}
          aria-label={t('leads.filters.band')}
        />
        <Select
          allowClear
          value={source}
          onChange={(v?: string) => setParam('source', v)}
          placeholder={t('leads.filters.source')}
          options={customerSources.map((s) => ({ value: s, label: t(`customers.sources.${s}`) }))}
          style={{ width: 140 }}
          aria-label={t('leads.filters.source')}
        />
        <Input.Search
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('leads.searchPlaceholder')}
          style={{ width: isPhone ? '100%' : 260 }}
          data-testid="lead-search"
        />
      </Flex>
      {list.isPending ? (
        <PageSkeleton />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <DataList<Lead>
          data={list.data.pages.flatMap((p) => p.data)}
          rowKey={(l) => l.id}
          columns={columns}
          renderCard={(l) => (
            <Flex gap={12} align="center" onClick={() => open(l)} style={{ cursor: 'pointer' }}>
              <ScoreBadge lead={l} />
              <Flex vertical style={{ minWidth: 0, flex: 1 }}>
                <Typography.Link strong data-testid="lead-link">{l.displayName}</Typography.Link>
                <Space size={8} wrap>
                  <LeadStatusTag status={l.status} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{l.mobile ?? l.email ?? ''}</Typography.Text>
                </Space>
              </Flex>
            </Flex>
          )}
          empty={
            <EmptyState
              description={filtered ? t('leads.emptyFiltered') : t('leads.empty')}
              action={
                !filtered && can('leads:write') ? (
                  <Button type="primary" onClick={() => setCreating(true)}>
                    {t('leads.create')}
                  </Button>
                ) : null
              }
            />
          }
          loadMore={loadMoreOf(list)}
          testId="lead-list"
        />
      )}
      <LeadDrawer
        mode={drawer}
        onClose={() => {
          setCreating(false);
          if (openId) setParam('open', undefined);
        }}
      />
    </>
  );
}
