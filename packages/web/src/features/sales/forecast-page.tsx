// The sales forecast (销售预测) of a month, quarter or year: per rep the quota, closed won,
// commit, best case, weighted pipeline, the history-based projection and attainment, a chart
// of closed won against commit, best case and quota, managers' adjustments, and the quotas.
import { EditOutlined, InfoCircleOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { periodKinds, periodOf, previousPeriod, type ForecastFigures, type ForecastRow, type PeriodKind } from '@kehu/shared';
import { Button, Card, Col, DatePicker, Flex, Progress, Row, Segmented, Select, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useForecast } from '../../api/forecasts';
import { useTeams } from '../../api/identity';
import { usePipelines } from '../../api/sales';
import { useCan } from '../../app/access';
import { Chart, type ChartOption } from '../../components/chart';
import { DataList } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useIsPhone } from '../../components/use-is-phone';
import { useFormat, type Formatter } from '../../i18n/format';
import { minorDigits } from '../customers/custom-fields';
import { OwnerSelect } from '../customers/owner-select';
import { AdjustModal, periodName, QuotaDrawer, type AdjustTarget } from './forecast-parts';

const pickers: Record<PeriodKind, 'month' | 'quarter' | 'year'> = { month: 'month', quarter: 'quarter', year: 'year' };
const colors = { closedWon: '#52c41a', commit: '#1677ff', bestCase: '#91caff', quota: '#faad14' };

function Attainment({ value }: { value: number | null }) {
  if (value === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const percent = Math.round(value * 1000) / 10;
  return <Progress percent={Math.min(100, percent)} format={() => `${percent}%`} size="small" status={percent >= 100 ? 'success' : 'normal'} style={{ minWidth: 120, margin: 0 }} />;
}

/** A figure with the manager's adjusted value beneath it, when there is one. */
function Adjusted({ value, adjusted, currency, format }: { value: number; adjusted: number | null; currency: string; format: Formatter }) {
  const { t } = useTranslation();
  return (
    <Flex vertical>
      <span>{format.money(value, currency)}</span>
      {adjusted === null ? null : (
        <Typography.Text type="warning" style={{ fontSize: 12 }}>
          {t('forecast.adjusted', { amount: format.money(adjusted, currency) })}
        </Typography.Text>
      )}
    </Flex>
  );
}

export function ForecastPage() {
  const { t } = useTranslation();
  const can = useCan();
  const isPhone = useIsPhone();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const kind = (periodKinds as readonly string[]).includes(params.get('period') ?? '') ? (params.get('period') as PeriodKind) : 'quarter';
  const today = dayjs().tz(format.timeZone).format('YYYY-MM-DD');
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date')! : today;
  const period = periodOf(kind, date);
  const teamId = params.get('team') ?? undefined;
  const ownerId = params.get('owner') ?? undefined;
  const pipelineId = params.get('pipeline') ?? undefined;
  const manager = can('teams:read');
  const teams = useTeams({ enabled: manager });
  const pipelines = usePipelines();
  const forecast = useForecast({ periodKind: kind, date: period.start, teamId, ownerId, pipelineId });
  const [adjusting, setAdjusting] = useState<AdjustTarget | null>(null);
  const [editingQuotas, setEditingQuotas] = useState(false);

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
  const step = (direction: -1 | 1) => set({ date: direction < 0 ? previousPeriod(kind, period.start).start : period.next });

  const activePipelines = (pipelines.data ?? []).filter((p) => !p.archived);
  const filters = (
    <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }} data-testid="forecast-filters">
      <Segmented<PeriodKind>
        value={kind}
        onChange={(value) => set({ period: value === 'quarter' ? undefined : value })}
        options={periodKinds.map((value) => ({ value, label: t(`forecast.periodKinds.${value}`) }))}
        data-testid="forecast-period-kind"
      />
      <Space.Compact>
        <Button icon={<LeftOutlined aria-hidden />} onClick={() => step(-1)} aria-label={t('forecast.previousPeriod')} />
        <DatePicker
          picker={pickers[kind]}
          value={dayjs(period.start)}
          allowClear={false}
          format={() => periodName(t, kind, period.start)}
          onChange={(value) => value && set({ date: value.format('YYYY-MM-DD') })}
          style={{ width: 150 }}
          aria-label={t('forecast.period')}
          data-testid="forecast-period"
        />
        <Button icon={<RightOutlined aria-hidden />} onClick={() => step(1)} aria-label={t('forecast.nextPeriod')} />
      </Space.Compact>
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
      {activePipelines.length > 1 ? (
        <Select
          allowClear
          value={pipelineId}
          placeholder={t('forecast.allPipelines')}
          onChange={(value: string | undefined) => set({ pipeline: value })}
          options={activePipelines.map((p) => ({ value: p.id, label: p.name }))}
          style={{ minWidth: 150 }}
          aria-label={t('forecast.pipeline')}
        />
      ) : null}
    </Flex>
  );

  const header = (
    <PageHeader
      title={t('forecast.title')}
      description={isPhone ? undefined : t('forecast.description')}
      extra={
        can('quotas:manage') ? (
          <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditingQuotas(true)} data-testid="edit-quotas">
            {t('forecast.quotas.edit')}
          </Button>
        ) : null
      }
    />
  );

  const body = () => {
    if (forecast.isPending) return <PageSkeleton />;
    if (forecast.isError) return <ErrorState error={forecast.error} onRetry={() => void forecast.refetch()} />;
    const data = forecast.data;
    if (data.rows.length === 0) {
      return (
        <Card>
          <EmptyState
            description={t('forecast.empty', { period: periodName(t, kind, period.start) })}
            action={
              <Space wrap>
                <Link to="/opportunities">
                  <Button type="primary">{t('forecast.toOpportunities')}</Button>
                </Link>
                {can('quotas:manage') ? <Button onClick={() => setEditingQuotas(true)}>{t('forecast.quotas.edit')}</Button> : null}
              </Space>
            }
          />
        </Card>
      );
    }
    const teamName = teamId ? teams.data?.find((team) => team.id === teamId)?.name : undefined;
    return (
      <Flex vertical gap={16}>
        <ForecastSummary
          total={data.total}
          currency={data.currency}
          rows={data.rows}
          onAdjustTeam={
            teamId && !ownerId && can('forecasts:adjust')
              ? () => setAdjusting({ kind: 'team', id: teamId, name: teamName ?? t('forecast.team'), commit: data.total.commit, bestCase: data.total.bestCase, adjustment: data.total.adjustment })
              : undefined
          }
        />
        <RepTable rows={data.rows} currency={data.currency} canAdjust={can('forecasts:adjust')} onAdjust={(r) => setAdjusting({ kind: 'user', id: r.ownerId, name: r.ownerName ?? '—', commit: r.commit, bestCase: r.bestCase, adjustment: r.adjustment })} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="forecast-method">
          <Tooltip title={t('forecast.method.explain')}>
            <InfoCircleOutlined aria-hidden style={{ marginInlineEnd: 6 }} />
          </Tooltip>
          {data.model.closedCount
            ? t('forecast.method.learned', {
                count: data.model.closedCount,
                from: data.model.historyFrom,
                to: data.model.historyTo,
                days: data.model.averageCycleDays === null ? '—' : format.number(data.model.averageCycleDays),
              })
            : t('forecast.method.noHistory')}
          {data.otherCurrencyCount ? ` ${t('forecast.otherCurrency', { count: data.otherCurrencyCount, currency: data.currency })}` : ''}
        </Typography.Text>
      </Flex>
    );
  };

  return (
    <>
      {header}
      {filters}
      {body()}
      <AdjustModal target={adjusting} period={{ kind, date: period.start }} currency={forecast.data?.currency ?? 'CNY'} onClose={() => setAdjusting(null)} />
      <QuotaDrawer open={editingQuotas} period={{ kind, date: period.start, start: period.start }} currency={forecast.data?.currency ?? 'CNY'} onClose={() => setEditingQuotas(false)} />
    </>
  );
}

function ForecastSummary({ total, currency, rows, onAdjustTeam }: { total: ForecastFigures; currency: string; rows: ForecastRow[]; onAdjustTeam?: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = (v: number | null) => (v === null ? '—' : format.money(v, currency));
  const option = useMemo<ChartOption>(() => {
    const compact = new Intl.NumberFormat(format.locale, { notation: 'compact' });
    const series = (['closedWon', 'commit', 'bestCase', 'quota'] as const).map((key) => ({
      type: 'bar' as const,
      name: t(`forecast.figures.${key}`),
      itemStyle: { color: colors[key] },
      data: rows.map((r) => r[key] ?? 0),
      barMaxWidth: 18,
    }));
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => format.money(Number(v), currency) },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      // Axis in whole units, compact (50万, 500K) so the labels fit a phone.
      xAxis: { type: 'value', minInterval: 10 ** minorDigits(currency), axisLabel: { hideOverlap: true, formatter: (v: number) => compact.format(v / 10 ** minorDigits(currency)) } },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.ownerName ?? '—') },
      series,
    };
  }, [rows, currency, format, t]);
  const stats: [string, string, string?][] = [
    [t('forecast.figures.closedWon'), money(total.closedWon)],
    [t('forecast.figures.commit'), money(total.commit), total.adjustment ? t('forecast.adjusted', { amount: money(total.adjustment.commit) }) : undefined],
    [t('forecast.figures.bestCase'), money(total.bestCase), total.adjustment ? t('forecast.adjusted', { amount: money(total.adjustment.bestCase) }) : undefined],
    [t('forecast.figures.weightedPipeline'), money(total.weightedPipeline)],
    [t('forecast.figures.projection'), money(total.projection)],
    [t('forecast.figures.quota'), money(total.quota)],
  ];
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <Card title={t('forecast.chartTitle')} size="small">
          <Chart option={option} height={Math.max(220, rows.length * 72 + 60)} label={t('forecast.chartTitle')} testId="forecast-chart" />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card
          title={t('forecast.totalTitle')}
          size="small"
          extra={onAdjustTeam ? <Button size="small" onClick={onAdjustTeam} data-testid="adjust-team">{t('forecast.adjust.team')}</Button> : null}
          data-testid="forecast-total"
        >
          <Row gutter={[12, 12]}>
            {stats.map(([title, value, note]) => (
              <Col span={12} key={title}>
                <Statistic title={title} value={value} styles={{ content: { fontSize: 18 } }} />
                {note ? <Typography.Text type="warning" style={{ fontSize: 12 }}>{note}</Typography.Text> : null}
              </Col>
            ))}
            <Col span={24}>
              <Flex vertical>
                <Typography.Text type="secondary">{t('forecast.figures.attainment')}</Typography.Text>
                <Attainment value={total.attainment} />
              </Flex>
            </Col>
          </Row>
        </Card>
      </Col>
    </Row>
  );
}

function RepTable({ rows, currency, canAdjust, onAdjust }: { rows: ForecastRow[]; currency: string; canAdjust: boolean; onAdjust: (row: ForecastRow) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = (v: number | null) => (v === null ? '—' : format.money(v, currency));
  const adjustButton = (r: ForecastRow) =>
    canAdjust ? (
      <Button size="small" onClick={() => onAdjust(r)} data-testid="adjust-rep">
        {t('forecast.adjust.action')}
      </Button>
    ) : null;
  const columns: ColumnsType<ForecastRow> = [
    { key: 'owner', title: t('forecast.owner'), render: (_, r) => r.ownerName ?? '—' },
    { key: 'quota', title: t('forecast.figures.quota'), align: 'right', render: (_, r) => money(r.quota) },
    { key: 'closedWon', title: t('forecast.figures.closedWon'), align: 'right', render: (_, r) => money(r.closedWon) },
    { key: 'commit', title: t('forecast.figures.commit'), align: 'right', render: (_, r) => <Adjusted value={r.commit} adjusted={r.adjustment?.commit ?? null} currency={currency} format={format} /> },
    { key: 'bestCase', title: t('forecast.figures.bestCase'), align: 'right', render: (_, r) => <Adjusted value={r.bestCase} adjusted={r.adjustment?.bestCase ?? null} currency={currency} format={format} /> },
    { key: 'weighted', title: t('forecast.figures.weightedPipeline'), align: 'right', render: (_, r) => money(r.weightedPipeline) },
    { key: 'projection', title: t('forecast.figures.projection'), align: 'right', render: (_, r) => money(r.projection) },
    { key: 'attainment', title: t('forecast.figures.attainment'), render: (_, r) => <Attainment value={r.attainment} /> },
    ...(canAdjust ? [{ key: 'actions', title: t('common.actions'), render: (_: unknown, r: ForecastRow) => adjustButton(r) }] : []),
  ];
  return (
    <DataList<ForecastRow>
      data={rows}
      rowKey={(r) => r.ownerId}
      columns={columns}
      testId="forecast-table"
      empty={<EmptyState description={t('forecast.emptyRows')} />}
      renderCard={(r) => (
        <Flex vertical gap={6}>
          <Flex justify="space-between" align="center">
            <Typography.Text strong>{r.ownerName ?? '—'}</Typography.Text>
            {adjustButton(r)}
          </Flex>
          <Attainment value={r.attainment} />
          <Flex wrap gap={4}>
            <Tag>{t('forecast.figures.quota')} {money(r.quota)}</Tag>
            <Tag color="green">{t('forecast.figures.closedWon')} {money(r.closedWon)}</Tag>
            <Tag color="blue">{t('forecast.figures.commit')} {money(r.commit)}</Tag>
            <Tag>{t('forecast.figures.bestCase')} {money(r.bestCase)}</Tag>
            <Tag>{t('forecast.figures.weightedPipeline')} {money(r.weightedPipeline)}</Tag>
            <Tag>{t('forecast.figures.projection')} {money(r.projection)}</Tag>
          </Flex>
          {r.adjustment ? (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t('forecast.adjustedBoth', { commit: money(r.adjustment.commit), bestCase: money(r.adjustment.bestCase) })}
            </Typography.Text>
          ) : null}
        </Flex>
      )}
    />
  );
}
