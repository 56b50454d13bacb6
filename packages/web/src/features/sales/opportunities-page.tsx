// Opportunities (商机): the board by stage of one pipeline — counts, amounts and weighted
// amounts per column, drag a card to move it, drop it on won or lost to close it with a
// reason — and the same opportunities as a list. The open opportunity lives in the address.
import { MoreOutlined, PlusOutlined } from '@ant-design/icons';
import type { Opportunity, Pipeline, PipelineStage } from '@kehu/shared';
import { App, Button, Card, Dropdown, Empty, Flex, Input, Segmented, Select, Space, Statistic, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isApiError, VERSION_CONFLICT } from '../../api/client';
import { useBoard, useOpportunities, usePipelines, useUpdateOpportunity, type OpportunityFilter } from '../../api/sales';
import { useCan } from '../../app/access';
import { DataList, loadMoreOf } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useDebounced } from '../../components/use-debounced';
import { useDropColumn } from '../../components/use-drop-column';
import { useIsPhone } from '../../components/use-is-phone';
import { translateOr } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { CloseModal, type CloseRequest } from './close-modal';
import { OpportunityDrawer, type OpportunityDrawerMode } from './opportunity-form';
import { amountText, localized, openStages, StatusTag } from './opportunity-parts';
import { OwnerSelect } from '../customers/owner-select';

type View = 'board' | 'list';

export function OpportunitiesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebounced(search.trim(), 300) || undefined;
  const view: View = params.get('view') === 'list' ? 'list' : 'board';
  const openId = params.get('open');
  const [creating, setCreating] = useState<OpportunityDrawerMode | null>(null);
  const drawer: OpportunityDrawerMode | null = openId ? { kind: 'edit', opportunityId: openId } : creating;
  const canWrite = can('opportunities:write');

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

  if (pipelines.isPending) return <PageSkeleton />;
  if (pipelines.isError) return <ErrorState error={pipelines.error} onRetry={() => void pipelines.refetch()} />;
  const active = pipelines.data.filter((p) => !p.archived);
  const pipeline = active.find((p) => p.id === params.get('pipeline')) ?? active.find((p) => p.isDefault) ?? active[0]!;
  const open = (o: Opportunity) => setParam('open', o.id);
  const listFilter: ListFilter = {
    stageId: params.get('stage') ?? undefined,
    status: (params.get('status') as ListFilter['status']) ?? undefined,
    ownerId: params.get('owner') ?? undefined,
    sort: (params.get('sort') as OpportunitySortKey) ?? undefined,
  };
  const setListFilter = (next: ListFilter) =>
    setParams(
      (prev) => {
        const out = new URLSearchParams(prev);
        for (const [key, value] of [['stage', next.stageId], ['status', next.status], ['owner', next.ownerId]] as const) {
          if (value) out.set(key, value);
          else out.delete(key);
        }
        return out;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title={t('opportunities.title')}
        description={isPhone ? undefined : t('opportunities.description')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating({ kind: 'create', pipelineId: pipeline.id })} data-testid="add-opportunity">
              {t('opportunities.create')}
            </Button>
          ) : null
        }
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<View>
          value={view}
          onChange={(v) => setParam('view', v === 'board' ? undefined : v)}
          options={[{ value: 'board', label: t('opportunities.views.board') }, { value: 'list', label: t('opportunities.views.list') }]}
          data-testid="opportunity-view"
        />
        {active.length > 1 ? (
          <Select
            value={pipeline.id}
            onChange={(value: string) => setParam('pipeline', value)}
            options={active.map((p) => ({ value: p.id, label: p.name }))}
            style={{ minWidth: 160 }}
            aria-label={t('opportunities.fields.pipelineId')}
          />
        ) : null}
        <Input.Search
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('opportunities.searchPlaceholder')}
          style={{ width: isPhone ? '100%' : 260 }}
          data-testid="opportunity-search"
        />
        {view === 'list' ? <ListFilters pipeline={pipeline} filter={listFilter} onChange={setListFilter} /> : null}
      </Flex>
      {view === 'board' ? (
        <OpportunityBoard pipeline={pipeline} q={q} canWrite={canWrite} onOpen={open} onCreate={(stage) => setCreating({ kind: 'create', pipelineId: pipeline.id, stageId: stage.id })} />
      ) : (
        <OpportunityList
          pipelineId={pipeline.id}
          q={q}
          onOpen={open}
          filter={listFilter}
          onSort={(sort) => setParam('sort', sort)}
        />
      )}
      <OpportunityDrawer
        mode={drawer}
        onClose={() => {
          setCreating(null);
          if (openId) setParam('open', undefined);
        }}
      />
    </>
  );
}

interface BoardProps {
  pipeline: Pipeline;
  q?: string;
  canWrite: boolean;
  onOpen: (o: Opportunity) => void;
  onCreate: (stage: PipelineStage) => void;
}

function OpportunityBoard({ pipeline, q, canWrite, onOpen, onCreate }: BoardProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const board = useBoard({ pipelineId: pipeline.id, q });
  const update = useUpdateOpportunity();
  const [dragging, setDragging] = useState<Opportunity | null>(null);
  const [closing, setClosing] = useState<CloseRequest | null>(null);

  if (board.isPending) return <PageSkeleton />;
  if (board.isError) return <ErrorState error={board.error} onRetry={() => void board.refetch()} />;
  const { currency, columns } = board.data;
  const stages = board.data.pipeline.stages;

  const move = async (o: Opportunity, stage: PipelineStage) => {
    if (o.stageId === stage.id) return;
    if (stage.kind !== 'open') {
      if (o.status === 'open') setClosing({ opportunity: o, outcome: stage.kind });
      return;
    }
    if (o.status !== 'open') {
      void message.info(t('opportunities.reopenFirst'));
      return;
    }
    try {
      await update.mutateAsync({ opportunityId: o.id, body: { stageId: stage.id, version: o.version } });
      void message.success(t('opportunities.moved', { name: o.name, stage: localized(stage.name) }));
    } catch (error) {
      if (isApiError(error, VERSION_CONFLICT)) void message.warning(t('opportunities.conflict', { name: o.name }));
      else if (isApiError(error) && error.problem.errors?.some((e) => e.code === 'required_for_stage')) {
        // The stage asks for fields the deal lacks: say which, and open it to fill them in.
        const missing = error.problem.errors.filter((e) => e.code === 'required_for_stage').map((e) => fieldName(e.path, t));
        void message.warning(t('opportunities.needsFields', { stage: localized(stage.name), fields: missing.join('、') }));
        onOpen(o);
      } else void message.error(isApiError(error) ? error.problem.title : t('errors.unknown'));
    }
  };

  const open = columns.filter((c) => stages.find((s) => s.id === c.stageId)?.kind === 'open');
  const sum = (pick: (c: (typeof columns)[number]) => number) => open.reduce((n, c) => n + pick(c), 0);

  return (
    <>
      <Flex gap={32} wrap style={{ marginBottom: 12 }} data-testid="board-summary">
        <Statistic title={t('opportunities.summary.open')} value={sum((c) => c.count)} />
        <Statistic title={t('opportunities.summary.amount')} value={format.money(sum((c) => c.amount), currency)} />
        <Statistic title={t('opportunities.summary.weighted')} value={format.money(sum((c) => c.weightedAmount), currency)} />
      </Flex>
      <div style={{ overflowX: 'auto', paddingBottom: 8, marginInline: -4 }} data-testid="opportunity-board">
        <Flex gap={12} align="flex-start" style={{ minWidth: 'min-content', paddingInline: 4 }}>
          {stages.map((stage) => {
            const column = columns.find((c) => c.stageId === stage.id)!;
            return (
              <BoardColumn
                key={stage.id}
                stage={stage}
                column={column}
                stages={stages}
                currency={currency}
                canWrite={canWrite}
                dragging={dragging}
                onDragStart={setDragging}
                onMove={(o, to) => void move(o, to)}
                onOpen={onOpen}
                onCreate={onCreate}
              />
            );
          })}
        </Flex>
      </div>
      <CloseModal request={closing} onClose={() => setClosing(null)} />
    </>
  );
}

const fieldName = (path: string, t: TFunction) => (path.startsWith('custom.') ? path.slice(7) : translateOr(t, `opportunities.fields.${path}`, path));

const columnTint: Record<PipelineStage['kind'], string> = { open: '#f5f6f8', won: '#f0faf0', lost: '#f7f7f7' };

interface ColumnProps {
  stage: PipelineStage;
  column: { count: number; amount: number; weightedAmount: number; cards: Opportunity[]; nextCursor: string | null };
  stages: PipelineStage[];
  currency: string;
  canWrite: boolean;
  dragging: Opportunity | null;
  onDragStart: (o: Opportunity | null) => void;
  onMove: (o: Opportunity, stage: PipelineStage) => void;
  onOpen: (o: Opportunity) => void;
  onCreate: (stage: PipelineStage) => void;
}

function BoardColumn({ stage, column, stages, currency, canWrite, dragging, onDragStart, onMove, onOpen, onCreate }: ColumnProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const droppable = canWrite && dragging !== null && dragging.stageId !== stage.id;
  const { style: dropStyle, ...drop } = useDropColumn(droppable, () => {
    if (dragging && droppable) onMove(dragging, stage);
    onDragStart(null);
  }, columnTint[stage.kind]);
  return (
    <section
      aria-label={localized(stage.name)}
      data-testid={`board-column-${stage.kind}`}
      data-stage={localized(stage.name)}
      {...drop}
      style={{ width: 264, flex: '0 0 264px', ...dropStyle }}
    >
      <Flex vertical gap={2} style={{ padding: '4px 6px 10px' }}>
        <Flex justify="space-between" align="center">
          <Typography.Text strong>{localized(stage.name)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {stage.kind === 'open' ? `${stage.probability}%` : null}
          </Typography.Text>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="board-column-total">
          {t('opportunities.columnTotal', { count: column.count, amount: format.money(column.amount, currency) })}
        </Typography.Text>
      </Flex>
      <div style={{ maxHeight: 'calc(100vh - 360px)', minHeight: 120, overflowY: 'auto', paddingInline: 2 }}>
        {column.cards.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={stage.kind === 'open' ? t('opportunities.emptyColumn') : t('opportunities.emptyClosed')} style={{ marginBlock: 16 }}>
            {canWrite && stage.kind === 'open' ? (
              <Button size="small" icon={<PlusOutlined aria-hidden />} onClick={() => onCreate(stage)}>
                {t('opportunities.create')}
              </Button>
            ) : null}
          </Empty>
        ) : (
          <Flex vertical gap={8}>
            {column.cards.map((o) => (
              <BoardCard key={o.id} opportunity={o} stages={stages} canWrite={canWrite} onDragStart={onDragStart} onMove={onMove} onOpen={onOpen} />
            ))}
          </Flex>
        )}
        {column.nextCursor ? (
          <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center', padding: 8, fontSize: 12 }}>
            {t('opportunities.moreInList', { n: column.count - column.cards.length })}
          </Typography.Text>
        ) : null}
      </div>
    </section>
  );
}

interface CardProps {
  opportunity: Opportunity;
  stages: PipelineStage[];
  canWrite: boolean;
  onDragStart: (o: Opportunity | null) => void;
  onMove: (o: Opportunity, stage: PipelineStage) => void;
  onOpen: (o: Opportunity) => void;
}

function BoardCard({ opportunity: o, stages, canWrite, onDragStart, onMove, onOpen }: CardProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const others = stages.filter((s) => s.id !== o.stageId && (o.status === 'open' || s.kind === 'open'));
  const overdue = o.status === 'open' && o.expectedCloseDate !== null && o.expectedCloseDate < new Date().toISOString().slice(0, 10);
  return (
    <Card
      size="small"
      draggable={canWrite}
      onDragStart={(e) => {
        e.dataTransfer.setData('application/x-kehu-opportunity', o.id);
        e.dataTransfer.effectAllowed = 'move';
        onDragStart(o);
      }}
      onDragEnd={() => onDragStart(null)}
      style={{ cursor: canWrite ? 'grab' : undefined, boxShadow: '0 1px 2px rgba(0,0,0,0.06)' }}
      styles={{ body: { padding: '10px 12px' } }}
      data-testid="opportunity-card"
    >
      <Flex justify="space-between" align="flex-start" gap={6}>
        <Typography.Link onClick={() => onOpen(o)} style={{ fontWeight: 600, lineHeight: 1.4 }} draggable={false}>
          {o.name}
        </Typography.Link>
        {canWrite && others.length && o.status === 'open' ? (
          <Dropdown
            trigger={['click']}
            menu={{
              items: others.map((s) => ({ key: s.id, label: t('opportunities.moveTo', { stage: localized(s.name) }) })),
              onClick: ({ key }) => onMove(o, stages.find((s) => s.id === key)!),
            }}
          >
            <Button type="text" size="small" icon={<MoreOutlined aria-hidden />} aria-label={t('opportunities.move', { name: o.name })} />
          </Dropdown>
        ) : null}
      </Flex>
      <Link to={`/customers/${o.customerId}`} draggable={false} style={{ fontSize: 12 }}>
        {o.customerName}
      </Link>
      <Flex justify="space-between" align="center" gap={6} style={{ marginTop: 6 }}>
        <Typography.Text strong>{amountText(format, o.amount, o.currency)}</Typography.Text>
        <Typography.Text type={overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
          {o.expectedCloseDate ?? ''}
        </Typography.Text>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {o.ownerName ?? ''}
      </Typography.Text>
    </Card>
  );
}

type ListFilter = Pick<OpportunityFilter, 'stageId' | 'status' | 'ownerId' | 'sort'>;
/** Columns the list sorts by on a header click, and the sort each asks the server for. */
const sortable: Record<string, [OpportunitySortKey, OpportunitySortKey]> = {
  amount: ['amount', '-amount'],
  close: ['expectedCloseDate', '-expectedCloseDate'],
  updated: ['updatedAt', '-updatedAt'],
};
type OpportunitySortKey = NonNullable<OpportunityFilter['sort']>;

/** The list view's filters: stage (or won / lost), owner; kept in the address like the rest of the page. */
function ListFilters({ pipeline, filter, onChange }: { pipeline: Pipeline; filter: ListFilter; onChange: (next: ListFilter) => void }) {
  const { t } = useTranslation();
  const stageValue = filter.status && filter.status !== 'open' ? `status:${filter.status}` : filter.stageId ?? (filter.status === 'open' ? 'status:open' : undefined);
  return (
    <>
      <Select
        allowClear
        value={stageValue}
        placeholder={t('opportunities.filters.stage')}
        aria-label={t('opportunities.filters.stage')}
        style={{ minWidth: 150 }}
        onChange={(v?: string) => onChange({ ...filter, stageId: v && !v.startsWith('status:') ? v : undefined, status: v?.startsWith('status:') ? (v.slice(7) as ListFilter['status']) : undefined })}
        options={[
          { value: 'status:open', label: t('opportunities.filters.allOpen') },
          ...openStages(pipeline).map((s) => ({ value: s.id, label: localized(s.name) })),
          { value: 'status:won', label: t('opportunities.statuses.won') },
          { value: 'status:lost', label: t('opportunities.statuses.lost') },
        ]}
        data-testid="opportunity-stage-filter"
      />
      <OwnerSelect
        allowClear
        value={filter.ownerId}
        onChange={(v?: string) => onChange({ ...filter, ownerId: v })}
        placeholder={t('opportunities.filters.owner')}
        aria-label={t('opportunities.filters.owner')}
        style={{ minWidth: 140 }}
      />
    </>
  );
}

function OpportunityList({ pipelineId, q, onOpen, customerId, filter, onSort }: {
  pipelineId?: string;
  q?: string;
  onOpen: (o: Opportunity) => void;
  customerId?: string;
  filter?: ListFilter;
  onSort?: (sort: OpportunitySortKey | undefined) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useOpportunities({ pipelineId, q, customerId, ...filter });
  const orderOf = (key: string) => {
    const [up, down] = sortable[key]!;
    return filter?.sort === up ? ('ascend' as const) : filter?.sort === down ? ('descend' as const) : null;
  };
  const sortableColumn = (key: string) => (onSort ? { sorter: true, sortOrder: orderOf(key), sortDirections: ['descend', 'ascend', 'descend'] as ('ascend' | 'descend')[] } : {});
  if (list.isPending) return <PageSkeleton />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const rows = list.data.pages.flatMap((p) => p.data);
  const columns: ColumnsType<Opportunity> = [
    { key: 'name', title: t('opportunities.fields.name'), render: (_, o) => <Typography.Link onClick={() => onOpen(o)}>{o.name}</Typography.Link> },
    ...(customerId ? [] : [{ key: 'customer', title: t('opportunities.fields.customerId'), render: (_: unknown, o: Opportunity) => <Link to={`/customers/${o.customerId}`}>{o.customerName}</Link> }]),
    { key: 'stage', title: t('opportunities.fields.stageId'), render: (_, o) => (o.status === 'open' ? localized(o.stageName) : <StatusTag status={o.status} />) },
    { key: 'amount', title: t('opportunities.fields.amount'), align: 'right', ...sortableColumn('amount'), render: (_, o) => amountText(format, o.amount, o.currency) },
    { key: 'probability', title: t('opportunities.fields.probability'), align: 'right', render: (_, o) => `${o.probability}%` },
    { key: 'close', title: t('opportunities.fields.expectedCloseDate'), ...sortableColumn('close'), render: (_, o) => o.expectedCloseDate ?? '—' },
    { key: 'owner', title: t('opportunities.fields.ownerId'), render: (_, o) => o.ownerName ?? '—' },
    ...(onSort ? [{ key: 'updated', title: t('opportunities.fields.updatedAt'), ...sortableColumn('updated'), render: (_: unknown, o: Opportunity) => format.relative(o.updatedAt) }] : []),
  ];
  return (
    <DataList<Opportunity>
      data={rows}
      rowKey={(o) => o.id}
      columns={columns}
      renderCard={(o) => (
        <Flex vertical gap={2}>
          <Flex justify="space-between" gap={8}>
            <Typography.Link strong onClick={() => onOpen(o)}>{o.name}</Typography.Link>
            {o.status === 'open' ? <Typography.Text type="secondary">{localized(o.stageName)}</Typography.Text> : <StatusTag status={o.status} />}
          </Flex>
          <Space size={8} wrap>
            <Typography.Text strong>{amountText(format, o.amount, o.currency)}</Typography.Text>
            {customerId ? null : <Typography.Text type="secondary">{o.customerName}</Typography.Text>}
          </Space>
        </Flex>
      )}
      empty={<EmptyState description={t('opportunities.emptyList')} />}
      loadMore={loadMoreOf(list)}
      onSort={onSort ? (key, order) => onSort(order ? sortable[key]![order === 'ascend' ? 0 : 1] : undefined) : undefined}
      testId="opportunity-list"
    />
  );
}

export { OpportunityList };
