// Pieces of the forecast page: period names, a manager's adjustment (with the history of
// earlier ones), and the quota editor for a period.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ForecastAdjustment, PeriodKind, Quota } from '@kehu/shared';
import { App, Button, Divider, Flex, Form, Input, InputNumber, Modal, Popconfirm, Segmented, Select, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useAdjustForecast, useAdjustmentHistory, useCreateQuota, useDeleteQuota, useQuotas, useUpdateQuota } from '../../api/forecasts';
import { useTeams } from '../../api/identity';
import { useCan } from '../../app/access';
import { loadMoreOf, LoadMoreButton } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { FormDrawer } from '../../components/form-drawer';
import { FormProblem, useFormProblem } from '../../components/forms';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useFormat } from '../../i18n/format';
import { currencySymbol, minorDigits } from '../customers/custom-fields';
import { OwnerSelect } from '../customers/owner-select';
import { toMajor, toMinor } from './opportunity-form';

/** "2026 Q4", "2026-11", "2026" in the UI language. */
export function periodName(t: TFunction, kind: PeriodKind, start: string): string {
  const d = dayjs(start);
  if (kind === 'year') return t('forecast.periodName.year', { year: d.year() });
  if (kind === 'quarter') return t('forecast.periodName.quarter', { year: d.year(), quarter: Math.floor(d.month() / 3) + 1 });
  return t('forecast.periodName.month', { year: d.year(), month: d.month() + 1 });
}

export interface AdjustTarget {
  kind: 'user' | 'team';
  id: string;
  name: string;
  commit: number;
  bestCase: number;
  adjustment: ForecastAdjustment | null;
}

interface AdjustValues {
  commit?: number | null;
  bestCase?: number | null;
  note?: string;
}

function MoneyInput(props: { currency: string; testId: string; value?: number | null; onChange?: (v: number | null) => void }) {
  const { currency, testId, ...rest } = props;
  return <InputNumber min={0} style={{ width: '100%' }} precision={minorDigits(currency)} prefix={currencySymbol(currency)} data-testid={testId} {...rest} />;
}

/** A manager's commit and best case for a rep or the team, and the adjustments made before. */
export function AdjustModal({ target, period, currency, onClose }: { target: AdjustTarget | null; period: { kind: PeriodKind; date: string }; currency: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AdjustValues>();
  const adjust = useAdjustForecast();
  const problem = useFormProblem(form);
  const base = target?.adjustment ?? target;

  const onFinish = (values: AdjustValues) => {
    if (!target) return;
    problem.clear();
    adjust.mutate(
      {
        targetKind: target.kind, targetId: target.id, periodKind: period.kind, date: period.date,
        commit: toMinor(values.commit, currency) ?? 0, bestCase: toMinor(values.bestCase, currency) ?? 0, note: values.note?.trim() || null,
      },
      {
        onSuccess: () => {
          void message.success(t('forecast.adjust.done', { name: target.name }));
          onClose();
        },
        onError: (error) => {
          problem.onError(error);
          if (!isApiError(error)) void message.error(t('errors.unknown'));
        },
      },
    );
  };

  return (
    <Modal
      open={target !== null}
      title={target ? t('forecast.adjust.title', { name: target.name }) : null}
      okText={t('forecast.adjust.save')}
      okButtonProps={{ loading: adjust.isPending }}
      onOk={() => form.submit()}
      onCancel={() => {
        problem.clear();
        onClose();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('forecast.adjust.hint')}</Typography.Paragraph>
      <Form<AdjustValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        preserve={false}
        initialValues={base ? { commit: toMajor(base.commit, currency), bestCase: toMajor(base.bestCase, currency), note: '' } : undefined}
      >
        <Flex gap={12} wrap>
          <Form.Item name="commit" label={t('forecast.figures.commit')} rules={[{ required: true, message: t('validation.required') }]} style={{ flex: '1 1 180px' }}>
            <MoneyInput currency={currency} testId="adjust-commit" />
          </Form.Item>
          <Form.Item
            name="bestCase"
            label={t('forecast.figures.bestCase')}
            dependencies={['commit']}
            style={{ flex: '1 1 180px' }}
            rules={[
              { required: true, message: t('validation.required') },
              ({ getFieldValue }) => ({
                validator: (_, value: number | null) => (value === null || value === undefined || value >= (getFieldValue('commit') ?? 0) ? Promise.resolve() : Promise.reject(new Error(t('forecast.adjust.bestBelowCommit')))),
              }),
            ]}
          >
            <MoneyInput currency={currency} testId="adjust-best-case" />
          </Form.Item>
        </Flex>
        <Form.Item name="note" label={t('forecast.adjust.note')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} placeholder={t('forecast.adjust.notePlaceholder')} data-testid="adjust-note" />
        </Form.Item>
        <FormProblem state={problem} />
      </Form>
      {target ? <AdjustmentHistory period={period} target={target} currency={currency} /> : null}
    </Modal>
  );
}

function AdjustmentHistory({ period, target, currency }: { period: { kind: PeriodKind; date: string }; target: AdjustTarget; currency: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const history = useAdjustmentHistory({ periodKind: period.kind, date: period.date, targetKind: target.kind, targetId: target.id });
  const items = history.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <Divider titlePlacement="start" plain>
        {t('forecast.adjust.history')}
      </Divider>
      {history.isError ? <ErrorState error={history.error} onRetry={() => void history.refetch()} /> : null}
      {history.isPending ? <Skeleton active paragraph={{ rows: 2 }} title={false} /> : null}
      {history.isSuccess && items.length === 0 ? <Typography.Text type="secondary">{t('forecast.adjust.noHistory')}</Typography.Text> : null}
      <Flex vertical gap={12} data-testid="adjustment-history">
        {items.map((a) => (
          <Flex key={a.id} vertical gap={2} data-testid="adjustment-entry">
            <Typography.Text>
              {t('forecast.adjust.entry', { commit: format.money(a.commit, currency), bestCase: format.money(a.bestCase, currency) })}
            </Typography.Text>
            {a.note ? <Typography.Text type="secondary">{a.note}</Typography.Text> : null}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('forecast.adjust.by', { name: a.actorName ?? t('forecast.adjust.someone'), time: format.dateTime(a.createdAt) })}
            </Typography.Text>
          </Flex>
        ))}
      </Flex>
      <LoadMoreButton {...loadMoreOf(history)} />
    </>
  );
}

type OwnerKind = 'user' | 'team';

/** The quotas of one period: change an amount, remove one, or set one for a rep or team that has none. */
export function QuotaDrawer({ open, period, currency, onClose }: { open: boolean; period: { kind: PeriodKind; date: string; start: string }; currency: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDrawer mode={open ? period : null} onClose={onClose} title={(p) => t('forecast.quotas.title', { period: periodName(t, p.kind, p.start) })}>
      {(p) => <QuotaEditor period={p} currency={currency} />}
    </FormDrawer>
  );
}

function QuotaEditor({ period, currency }: { period: { kind: PeriodKind; date: string; start: string }; currency: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const quotas = useQuotas({ periodKind: period.kind, date: period.date });
  const teams = useTeams({ enabled: can('teams:read') });
  const create = useCreateQuota();
  const [form] = Form.useForm<{ ownerKind: OwnerKind; ownerId?: string; amount?: number | null }>();
  const problem = useFormProblem(form);
  const ownerKind = Form.useWatch('ownerKind', form) ?? 'user';

  if (quotas.isPending) return <PageSkeleton rows={4} />;
  if (quotas.isError) return <ErrorState error={quotas.error} onRetry={() => void quotas.refetch()} />;
  const rows = quotas.data.pages.flatMap((p) => p.data);

  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('forecast.quotas.hint')}
      </Typography.Paragraph>
      {rows.length === 0 ? (
        <EmptyState description={t('forecast.quotas.empty')} />
      ) : (
        <Flex vertical gap={12} data-testid="quota-list">
          {rows.map((q) => (
            <QuotaItem key={q.id} quota={q} />
          ))}
        </Flex>
      )}
      <LoadMoreButton {...loadMoreOf(quotas)} />
      <Divider titlePlacement="start" plain style={{ margin: 0 }}>
        {t('forecast.quotas.add')}
      </Divider>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ ownerKind: 'user' }}
        onFinish={(v) => {
          problem.clear();
          create.mutate(
            { ownerKind: v.ownerKind, ownerId: v.ownerId!, periodKind: period.kind, periodStart: period.start, amount: toMinor(v.amount, currency) ?? 0, currency },
            {
              onSuccess: () => {
                void message.success(t('forecast.quotas.saved'));
                form.resetFields();
              },
              onError: problem.onError,
            },
          );
        }}
      >
        <Form.Item name="ownerKind" label={t('forecast.quotas.ownerKind')}>
          <Segmented<OwnerKind>
            options={[
              { value: 'user', label: t('forecast.quotas.kinds.user') },
              ...(can('teams:read') ? [{ value: 'team' as const, label: t('forecast.quotas.kinds.team') }] : []),
            ]}
            onChange={() => form.setFieldValue('ownerId', undefined)}
          />
        </Form.Item>
        <Form.Item name="ownerId" label={t(`forecast.quotas.kinds.${ownerKind}`)} rules={[{ required: true, message: t('validation.required') }]}>
          {ownerKind === 'team' ? (
            <Select options={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))} loading={teams.isPending} showSearch={{ optionFilterProp: 'label' }} aria-label={t('forecast.quotas.kinds.team')} />
          ) : (
            <OwnerSelect aria-label={t('forecast.quotas.kinds.user')} data-testid="quota-owner" />
          )}
        </Form.Item>
        <Form.Item name="amount" label={t('forecast.figures.quota')} rules={[{ required: true, message: t('validation.required') }]}>
          <MoneyInput currency={currency} testId="quota-amount" />
        </Form.Item>
        <FormProblem state={problem} />
        <Button type="primary" htmlType="submit" icon={<PlusOutlined aria-hidden />} loading={create.isPending} data-testid="quota-add">
          {t('forecast.quotas.add')}
        </Button>
      </Form>
    </Flex>
  );
}

function QuotaItem({ quota }: { quota: Quota }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateQuota();
  const remove = useDeleteQuota();
  const [amount, setAmount] = useState<number | null>(toMajor(quota.amount, quota.currency));
  const changed = toMinor(amount, quota.currency) !== quota.amount;
  const fail = (error: unknown) => void message.error(isApiError(error) ? error.problem.title : t('errors.unknown'));
  return (
    <Flex gap={8} align="center" wrap data-testid="quota-item">
      <Typography.Text strong style={{ minWidth: 96 }}>
        {quota.ownerName ?? '—'}
        {quota.ownerKind === 'team' ? <Typography.Text type="secondary"> · {t('forecast.quotas.kinds.team')}</Typography.Text> : null}
      </Typography.Text>
      <Space.Compact style={{ flex: '1 1 180px' }}>
        <MoneyInput currency={quota.currency} testId="quota-item-amount" value={amount} onChange={setAmount} />
        <Button
          disabled={!changed || amount === null}
          loading={update.isPending}
          onClick={() =>
            update.mutate(
              { quotaId: quota.id, body: { amount: toMinor(amount, quota.currency) ?? 0, version: quota.version } },
              { onSuccess: () => void message.success(t('forecast.quotas.saved')), onError: fail },
            )
          }
        >
          {t('common.save')}
        </Button>
      </Space.Compact>
      <Popconfirm title={t('forecast.quotas.deleteConfirm', { name: quota.ownerName ?? '' })} onConfirm={() => remove.mutate(quota.id, { onError: fail })}>
        <Button type="text" danger icon={<DeleteOutlined aria-hidden />} aria-label={t('common.delete')} loading={remove.isPending} />
      </Popconfirm>
    </Flex>
  );
}
