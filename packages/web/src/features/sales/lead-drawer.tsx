// The lead drawer: a new lead (with the duplicates it may be, and who owns them), or an open
// one — its score and why, the status steps, convert (客户 + 联系人 + 商机 in one step),
// disqualify with a reason, reopen, and the form.
import type { CustomField, Lead, LeadDuplicate, LeadStatus } from '@kehu/shared';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Divider, Flex, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Steps, Typography, type ButtonProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api/client';
import { useConvertLead, useCreateLead, useDisqualifyLead, useLead, useLeadDuplicates, useReopenLead, useUpdateLead } from '../../api/leads';
import { usePicklists } from '../../api/picklists';
import { useCan } from '../../app/access';
import { ErrorState } from '../../components/error-state';
import { FormDrawer } from '../../components/form-drawer';
import { FormActions, FormProblem, useFormProblem } from '../../components/forms';
import { PageSkeleton } from '../../components/page-state';
import { useDebounced } from '../../components/use-debounced';
import { useFormat } from '../../i18n/format';
import { CustomerSelect } from '../activities/task-parts';
import { CustomFieldsSection, customChanges, customFormValues, currencySymbol, minorDigits, WithCustomFields, type CustomFormValues } from '../customers/custom-fields';
import { patchOf, text } from '../customers/form-parts';
import { disqualifyChoices, disqualifyLabel, useCustomerOptions } from '../customers/labels';
import { OwnerSelect } from '../customers/owner-select';
import { LeadStatusTag, ScoreBadge, ScoreReasons } from './lead-parts';
import { RelatedActivities } from '../activities/related-activities';
import { amountText } from './opportunity-parts';
import { toMajor, toMinor } from './opportunity-form';

export type LeadDrawerMode = { kind: 'create' } | { kind: 'edit'; leadId: string };

interface Values {
  personName?: string;
  companyName?: string;
  title?: string;
  mobile?: string;
  phone?: string;
  email?: string;
  wechat?: string;
  source?: string | null;
  campaign?: string;
  province?: string;
  city?: string;
  industry?: string | null;
  budget?: number | null;
  needs?: string;
  ownerId?: string;
  custom?: CustomFormValues;
}

const DEFAULT_CURRENCY = 'CNY';

function fieldsOf(v: Values, currency: string) {
  return {
    personName: text(v.personName),
    companyName: text(v.companyName),
    title: text(v.title),
    mobile: text(v.mobile),
    phone: text(v.phone),
    email: text(v.email),
    wechat: text(v.wechat),
    source: (v.source ?? null) as Lead['source'],
    campaign: text(v.campaign),
    province: text(v.province),
    city: text(v.city),
    industry: v.industry ?? null,
    budget: toMinor(v.budget, currency),
    needs: text(v.needs),
  };
}

function valuesOf(l: Lead, fields: CustomField[]): Values {
  const plain = (s: string | null) => s ?? undefined;
  return {
    personName: plain(l.personName), companyName: plain(l.companyName), title: plain(l.title), mobile: plain(l.mobile), phone: plain(l.phone),
    email: plain(l.email), wechat: plain(l.wechat), source: l.source, campaign: plain(l.campaign), province: plain(l.province), city: plain(l.city),
    industry: l.industry, budget: toMajor(l.budget, l.currency), needs: plain(l.needs), ownerId: l.ownerId ?? undefined, custom: customFormValues(fields, l.custom),
  };
}

/** Records that look like the one being typed, with who works them: a rep learns before saving that it is taken. */
function DuplicateHint({ form }: { form: ReturnType<typeof Form.useForm<Values>>[0] }) {
  const { t } = useTranslation();
  const watched = { personName: Form.useWatch('personName', form), companyName: Form.useWatch('companyName', form), mobile: Form.useWatch('mobile', form), email: Form.useWatch('email', form) };
  const probe = useDebounced(JSON.stringify(watched), 400);
  const body = JSON.parse(probe) as Record<string, string | undefined>;
  const filled = Object.fromEntries(Object.entries(body).filter(([, v]) => v && v.trim().length >= 2).map(([k, v]) => [k, v!.trim()]));
  const duplicates = useLeadDuplicates(Object.keys(filled).length ? filled : null);
  const found = duplicates.data ?? [];
  if (!found.length) return null;
  const line = (d: LeadDuplicate) => {
    const what = t(`leads.duplicates.kinds.${d.kind}`);
    const owner = d.ownerName ? t('leads.duplicates.ownedBy', { owner: d.ownerName }) : t('leads.duplicates.unowned');
    const name = d.kind === 'customer' && d.id ? <Link to={`/customers/${d.id}`}>{d.name}</Link> : d.name;
    return (
      <li key={`${d.kind}:${d.id ?? d.name}`}>
        {what}「{name}」· {owner} · {d.reasons.map((r) => t(`leads.duplicates.reasons.${r}`)).join('、')}
      </li>
    );
  };
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('leads.duplicates.title', { count: found.length })}
      description={<ul style={{ margin: 0, paddingInlineStart: 18 }}>{found.slice(0, 5).map(line)}</ul>}
      data-testid="lead-duplicates"
    />
  );
}

function LeadForm({ lead, fields, onSaved, onCancel }: { lead?: Lead; fields: CustomField[]; onSaved: (l: Lead) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [form] = Form.useForm<Values>();
  const problem = useFormProblem(form);
  const create = useCreateLead();
  const update = useUpdateLead();
  const options = useCustomerOptions({ industry: lead?.industry });
  const currency = lead?.currency ?? DEFAULT_CURRENCY;
  const closed = lead !== undefined && (lead.status === 'converted' || lead.status === 'disqualified');
  const mayAssign = can('customers:assign');

  const onFinish = (values: Values) => {
    problem.clear();
    const main = fieldsOf(values, currency);
    const custom = customChanges(fields, values.custom, lead?.custom ?? {}, currency);
    if (!lead) {
      const owner = mayAssign && values.ownerId ? { ownerId: values.ownerId } : {};
      create.mutate({ ...main, ...owner, ...(custom ? { custom } : {}) }, { onSuccess: onSaved, onError: problem.onError });
      return;
    }
    const patch = patchOf(fieldsOf(valuesOf(lead, fields), currency), main, lead.version) ?? { version: lead.version };
    const owner = mayAssign && values.ownerId && values.ownerId !== lead.ownerId ? { ownerId: values.ownerId } : {};
    const body = { ...patch, ...owner, ...(custom ? { custom } : {}) };
    if (Object.keys(body).length === 1) {
      void message.info(t('common.noChanges'));
      return;
    }
    update.mutate({ leadId: lead.id, body }, { onSuccess: onSaved, onError: problem.onError });
  };

  const half = (node: ReactNode) => (
    <Col xs={24} sm={12}>
      {node}
    </Col>
  );
  const input = (name: Exclude<keyof Values, 'custom'>, extra: Record<string, unknown> = {}) => (
    <Form.Item name={name} label={t(`leads.fields.${name}`)}>
      <Input autoComplete="off" data-testid={`lead-${name}`} {...extra} />
    </Form.Item>
  );

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      disabled={closed}
      initialValues={lead ? valuesOf(lead, fields) : { custom: customFormValues(fields, {}) }}
      onFinish={onFinish}
      data-testid="lead-form"
    >
      {lead ? null : <DuplicateHint form={form} />}
      <Row gutter={16}>
        {half(input('companyName', { maxLength: 200 }))}
        {half(input('personName', { maxLength: 100 }))}
        {half(input('title', { maxLength: 100 }))}
        {half(input('mobile', { inputMode: 'tel', maxLength: 40 }))}
        {half(input('phone', { inputMode: 'tel', maxLength: 40 }))}
        {half(input('email', { inputMode: 'email', maxLength: 254 }))}
        {half(input('wechat', { maxLength: 60 }))}
        {half(
          <Form.Item name="source" label={t('leads.fields.source')}>
            <Select allowClear options={options.sources} placeholder={t('customers.hints.pick')} data-testid="lead-source" />
          </Form.Item>,
        )}
        {half(input('campaign', { maxLength: 100 }))}
        {half(
          <Form.Item name="industry" label={t('leads.fields.industry')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={options.industries} placeholder={t('customers.hints.pick')} />
          </Form.Item>,
        )}
        {half(input('province', { maxLength: 60 }))}
        {half(input('city', { maxLength: 60 }))}
        {half(
          <Form.Item name="budget" label={t('leads.fields.budget')}>
            <InputNumber min={0} style={{ width: '100%' }} precision={minorDigits(currency)} prefix={currencySymbol(currency)} data-testid="lead-budget" />
          </Form.Item>,
        )}
        {mayAssign
          ? half(
              <Form.Item name="ownerId" label={t('leads.fields.ownerId')} extra={lead ? undefined : t('leads.hints.routed')}>
                <OwnerSelect allowClear knownLabels={lead?.ownerId && lead.ownerName ? { [lead.ownerId]: lead.ownerName } : undefined} placeholder={t('leads.hints.byRules')} />
              </Form.Item>,
            )
          : null}
        <Col xs={24}>
          <Form.Item name="needs" label={t('leads.fields.needs')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} data-testid="lead-needs" />
          </Form.Item>
        </Col>
      </Row>
      <CustomFieldsSection title={t('customers.sections.custom')} fields={fields} stored={lead?.custom ?? {}} currency={currency} />
      <FormProblem state={problem} />
      {closed ? null : <FormActions onCancel={onCancel} submitLabel={lead ? t('common.save') : t('leads.create')} loading={create.isPending || update.isPending} testId="lead-submit" />}
    </Form>
  );
}

const steps: LeadStatus[] = ['new', 'contacted', 'qualified'];

function LeadView({ leadId, fields, onSaved, onCancel }: { leadId: string; fields: CustomField[]; onSaved: (l: Lead) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const format = useFormat();
  const lists = usePicklists().data;
  const query = useLead(leadId);
  const update = useUpdateLead();
  const reopen = useReopenLead();
  const [converting, setConverting] = useState(false);
  const [disqualifying, setDisqualifying] = useState(false);
  if (query.isPending) return <PageSkeleton rows={10} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const lead = query.data;
  const open = steps.includes(lead.status);
  const canWrite = can('leads:write');
  const fail = (error: unknown) => void message.error(isApiError(error) ? error.problem.title : t('errors.unknown'));

  const setStatus = (status: LeadStatus) => {
    if (status === lead.status) return;
    update.mutate({ leadId: lead.id, body: { status: status as 'new', version: lead.version } }, {
      onSuccess: () => void message.success(t('leads.statusChanged', { status: t(`leads.statuses.${status}`) })),
      onError: fail,
    });
  };

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="flex-start" gap={12} wrap>
        <Flex vertical gap={4}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="lead-heading">
            {lead.displayName}
          </Typography.Title>
          <Space size={8} wrap>
            <LeadStatusTag status={lead.status} />
            {lead.personName && lead.companyName ? <Typography.Text type="secondary">{lead.personName}</Typography.Text> : null}
            <Typography.Text type="secondary">{t('leads.ownedBy', { owner: lead.ownerName ?? t('leads.noOwner') })}</Typography.Text>
          </Space>
        </Flex>
        <ScoreBadge lead={lead} />
      </Flex>

      {open && canWrite ? (
        <Flex gap={8} wrap>
          <Button type="primary" onClick={() => setConverting(true)} data-testid="lead-convert">
            {t('leads.convert.action')}
          </Button>
          <Button danger onClick={() => setDisqualifying(true)} data-testid="lead-disqualify">
            {t('leads.disqualify.action')}
          </Button>
        </Flex>
      ) : null}
      {lead.status === 'disqualified' ? (
        <Alert
          type="info"
          showIcon
          title={t('leads.disqualify.done', { reason: lead.disqualifyReason ? disqualifyLabel(lead.disqualifyReason, t, lists) : '' })}
          description={lead.disqualifyNote}
          action={canWrite ? <Button size="small" loading={reopen.isPending} onClick={() => reopen.mutate({ leadId: lead.id, version: lead.version }, { onError: fail })}>{t('leads.reopen')}</Button> : null}
        />
      ) : null}
      {lead.status === 'converted' ? (
        <Alert
          type="success"
          showIcon
          title={t('leads.convert.done', { date: lead.convertedAt ? format.date(lead.convertedAt) : '' })}
          description={
            <Space size={16} wrap>
              {lead.convertedCustomerId ? <Link to={`/customers/${lead.convertedCustomerId}`} data-testid="lead-converted-customer">{t('leads.convert.openCustomer')}</Link> : null}
              {lead.convertedOpportunityId ? <Link to={`/opportunities?open=${lead.convertedOpportunityId}`}>{t('leads.convert.openOpportunity')}</Link> : null}
            </Space>
          }
        />
      ) : null}

      {open ? (
        <Steps
          size="small"
          current={steps.indexOf(lead.status)}
          onChange={canWrite ? (i) => setStatus(steps[i]!) : undefined}
          items={steps.map((s) => ({ title: t(`leads.statuses.${s}`) }))}
          data-testid="lead-steps"
        />
      ) : null}

      <Card size="small" title={t('leads.score.title', { score: lead.score })}>
        <ScoreReasons lead={lead} />
      </Card>

      <RelatedActivities
        related={{ type: 'lead', id: lead.id }}
        customerId={null}
        canLog={can('activities:write') && open}
        empty={open ? t('leads.activities.empty') : t('leads.activities.emptyClosed')}
      />

      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label={t('leads.fields.source')}>{lead.source ? t(`customers.sources.${lead.source}`) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('leads.fields.createdAt')}>{format.dateTime(lead.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('leads.fields.budget')}>{amountText(format, lead.budget, lead.currency)}</Descriptions.Item>
        <Descriptions.Item label={t('leads.fields.lastActivityAt')}>{lead.lastActivityAt ? format.dateTime(lead.lastActivityAt) : '—'}</Descriptions.Item>
      </Descriptions>

      <Divider titlePlacement="start" style={{ margin: 0 }}>
        {t('leads.sections.details')}
      </Divider>
      <LeadForm key={lead.version} lead={lead} fields={fields} onSaved={onSaved} onCancel={onCancel} />
      <ConvertModal lead={converting ? lead : null} onClose={() => setConverting(false)} />
      <DisqualifyModal lead={disqualifying ? lead : null} onClose={() => setDisqualifying(false)} />
    </Flex>
  );
}

interface ConvertValues {
  mode: 'new' | 'existing';
  name?: string;
  customerId?: string;
  createContact: boolean;
  withOpportunity: boolean;
  opportunityName?: string;
  amount?: number | null;
  expectedCloseDate?: Dayjs | null;
}

/** One step from lead to customer, contact and (optionally) opportunity; an existing customer among the duplicates is offered first. */
function ConvertModal({ lead, onClose }: { lead: Lead | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ConvertValues>();
  const problem = useFormProblem(form);
  const convert = useConvertLead();
  const duplicates = useLeadDuplicates(lead ? { personName: lead.personName, companyName: lead.companyName, mobile: lead.mobile, email: lead.email, excludeId: lead.id } : null);
  const mode = Form.useWatch('mode', form);
  const withOpportunity = Form.useWatch('withOpportunity', form);
  if (!lead) return null;
  const known = (duplicates.data ?? []).filter((d) => d.customerId !== null && d.kind !== 'lead');
  const knownLabels = Object.fromEntries(known.map((d) => [d.customerId!, d.kind === 'contact' ? d.name.split(' · ').at(-1)! : d.name]));

  const onFinish = (v: ConvertValues) => {
    problem.clear();
    convert.mutate(
      {
        leadId: lead.id,
        body: {
          customer: v.mode === 'existing' ? { mode: 'existing', customerId: v.customerId! } : { mode: 'new', name: text(v.name) ?? undefined },
          createContact: v.createContact,
          opportunity: v.withOpportunity
            ? { name: v.opportunityName!.trim(), amount: toMinor(v.amount, lead.currency), expectedCloseDate: v.expectedCloseDate ? v.expectedCloseDate.format('YYYY-MM-DD') : null }
            : null,
          version: lead.version,
        },
      },
      {
        onSuccess: () => {
          void message.success(t('leads.convert.success', { name: lead.displayName }));
          onClose();
        },
        onError: problem.onError,
      },
    );
  };

  return (
    <Modal
      open
      title={t('leads.convert.title', { name: lead.displayName })}
      okText={t('leads.convert.confirm')}
      okButtonProps={{ loading: convert.isPending, 'data-testid': 'convert-confirm' } as ButtonProps}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      <Form<ConvertValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{
          mode: 'new', name: lead.companyName ?? lead.personName ?? '', createContact: Boolean(lead.personName), withOpportunity: true,
          opportunityName: t('leads.convert.defaultOpportunity', { name: lead.displayName }), amount: toMajor(lead.budget, lead.currency),
        }}
      >
        <Form.Item name="mode" label={t('leads.convert.customer')}>
          <Radio.Group
            options={[{ value: 'new', label: t('leads.convert.newCustomer') }, { value: 'existing', label: t('leads.convert.existingCustomer') }]}
            data-testid="convert-mode"
          />
        </Form.Item>
        {known.length && mode !== 'existing' ? (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('leads.convert.maybeExisting', { name: Object.values(knownLabels)[0] })} />
        ) : null}
        {mode === 'existing' ? (
          <Form.Item name="customerId" label={t('leads.convert.pickCustomer')} rules={[{ required: true, message: t('validation.required') }]}>
            <CustomerSelect knownLabels={knownLabels} placeholder={t('leads.convert.searchCustomer')} />
          </Form.Item>
        ) : (
          <Form.Item name="name" label={t('leads.convert.customerName')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input maxLength={200} data-testid="convert-customer-name" />
          </Form.Item>
        )}
        {lead.personName ? (
          <Form.Item name="createContact" valuePropName="checked">
            <Checkbox>{t('leads.convert.contact', { name: lead.personName })}</Checkbox>
          </Form.Item>
        ) : null}
        <Form.Item name="withOpportunity" valuePropName="checked" style={{ marginBottom: withOpportunity ? 8 : undefined }}>
          <Checkbox data-testid="convert-with-opportunity">{t('leads.convert.withOpportunity')}</Checkbox>
        </Form.Item>
        {withOpportunity ? (
          <Row gutter={12}>
            <Col xs={24}>
              <Form.Item name="opportunityName" label={t('leads.convert.opportunityName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
                <Input maxLength={200} data-testid="convert-opportunity-name" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="amount" label={t('opportunities.fields.amount')}>
                <InputNumber min={0} style={{ width: '100%' }} precision={minorDigits(lead.currency)} prefix={currencySymbol(lead.currency)} data-testid="convert-amount" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="expectedCloseDate" label={t('opportunities.fields.expectedCloseDate')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        ) : null}
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('leads.convert.carried')}
        </Typography.Paragraph>
        <FormProblem state={problem} />
      </Form>
    </Modal>
  );
}

function DisqualifyModal({ lead, onClose }: { lead: Lead | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string; note?: string }>();
  const problem = useFormProblem(form);
  const lists = usePicklists().data;
  const disqualify = useDisqualifyLead();
  if (!lead) return null;
  return (
    <Modal
      open
      title={t('leads.disqualify.title', { name: lead.displayName })}
      okText={t('leads.disqualify.confirm')}
      okButtonProps={{ danger: true, loading: disqualify.isPending, 'data-testid': 'disqualify-confirm' } as ButtonProps}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          problem.clear();
          disqualify.mutate(
            { leadId: lead.id, body: { reason: v.reason!, note: text(v.note), version: lead.version } },
            { onSuccess: () => { void message.success(t('leads.disqualify.success')); onClose(); }, onError: problem.onError },
          );
        }}
      >
        <Form.Item name="reason" label={t('leads.disqualify.reason')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={disqualifyChoices(t, lists)} placeholder={t('customers.hints.pick')} data-testid="disqualify-reason" />
        </Form.Item>
        <Form.Item name="note" label={t('leads.disqualify.note')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        <FormProblem state={problem} />
      </Form>
    </Modal>
  );
}

export function LeadDrawer({ mode, onClose }: { mode: LeadDrawerMode | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <FormDrawer<LeadDrawerMode> mode={mode} onClose={onClose} width={680} title={(shown) => (shown.kind === 'edit' ? t('leads.editTitle') : t('leads.createTitle'))}>
      {(shown) => (
        <WithCustomFields object="lead">
          {(fields) =>
            shown.kind === 'create' ? (
              <LeadForm
                fields={fields}
                onSaved={(l) => {
                  void message.success(t('leads.created', { name: l.displayName, owner: l.ownerName ?? t('leads.noOwner') }));
                  onClose();
                }}
                onCancel={onClose}
              />
            ) : (
              <LeadView key={shown.leadId} leadId={shown.leadId} fields={fields} onSaved={() => void message.success(t('leads.saved'))} onCancel={onClose} />
            )
          }
        </WithCustomFields>
      )}
    </FormDrawer>
  );
}
