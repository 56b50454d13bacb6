// The opportunity drawer: a new opportunity, or one opened from the board, the list or a
// customer's page — its stage path and time in each stage, win / lose / reopen, and the form.
import { MinusCircleOutlined, PlusOutlined, StarFilled, StarOutlined } from '@ant-design/icons';
import { contactRoles, forecastCategories, OpportunityCreate, type CustomField, type Opportunity, type Pipeline } from '@kehu/shared';
import { App, Button, Col, DatePicker, Divider, Flex, Form, Input, InputNumber, Row, Select, Space, Steps, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentMe } from '../../api/auth';
import { useContacts } from '../../api/customers';
import { useCreateOpportunity, useOpportunity, useOpportunityWatchers, usePipelines, useReopenOpportunity, useStageHistory, useUpdateOpportunity, useWatchOpportunity, type OpportunityCreateBody, type OpportunityPatchBody } from '../../api/sales';
import { useCan } from '../../app/access';
import { ErrorState } from '../../components/error-state';
import { FormDrawer } from '../../components/form-drawer';
import { FormActions, FormProblem, useFormProblem } from '../../components/forms';
import { PageSkeleton } from '../../components/page-state';
import { zodRule } from '../../components/rules';
import { useFormat } from '../../i18n/format';
import { CustomFieldsSection, customChanges, customFormValues, currencySymbol, minorDigits, WithCustomFields, type CustomFormValues } from '../customers/custom-fields';
import { patchOf, text } from '../customers/form-parts';
import { reasonLabel } from '../customers/labels';
import { usePicklists } from '../../api/picklists';
import { OwnerSelect } from '../customers/owner-select';
import { CustomerSelect } from '../activities/task-parts';
import { CloseModal, type CloseRequest } from './close-modal';
import { RelatedActivities } from '../activities/related-activities';
import { durationWords, localized, openStages, StatusTag } from './opportunity-parts';

export type OpportunityDrawerMode =
  | { kind: 'create'; customerId?: string; customerName?: string; pipelineId?: string; stageId?: string }
  | { kind: 'edit'; opportunityId: string };

const shape = OpportunityCreate.shape;
const DATE = 'YYYY-MM-DD';

interface Values {
  name?: string;
  customerId?: string;
  contacts?: { contactId?: string; role?: string }[];
  amount?: number | null;
  expectedCloseDate?: Dayjs | null;
  pipelineId?: string;
  stageId?: string;
  probability?: number | null;
  forecastCategory?: string;
  needs?: string;
  budget?: number | null;
  decisionProcess?: string;
  decisionTimeline?: string;
  competitors?: string[];
  nextStep?: string;
  ownerId?: string;
  custom?: CustomFormValues;
}

/** Minor units (分) to the amount a person types (元), and back. */
export const toMajor = (minor: number | null, currency: string) => (minor === null ? null : minor / 10 ** minorDigits(currency));
export const toMinor = (major: number | null | undefined, currency: string) => (major === null || major === undefined ? null : Math.round(major * 10 ** minorDigits(currency)));

function valuesOf(o: Opportunity, fields: CustomField[]): Values {
  return {
    name: o.name,
    customerId: o.customerId,
    contacts: o.contacts.map((c) => ({ contactId: c.contactId, role: c.role })),
    amount: toMajor(o.amount, o.currency),
    expectedCloseDate: o.expectedCloseDate ? dayjs(o.expectedCloseDate, DATE) : null,
    pipelineId: o.pipelineId,
    stageId: o.stageId,
    probability: o.probability,
    forecastCategory: o.forecastCategory,
    needs: o.needs ?? undefined,
    budget: toMajor(o.budget, o.currency),
    decisionProcess: o.decisionProcess ?? undefined,
    decisionTimeline: o.decisionTimeline ?? undefined,
    competitors: o.competitors,
    nextStep: o.nextStep ?? undefined,
    ownerId: o.ownerId,
    custom: customFormValues(fields, o.custom),
  };
}

/** The API fields a form's values stand for (custom values separately, as changes). */
function fieldsFrom(v: Values, currency: string) {
  return {
    name: v.name?.trim() ?? '',
    customerId: v.customerId!,
    contacts: (v.contacts ?? []).filter((c) => c.contactId).map((c) => ({ contactId: c.contactId!, role: (c.role ?? 'other') as (typeof contactRoles)[number] })),
    amount: toMinor(v.amount, currency),
    expectedCloseDate: v.expectedCloseDate ? v.expectedCloseDate.format(DATE) : null,
    pipelineId: v.pipelineId!,
    stageId: v.stageId!,
    forecastCategory: (v.forecastCategory ?? 'pipeline') as (typeof forecastCategories)[number],
    needs: text(v.needs),
    budget: toMinor(v.budget, currency),
    decisionProcess: text(v.decisionProcess),
    decisionTimeline: text(v.decisionTimeline),
    competitors: (v.competitors ?? []).map((c) => c.trim()).filter(Boolean),
    nextStep: text(v.nextStep),
    ownerId: v.ownerId!,
  };
}

/** The stage path of an open pipeline, the current stage highlighted, and how long each visit lasted. */
function StagePath({ opportunity, pipeline }: { opportunity: Opportunity; pipeline: Pipeline }) {
  const { t } = useTranslation();
  const history = useStageHistory(opportunity.id);
  const stages = openStages(pipeline);
  const ended = opportunity.status !== 'open';
  const current = stages.findIndex((s) => s.id === opportunity.stageId);
  const spent = new Map<string, number>();
  for (const visit of history.data ?? []) spent.set(visit.stageId, (spent.get(visit.stageId) ?? 0) + visit.seconds);
  return (
    <Steps
      size="small"
      current={ended ? stages.length : current}
      status={opportunity.status === 'lost' ? 'error' : ended ? 'finish' : 'process'}
      items={[
        ...stages.map((s) => ({
          title: localized(s.name),
          description: spent.has(s.id) ? durationWords(spent.get(s.id)!, t) : `${s.probability}%`,
        })),
        { title: ended ? localized(opportunity.stageName) : t('opportunities.closeStep'), description: ended ? undefined : t('opportunities.closeStepHint') },
      ]}
      style={{ marginBottom: 16 }}
      data-testid="stage-path"
    />
  );
}

interface FormProps {
  opportunity?: Opportunity;
  defaults?: Extract<OpportunityDrawerMode, { kind: 'create' }>;
  pipelines: Pipeline[];
  fields: CustomField[];
  onSaved: (o: Opportunity) => void;
  onCancel: () => void;
}

function OpportunityForm({ opportunity, defaults, pipelines, fields, onSaved, onCancel }: FormProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentMe();
  const [form] = Form.useForm<Values>();
  const create = useCreateOpportunity();
  const update = useUpdateOpportunity();
  const problem = useFormProblem(form);
  const currency = opportunity?.currency ?? me.organization.currency;
  const customerId = Form.useWatch('customerId', form) ?? opportunity?.customerId ?? defaults?.customerId;
  const pipelineId = Form.useWatch('pipelineId', form) ?? opportunity?.pipelineId ?? defaults?.pipelineId ?? pipelines.find((p) => p.isDefault)?.id;
  const pipeline = pipelines.find((p) => p.id === pipelineId) ?? pipelines[0]!;
  const contacts = useContacts(customerId ?? '');
  const contactOptions = customerId ? (contacts.data?.pages.flatMap((p) => p.data) ?? []).map((c) => ({ value: c.id, label: c.name })) : [];
  const isOpen = !opportunity || opportunity.status === 'open';

  const initialValues: Values = opportunity
    ? valuesOf(opportunity, fields)
    : {
        customerId: defaults?.customerId,
        pipelineId: pipeline.id,
        stageId: defaults?.stageId ?? openStages(pipeline)[0]?.id,
        forecastCategory: 'pipeline',
        ownerId: me.user.id,
        contacts: [],
        competitors: [],
        custom: customFormValues(fields, {}),
      };

  const onFinish = (values: Values) => {
    problem.clear();
    const main = fieldsFrom(values, currency);
    const custom = customChanges(fields, values.custom, opportunity?.custom ?? {}, currency);
    // A probability left empty takes the stage's; one typed in is the owner's own.
    const probability = values.probability ?? null;
    if (!opportunity) {
      const body: OpportunityCreateBody = { ...main, ...(probability === null ? {} : { probability }), ...(custom ? { custom } : {}) };
      create.mutate(body, { onSuccess: onSaved, onError: problem.onError });
      return;
    }
    const current = fieldsFrom(valuesOf(opportunity, fields), currency);
    const patch = patchOf(current, main, opportunity.version) ?? { version: opportunity.version };
    const body: OpportunityPatchBody = { ...patch, ...(probability !== opportunity.probability ? { probability } : {}), ...(custom ? { custom } : {}) };
    if (Object.keys(body).length === 1) {
      void message.info(t('common.noChanges'));
      return;
    }
    update.mutate({ opportunityId: opportunity.id, body }, { onSuccess: onSaved, onError: problem.onError });
  };

  const half = (node: ReactNode) => (
    <Col xs={24} sm={12}>
      {node}
    </Col>
  );
  const money = (name: 'amount' | 'budget', testId: string) => (
    <Form.Item name={name} label={t(`opportunities.fields.${name}`)}>
      <InputNumber min={0} style={{ width: '100%' }} precision={minorDigits(currency)} prefix={currencySymbol(currency)} data-testid={testId} />
    </Form.Item>
  );

  return (
    <Form<Values>
      form={form}
      name={opportunity ? 'opportunity-edit' : 'opportunity-create'}
      layout="vertical"
      onFinish={onFinish}
      initialValues={initialValues}
      onValuesChange={(changed: Partial<Values>) => {
        if ('pipelineId' in changed) {
          const next = pipelines.find((p) => p.id === changed.pipelineId);
          form.setFieldValue('stageId', next ? openStages(next)[0]?.id : undefined);
        }
        if ('customerId' in changed) form.setFieldValue('contacts', []);
      }}
      scrollToFirstError
    >
      <Form.Item name="name" label={t('opportunities.fields.name')} required rules={[zodRule(shape.name, t)]}>
        <Input autoComplete="off" placeholder={t('opportunities.hints.name')} autoFocus={!opportunity} data-testid="opportunity-name" />
      </Form.Item>
      <Row gutter={16}>
        {half(
          <Form.Item name="customerId" label={t('opportunities.fields.customerId')} rules={[{ required: true, message: t('validation.required') }]}>
            <CustomerSelect
              placeholder={t('opportunities.hints.customer')}
              knownLabels={opportunity ? { [opportunity.customerId]: opportunity.customerName } : defaults?.customerId && defaults.customerName ? { [defaults.customerId]: defaults.customerName } : undefined}
              aria-label={t('opportunities.fields.customerId')}
              data-testid="opportunity-customer"
            />
          </Form.Item>,
        )}
        {half(
          <Form.Item name="ownerId" label={t('opportunities.fields.ownerId')}>
            <OwnerSelect knownLabels={opportunity?.ownerName ? { [opportunity.ownerId]: opportunity.ownerName } : undefined} aria-label={t('opportunities.fields.ownerId')} />
          </Form.Item>,
        )}
      </Row>
      <Row gutter={16}>
        {half(money('amount', 'opportunity-amount'))}
        {half(
          <Form.Item name="expectedCloseDate" label={t('opportunities.fields.expectedCloseDate')}>
            <DatePicker format={DATE} style={{ width: '100%' }} data-testid="opportunity-close-date" />
          </Form.Item>,
        )}
      </Row>
      <Row gutter={16}>
        {pipelines.length > 1
          ? half(
              <Form.Item name="pipelineId" label={t('opportunities.fields.pipelineId')}>
                <Select disabled={!isOpen} options={pipelines.filter((p) => !p.archived || p.id === opportunity?.pipelineId).map((p) => ({ value: p.id, label: p.name }))} />
              </Form.Item>,
            )
          : null}
        {isOpen
          ? half(
              <Form.Item name="stageId" label={t('opportunities.fields.stageId')}>
                <Select
                  options={openStages(pipeline).map((s) => ({ value: s.id, label: `${localized(s.name)} · ${s.probability}%` }))}
                  aria-label={t('opportunities.fields.stageId')}
                  data-testid="opportunity-stage"
                />
              </Form.Item>,
            )
          : null}
        {half(
          <Form.Item name="probability" label={t('opportunities.fields.probability')} extra={t('opportunities.hints.probability')}>
            <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} disabled={!isOpen} />
          </Form.Item>,
        )}
        {half(
          <Form.Item name="forecastCategory" label={t('opportunities.fields.forecastCategory')}>
            <Select options={forecastCategories.map((value) => ({ value, label: t(`opportunities.forecastCategories.${value}`) }))} />
          </Form.Item>,
        )}
      </Row>
      <Form.Item label={t('opportunities.fields.contacts')} style={{ marginBottom: 0 }}>
        <Form.List name="contacts">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row) => (
                <Flex key={row.key} gap={8} align="flex-start" data-testid="opportunity-contact">
                  <Form.Item name={[row.name, 'contactId']} style={{ flex: 2, marginBottom: 12 }} rules={[{ required: true, message: t('validation.required') }]}>
                    <Select options={contactOptions} placeholder={t('opportunities.hints.contact')} aria-label={t('opportunities.fields.contacts')} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'role']} style={{ flex: 1, marginBottom: 12 }}>
                    <Select options={contactRoles.map((value) => ({ value, label: t(`opportunities.contactRoles.${value}`) }))} aria-label={t('opportunities.fields.contactRole')} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(row.name)} aria-label={t('opportunities.hints.removeContact')} />
                </Flex>
              ))}
              <Form.Item extra={customerId ? undefined : t('opportunities.hints.customerFirst')}>
                <Button type="dashed" block icon={<PlusOutlined aria-hidden />} disabled={!customerId || rows.length >= 20} onClick={() => add({ role: 'decision_maker' })}>
                  {t('opportunities.hints.addContact')}
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>
      </Form.Item>
      <Divider titlePlacement="start">{t('opportunities.sections.deal')}</Divider>
      <Form.Item name="needs" label={t('opportunities.fields.needs')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} />
      </Form.Item>
      <Row gutter={16}>
        {half(money('budget', 'opportunity-budget'))}
        {half(
          <Form.Item name="decisionTimeline" label={t('opportunities.fields.decisionTimeline')}>
            <Input autoComplete="off" maxLength={500} placeholder={t('opportunities.hints.decisionTimeline')} />
          </Form.Item>,
        )}
      </Row>
      <Form.Item name="decisionProcess" label={t('opportunities.fields.decisionProcess')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder={t('opportunities.hints.decisionProcess')} />
      </Form.Item>
      <Form.Item name="competitors" label={t('opportunities.fields.competitors')}>
        <Select mode="tags" open={false} placeholder={t('opportunities.hints.competitors')} aria-label={t('opportunities.fields.competitors')} />
      </Form.Item>
      <Form.Item name="nextStep" label={t('opportunities.fields.nextStep')}>
        <Input autoComplete="off" maxLength={500} placeholder={t('opportunities.hints.nextStep')} data-testid="opportunity-next-step" />
      </Form.Item>
      <CustomFieldsSection title={t('customers.sections.custom')} fields={fields} stored={opportunity?.custom ?? {}} currency={currency} />
      <FormProblem state={problem} />
      <FormActions onCancel={onCancel} submitLabel={opportunity ? t('common.save') : t('opportunities.create')} loading={create.isPending || update.isPending} testId="opportunity-submit" />
    </Form>
  );
}

/** 关注: the people who follow this deal hear about its stage changes and its win. */
function FollowButton({ opportunityId }: { opportunityId: string }) {
  const { t } = useTranslation();
  const watchers = useOpportunityWatchers(opportunityId);
  const watch = useWatchOpportunity();
  const watching = watchers.data?.watching ?? false;
  const names = (watchers.data?.data ?? []).map((w) => w.name).join('、');
  return (
    <Tooltip title={names ? `${t('opportunities.watch.hint')}（${names}）` : t('opportunities.watch.hint')}>
      <Button
        size="small"
        icon={watching ? <StarFilled aria-hidden style={{ color: '#faad14' }} /> : <StarOutlined aria-hidden />}
        loading={watchers.isPending || watch.isPending}
        onClick={() => watch.mutate({ opportunityId, watching: !watching })}
        aria-pressed={watching}
        data-testid="opportunity-follow"
      >
        {watching ? t('opportunities.watch.following') : t('opportunities.watch.follow')}
        {watchers.data?.data.length ? ` · ${watchers.data.data.length}` : ''}
      </Button>
    </Tooltip>
  );
}

function EditOpportunity({ opportunityId, pipelines, fields, onSaved, onCancel }: { opportunityId: string; pipelines: Pipeline[]; fields: CustomField[]; onSaved: (o: Opportunity) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const can = useCan();
  const query = useOpportunity(opportunityId);
  const lists = usePicklists().data;
  const reopen = useReopenOpportunity();
  const [closing, setClosing] = useState<CloseRequest | null>(null);
  if (query.isPending) return <PageSkeleton rows={10} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const o = query.data;
  const pipeline = pipelines.find((p) => p.id === o.pipelineId);
  const canWrite = can('opportunities:write');
  return (
    <>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <Space size={8} wrap>
          <StatusTag status={o.status} />
          <Typography.Text type="secondary">
            {t('opportunities.inStageSince', { stage: localized(o.stageName), time: format.relative(o.stageEnteredAt) })}
          </Typography.Text>
          <FollowButton opportunityId={o.id} />
        </Space>
        {canWrite ? (
          o.status === 'open' ? (
            <Space>
              <Button type="primary" onClick={() => setClosing({ opportunity: o, outcome: 'won' })} data-testid="opportunity-win">
                {t('opportunities.win')}
              </Button>
              <Button danger onClick={() => setClosing({ opportunity: o, outcome: 'lost' })} data-testid="opportunity-lose">
                {t('opportunities.lose')}
              </Button>
            </Space>
          ) : (
            <Button
              loading={reopen.isPending}
              onClick={() => reopen.mutate({ opportunityId: o.id, version: o.version }, { onSuccess: () => void message.success(t('opportunities.reopened')) })}
              data-testid="opportunity-reopen"
            >
              {t('opportunities.reopen')}
            </Button>
          )
        ) : null}
      </Flex>
      {pipeline ? <StagePath opportunity={o} pipeline={pipeline} /> : null}
      {o.status !== 'open' && o.closeReason ? (
        <Typography.Paragraph type="secondary" data-testid="opportunity-close-reason">
          {t(`opportunities.closedBecause.${o.status}`, { reason: reasonLabel(o.status, o.closeReason, t, lists) })}
          {o.closeCompetitor ? ` · ${t('opportunities.competitorNamed', { name: o.closeCompetitor })}` : ''}
        </Typography.Paragraph>
      ) : null}
      <div style={{ marginBottom: 16 }}>
        <RelatedActivities
          related={{ type: 'opportunity', id: o.id }}
          customerId={o.customerId}
          canLog={can('activities:write')}
          empty={t('opportunities.activitiesEmpty')}
        />
      </div>
      <OpportunityForm key={o.version} opportunity={o} pipelines={pipelines} fields={fields} onSaved={onSaved} onCancel={onCancel} />
      <CloseModal request={closing} onClose={() => setClosing(null)} />
    </>
  );
}

export function OpportunityDrawer({ mode, onClose }: { mode: OpportunityDrawerMode | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const pipelines = usePipelines();
  return (
    <FormDrawer<OpportunityDrawerMode>
      mode={mode}
      onClose={onClose}
      width={680}
      title={(shown) => (shown.kind === 'edit' ? t('opportunities.editTitle') : t('opportunities.createTitle'))}
    >
      {(shown) => {
        if (pipelines.isPending) return <PageSkeleton rows={10} />;
        if (pipelines.isError) return <ErrorState error={pipelines.error} onRetry={() => void pipelines.refetch()} />;
        const saved = (o: Opportunity) => {
          void message.success(shown.kind === 'create' ? t('opportunities.created', { name: o.name }) : t('opportunities.saved'));
          onClose();
        };
        return (
          <WithCustomFields object="opportunity">
            {(fields) =>
              shown.kind === 'create' ? (
                <OpportunityForm defaults={shown} pipelines={pipelines.data} fields={fields} onSaved={saved} onCancel={onClose} />
              ) : (
                <EditOpportunity key={shown.opportunityId} opportunityId={shown.opportunityId} pipelines={pipelines.data} fields={fields} onSaved={saved} onCancel={onClose} />
              )
            }
          </WithCustomFields>
        );
      }}
    </FormDrawer>
  );
}
