// Pipeline insights: the funnel of a pipeline with the conversion from each stage to the
// next, win rate, average won deal, sales cycle, and the open deals nobody has touched lately.
import type { PipelineStats, StalledDeal } from '@kehu/shared';
import { Card, Col, DatePicker, Flex, InputNumber, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { usePipelineStats } from '../../api/forecasts';
import { useTeams } from '../../api/identity';
import { usePipelines } from '../../api/sales';
import { useCan } from '../../app/access';
import { Chart, type ChartOption } from '../../components/chart';
import { DataList } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useIsPhone } from '../../components/use-is-phone';
import { useFormat } from '../../i18n/format';
import { OwnerSelect } from '../customers/owner-select';
import { amountText, localized } from './opportunity-parts';

const isDate = (v: string | null): v is string => v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v);
const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

export function PipelineInsightsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const isPhone = useIsPhone();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const manager = can('teams:read');
  const teams = useTeams({ enabled: manager });
  const today = dayjs().tz(format.timeZone);
  const from = isDate(params.get('from')) ? params.get('from')! : today.subtract(1, 'year').add(1, 'day').format('YYYY-MM-DD');
  const to = isDate(params.get('to')) ? params.get('to')! : today.format('YYYY-MM-DD');
  const stalledDays = Number(params.get('stalled')) || 14;
  const active = (pipelines.data ?? []).filter((p) => !p.archived);
  const pipeline = active.find((p) => p.id === params.get('pipeline')) ?? active.find((p) => p.isDefault) ?? active[0];
  const teamId = params.get('team') ?? undefined;
  const ownerId = params.get('owner') ?? undefined;
  const stats = usePipelineStats({ pipelineId: pipeline?.id, teamId, ownerId, from, to, stalledDays });

  const set = (changes: Record<string, string | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );

  const quarterStart = today.month(today.month() - (today.month() % 3)).startOf('month');
  const presets: { label: string; value: [Dayjs, Dayjs] }[] = [
    { label: t('forecast.insights.presets.thisQuarter'), value: [quarterStart, today] },
    { label: t('forecast.insights.presets.lastQuarter'), value: [quarterStart.subtract(3, 'month'), quarterStart.subtract(1, 'day')] },
    { label: t('forecast.insights.presets.thisYear'), value: [today.startOf('year'), today] },
    { label: t('forecast.insights.presets.last12Months'), value: [today.subtract(1, 'year').add(1, 'day'), today] },
  ];

  const filters = (
    <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }} data-testid="insights-filters">
      <DatePicker.RangePicker
        value={[dayjs(from), dayjs(to)]}
        allowClear={false}
        presets={presets}
        onChange={(range) => range?.[0] && range[1] && set({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') })}
        style={{ width: isPhone ? '100%' : 260 }}
        aria-label={t('forecast.period')}
      />
      {active.length > 1 && pipeline ? (
        <Select value={pipeline.id} onChange={(value: string) => set({ pipeline: value })} options={active.map((p) => ({ value: p.id, label: p.name }))} style={{ minWidth: 150 }} aria-label={t('forecast.pipeline')} />
      ) : null}
      {manager ? (
        <>
          <Select
            allowClear
            value={teamId}
            placeholder={t('forecast.allTeams')}
            onChange={(value: string | undefined) => set({ team: value })}
            options={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
            style={{ minWidth: 150 }}
            aria-label={t('forecast.team')}
          />
          <OwnerSelect allowClear value={ownerId} placeholder={t('forecast.allOwners')} onChange={(value) => set({ owner: value })} style={{ minWidth: 150 }} aria-label={t('forecast.owner')} />
        </>
      ) : null}
    </Flex>
  );

  const body = () => {
    if (pipelines.isError) return <ErrorState error={pipelines.error} onRetry={() => void pipelines.refetch()} />;
    if (stats.isError) return <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />;
    if (stats.isPending || pipelines.isPending) return <PageSkeleton />;
    const data = stats.data;
    return (
      <Flex vertical gap={16}>
        <Row gutter={[16, 16]} data-testid="insights-kpis">
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic styles={{ content: { fontSize: 20 } }} title={t('forecast.insights.winRate')} value={percent(data.winRate)} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('forecast.insights.wonLost', { won: data.won, lost: data.lost })}</Typography.Text>
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic styles={{ content: { fontSize: 20 } }} title={t('forecast.insights.averageWon')} value={data.averageWonAmount === null ? '—' : format.money(data.averageWonAmount, data.currency)} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('forecast.insights.wonAmount', { amount: format.money(data.wonAmount, data.currency) })}</Typography.Text>
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic styles={{ content: { fontSize: 20 } }} title={t('forecast.insights.cycle')} value={data.averageCycleDays === null ? '—' : t('forecast.insights.days', { count: data.averageCycleDays })} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('forecast.insights.cycleHint')}</Typography.Text>
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic styles={{ content: { fontSize: 20 } }} title={t('forecast.insights.created')} value={format.number(data.created)} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('forecast.insights.createdHint')}</Typography.Text>
            </Card>
          </Col>
        </Row>
        <Funnel stats={data} />
        <Stalled stats={data} onDays={(days) => set({ stalled: days === 14 ? undefined : String(days) })} />
      </Flex>
    );
  };

  return (
    <>
      <PageHeader title={t('forecast.insights.title')} description={isPhone ? undefined : t('forecast.insights.description')} />
      {filters}
      {body()}
    </>
  );
}

type Step = PipelineStats['funnel'][number];

function Funnel({ stats }: { stats: PipelineStats }) {
  const { t } = useTranslation();
  const option = useMemo<ChartOption>(() => ({
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    series: [{
      type: 'funnel',
      sort: 'none',
      minSize: '8%',
      left: 8,
      right: 8,
      top: 8,
      bottom: 8,
      label: { position: 'inside', formatter: '{b}\n{c}' },
      data: stats.funnel.map((s) => ({ name: localized(s.stageName), value: s.reached })),
    }],
  }), [stats.funnel]);
  const columns: ColumnsType<Step> = [
    { key: 'stage', title: t('forecast.insights.stage'), render: (_, s) => localized(s.stageName) },
    { key: 'reached', title: t('forecast.insights.reached'), align: 'right', render: (_, s) => s.reached },
    { key: 'conversion', title: t('forecast.insights.conversion'), align: 'right', render: (_, s) => percent(s.conversionToNext) },
  ];
  return (
    <Card title={t('forecast.insights.funnel')} size="small">
      {stats.created === 0 ? (
        <EmptyState description={t('forecast.insights.emptyFunnel')} action={<Link to="/opportunities">{t('forecast.toOpportunities')}</Link>} />
      ) : (
        <Row gutter={[16, 16]} align="middle">
          <Col xs={24} md={14}>
            <Chart option={option} height={300} label={t('forecast.insights.funnel')} testId="funnel-chart" />
          </Col>
          <Col xs={24} md={10}>
            <Table<Step> size="small" rowKey={(s) => s.stageId} columns={columns} dataSource={stats.funnel} pagination={false} data-testid="funnel-table" />
          </Col>
        </Row>
      )}
    </Card>
  );
}

function Stalled({ stats, onDays }: { stats: PipelineStats; onDays: (days: number) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { stalled } = stats;
  const open = (d: StalledDeal) => <Link to={`/opportunities?open=${encodeURIComponent(d.id)}`}>{d.name}</Link>;
  const columns: ColumnsType<StalledDeal> = [
    { key: 'name', title: t('forecast.insights.deal'), render: (_, d) => open(d) },
    { key: 'customer', title: t('forecast.insights.customer'), render: (_, d) => <Link to={`/customers/${d.customerId}`}>{d.customerName}</Link> },
    { key: 'stage', title: t('forecast.insights.stage'), render: (_, d) => localized(d.stageName) },
    { key: 'owner', title: t('forecast.owner'), render: (_, d) => d.ownerName ?? '—' },
    { key: 'amount', title: t('forecast.insights.amount'), align: 'right', render: (_, d) => amountText(format, d.amount, d.currency) },
    { key: 'idle', title: t('forecast.insights.idle'), align: 'right', render: (_, d) => t('forecast.insights.days', { count: d.idleDays }) },
    { key: 'touched', title: t('forecast.insights.lastTouch'), render: (_, d) => format.date(d.lastTouchAt) },
  ];
  return (
    <Card
      title={t('forecast.insights.stalled')}
      size="small"
      extra={
        <Space size={4}>
          <Typography.Text type="secondary">{t('forecast.insights.idleFor')}</Typography.Text>
          <InputNumber size="small" min={1} max={365} value={stalled.days} onChange={(v) => v && onDays(v)} style={{ width: 72 }} aria-label={t('forecast.insights.idleFor')} data-testid="stalled-days" />
          <Typography.Text type="secondary">{t('forecast.insights.daysUnit')}</Typography.Text>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {t('forecast.insights.stalledSummary', { count: stalled.count, amount: format.money(stalled.amount, stats.currency), days: stalled.days })}
      </Typography.Paragraph>
      <DataList<StalledDeal>
        data={stalled.deals}
        rowKey={(d) => d.id}
        columns={columns}
        testId="stalled-list"
        empty={<EmptyState description={t('forecast.insights.noStalled', { days: stalled.days })} />}
        renderCard={(d) => (
          <Flex vertical gap={2}>
            <Flex justify="space-between" gap={8}>
              {open(d)}
              <Typography.Text type="danger">{t('forecast.insights.days', { count: d.idleDays })}</Typography.Text>
            </Flex>
            <Typography.Text type="secondary">
              {d.customerName} · {localized(d.stageName)} · {d.ownerName ?? '—'}
            </Typography.Text>
            <Typography.Text strong>{amountText(format, d.amount, d.currency)}</Typography.Text>
          </Flex>
        )}
      />
    </Card>
  );
}
