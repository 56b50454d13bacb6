// The customer form, for a new customer and for editing one, in a drawer.
// Company or individual; phones and emails as lists; sensitive fields folded away.
import { CustomerCreate, isChina, type CustomField, type Customer, type CustomerPatch } from '@kehu/shared';
import { Alert, App, Button, Col, Collapse, DatePicker, Divider, Flex, Form, Input, Row, Segmented, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useCurrentMe } from '../../api/auth';
import { isApiError, type ApiError } from '../../api/client';
import { useCreateCustomer, useCustomer, useCustomerDuplicates, useUpdateCustomer } from '../../api/customers';
import type { DuplicateCheckBody } from '../../api/keys';
import { useCan } from '../../app/access';
import { useDebounced } from '../../components/use-debounced';
import { ErrorState } from '../../components/error-state';
import { FormDrawer } from '../../components/form-drawer';
import { FormActions, FormProblem, useFormProblem } from '../../components/forms';
import { PageSkeleton } from '../../components/page-state';
import { zodRule } from '../../components/rules';
import { useFormat, type Formatter } from '../../i18n/format';
import { customChanges, CustomFieldsSection, customFormValues, WithCustomFields, type CustomFormValues } from './custom-fields';
import { ChoiceField, compact, formValues, ListField, listValue, patchOf, text } from './form-parts';
import { useCustomerOptions } from './labels';
import { OwnerSelect } from './owner-select';
import { regionPathOf, RegionFields, type RegionPath } from './region-field';

export type CustomerDrawerMode = { kind: 'create' } | { kind: 'edit'; customerId: string };

/** Every built-in field a save may send, in the API's shape (null for empty); custom fields go their own way. */
type Fields = Required<Omit<z.input<typeof CustomerPatch>, 'version' | 'custom'>>;

type CustomerValues = Omit<ReturnType<typeof formValues<Fields>>, 'phones' | 'emails' | 'tags' | 'nextFollowUpAt'> & {
  /** Only while creating: an edit form shows the type without holding it. */
  type?: Customer['type'];
  phones: string[];
  emails: string[];
  tags: string[];
  nextFollowUpAt?: Dayjs | null;
  /** In China: province, city, district as picked in the cascader. */
  region?: RegionPath;
  custom?: CustomFormValues;
};

const sensitiveFields = ['idNumber', 'bankAccount'];
// A field's hint or error takes its bottom margin; the next section keeps its distance anyway.
const sectionStyle = { marginTop: 24 };
const isMasked = (value: string | null) => value !== null && value.includes('*');
const shape = CustomerCreate.shape;

function fieldsOf(c: Customer): Fields {
  return {
    name: c.name,
    shortName: c.shortName,
    creditCode: c.creditCode,
    industry: c.industry,
    country: c.country,
    province: c.province,
    city: c.city,
    district: c.district,
    address: c.address,
    phones: c.phones.map((p) => p.number),
    emails: c.emails,
    website: c.website,
    wechat: c.wechat,
    source: c.source,
    grade: c.grade,
    stage: c.stage,
    status: c.status,
    tags: c.tags,
    ownerId: c.ownerId,
    nextFollowUpAt: c.nextFollowUpAt ? new Date(c.nextFollowUpAt).toISOString() : null,
    description: c.description,
    idNumber: c.idNumber,
    bankAccount: c.bankAccount,
  };
}

function valuesOf(c: Customer, format: Formatter, customFields: CustomField[]): CustomerValues {
  const fields = fieldsOf(c);
  return {
    ...formValues(fields),
    type: c.type,
    phones: listValue(fields.phones),
    emails: listValue(fields.emails),
    tags: fields.tags,
    nextFollowUpAt: format.fromIso(c.nextFollowUpAt),
    region: regionPathOf(c),
    custom: customFormValues(customFields, c.custom),
  };
}

function fieldsFrom(v: CustomerValues, type: Customer['type'], format: Formatter): Fields {
  const country = text(v.country);
  const [province, city, district] = isChina(country) ? (v.region ?? []) : [v.province, v.city, v.district];
  return {
    name: v.name?.trim() ?? '',
    shortName: text(v.shortName),
    creditCode: type === 'company' ? (text(v.creditCode)?.toUpperCase() ?? null) : null,
    industry: v.industry ?? null,
    country,
    province: text(province),
    city: text(city),
    district: text(district),
    address: text(v.address),
    phones: compact(v.phones),
    emails: compact(v.emails).map((e) => e.toLowerCase()),
    website: text(v.website),
    wechat: text(v.wechat),
    source: v.source ?? null,
    grade: v.grade ?? null,
    stage: v.stage ?? 'prospect',
    status: v.status ?? 'active',
    tags: compact(v.tags),
    ownerId: v.ownerId ?? null,
    nextFollowUpAt: v.nextFollowUpAt ? format.toIso(v.nextFollowUpAt) : null,
    description: text(v.description),
    idNumber: text(v.idNumber),
    bankAccount: text(v.bankAccount),
  };
}

/** What the duplicate check needs from the form; null until the name is long enough to compare. */
function duplicateCheckOf(
  name: string | undefined,
  phones: string[] | undefined,
  emails: string[] | undefined,
  creditCode: string | undefined | null,
  excludeId: string | undefined,
): DuplicateCheckBody | null {
  const trimmed = name?.trim() ?? '';
  if (trimmed.length < 2) return null;
  const check: DuplicateCheckBody = { name: trimmed };
  const phoneList = compact(phones ?? []);
  const emailList = compact(emails ?? []).map((e) => e.toLowerCase());
  if (phoneList.length > 0) check.phones = phoneList;
  if (emailList.length > 0) check.emails = emailList;
  const code = creditCode?.trim().toUpperCase();
  if (code) check.creditCode = code;
  if (excludeId) check.excludeId = excludeId;
  return check;
}

/** A warning, not a block: customers that share the name, a phone, an email or the credit code. */
function DuplicateWarning({ check }: { check: DuplicateCheckBody | null }) {
  const { t } = useTranslation();
  const settled = useDebounced(check, 400);
  const duplicates = useCustomerDuplicates(settled);
  const matches = settled ? (duplicates.data?.data ?? []) : [];
  if (matches.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('customers.duplicates.title')}
      data-testid="duplicate-warning"
      description={
        <>
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {matches.map((m, index) => (
              <li key={m.id ?? `other-${index}`}>
                {m.id ? (
                  <a href={`/customers/${m.id}`} target="_blank" rel="noreferrer">
                    {m.name}
                  </a>
                ) : (
                  <Typography.Text>{m.name}</Typography.Text>
                )}
                <Typography.Text type="secondary">
                  {m.ownerName ? t('customers.duplicates.owner', { name: m.ownerName }) : t('customers.duplicates.noOwner')}
                  {' · '}
                  {m.reasons.map((r) => t(`customers.duplicates.reasons.${r}`)).join('、')}
                </Typography.Text>
                {m.poolId ? (
                  <>
                    {' · '}
                    <a
                      href={`/customer-pool?pool=${encodeURIComponent(m.poolId)}&q=${encodeURIComponent(m.name)}`}
                      target="_blank"
                      rel="noreferrer"
                      data-testid="duplicate-in-pool"
                    >
                      {t('customers.duplicates.inPool')}
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('customers.duplicates.hint')}
          </Typography.Text>
        </>
      }
    />
  );
}

/**
 * 撞单: another rep owns this customer. The server's message names the owner; a manager may
 * create it anyway for the owner chosen in the form, a rep is pointed to a manager or the pool.
 */
function OwnershipConflict({ error, onOverride }: { error: ApiError; onOverride?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={error.problem.title}
      data-testid="ownership-conflict"
      description={
        <Flex vertical gap={8} align="flex-start">
          <Typography.Text>{onOverride ? t('pool.conflict.hintManager') : t('pool.conflict.hintRep')}</Typography.Text>
          {onOverride ? (
            <Button size="small" onClick={onOverride} data-testid="ownership-override">
              {t('pool.conflict.override')}
            </Button>
          ) : (
            <a href="/customer-pool" target="_blank" rel="noreferrer">
              {t('pool.conflict.openPool')}
            </a>
          )}
        </Flex>
      }
    />
  );
}

interface CustomerFormProps {
  /** Absent for a new customer. */
  customer?: Customer;
  /** The active custom fields of customers, in their order. */
  customFields: CustomField[];
  onSaved: (customer: Customer) => void;
  onCancel: () => void;
  onReload?: () => Promise<Customer | undefined>;
}

function CustomerForm({ customer, customFields, onSaved, onCancel, onReload }: CustomerFormProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentMe();
  const format = useFormat();
  const [form] = Form.useForm<CustomerValues>();
  const create = useCreateCustomer();
  const update = useUpdateCustomer();
  const problem = useFormProblem(form);
  const can = useCan();
  // Set by a manager's "create anyway" after a 撞单 refusal, for the next submit only.
  const overrideOwnership = useRef(false);
  const [sensitiveOpen, setSensitiveOpen] = useState(false);
  const type = Form.useWatch('type', form) ?? customer?.type ?? 'company';
  const options = useCustomerOptions({ stage: customer?.stage, industry: customer?.industry });
  const country = Form.useWatch('country', form) ?? customer?.country;
  const watchedName = Form.useWatch('name', form);
  const watchedPhones = Form.useWatch('phones', form);
  const watchedEmails = Form.useWatch('emails', form);
  const watchedCreditCode = Form.useWatch('creditCode', form);
  const duplicateCheck = useMemo(
    () =>
      duplicateCheckOf(
        watchedName,
        watchedPhones,
        watchedEmails,
        type === 'company' ? watchedCreditCode : null,
        customer?.id,
      ),
    [watchedName, watchedPhones, watchedEmails, watchedCreditCode, type, customer?.id],
  );
  const masked = (field: 'idNumber' | 'bankAccount') => (customer ? isMasked(customer[field]) : false);

  const currency = me.organization.currency;
  const initialValues: Partial<CustomerValues> = customer
    ? valuesOf(customer, format, customFields)
    : {
        type: 'company',
        phones: [''],
        emails: [''],
        tags: [],
        stage: options.stages[0]?.value ?? 'prospect',
        status: 'active',
        ownerId: me.user.id,
        custom: customFormValues(customFields, {}),
      };

  const showSensitiveErrors = (paths: string[]) => {
    if (paths.some((path) => sensitiveFields.some((field) => path.startsWith(field)))) setSensitiveOpen(true);
  };

  const onError = (error: unknown) => {
    problem.onError(error);
    if (isApiError(error)) showSensitiveErrors((error.problem.errors ?? []).map((e) => e.path));
  };

  const onFinish = (values: CustomerValues) => {
    problem.clear();
    const fields = fieldsFrom(values, type, format);
    // Blank rows go before sending, so an error on phones.N lands on the row the user sees.
    form.setFieldsValue({ phones: listValue(fields.phones), emails: listValue(fields.emails) });
    const custom = customChanges(customFields, values.custom, customer?.custom ?? {}, currency);
    if (!customer) {
      const override = overrideOwnership.current ? { overrideOwnership: true } : {};
      overrideOwnership.current = false;
      create.mutate({ type, ...fields, ...(custom ? { custom } : {}), ...override }, { onSuccess: onSaved, onError });
      return;
    }
    const patch = patchOf(fieldsOf(customer), fields, customer.version);
    if (!patch && !custom) {
      void message.info(t('common.noChanges'));
      return;
    }
    const body = { ...(patch ?? { version: customer.version }), ...(custom ? { custom } : {}) };
    update.mutate({ customerId: customer.id, body }, { onSuccess: onSaved, onError });
  };

  const reload = async () => {
    const fresh = await onReload?.();
    if (fresh) form.setFieldsValue(valuesOf(fresh, format, customFields));
  };

  const half = (node: ReactNode) => (
    <Col xs={24} sm={12}>
      {node}
    </Col>
  );

  return (
    <Form<CustomerValues>
      form={form}
      name={customer ? 'customer-edit' : 'customer-create'}
      layout="vertical"
      onFinish={onFinish}
      onFinishFailed={({ errorFields }) => showSensitiveErrors(errorFields.map((f) => f.name.join('.')))}
      initialValues={initialValues}
      scrollToFirstError
    >
      {customer ? (
        <Form.Item label={t('customers.fields.type')} extra={t('customers.hints.typeFixed')}>
          <Typography.Text>{t(`customers.types.${customer.type}`)}</Typography.Text>
        </Form.Item>
      ) : (
        <Form.Item name="type" label={t('customers.fields.type')}>
          <Segmented<Customer['type']> options={options.types} data-testid="customer-type" />
        </Form.Item>
      )}
      <Form.Item name="name" label={t('customers.fields.name')} required rules={[zodRule(shape.name, t)]}>
        <Input
          autoComplete="off"
          placeholder={type === 'company' ? t('customers.hints.companyName') : t('customers.hints.individualName')}
        />
      </Form.Item>
      <Row gutter={16}>
        {half(
          <Form.Item name="shortName" label={t('customers.fields.shortName')} rules={[zodRule(shape.shortName, t)]}>
            <Input autoComplete="off" />
          </Form.Item>,
        )}
        {half(
          <Form.Item name="industry" label={t('customers.fields.industry')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={options.industries}
              placeholder={t('customers.hints.industry')}
            />
          </Form.Item>,
        )}
      </Row>
      {type === 'company' ? (
        <Form.Item
          name="creditCode"
          label={t('customers.fields.creditCode')}
          extra={t('customers.hints.creditCode')}
          rules={[zodRule(shape.creditCode, t)]}
          validateTrigger="onBlur"
        >
          <Input autoComplete="off" maxLength={18} className="kehu-mono" style={{ textTransform: 'uppercase', fontSize: 14 }} />
        </Form.Item>
      ) : null}

      <Divider titlePlacement="start" style={sectionStyle}>{t('customers.sections.reach')}</Divider>
      <ListField name="phones" label={t('customers.fields.phones')} />
      <ListField name="emails" label={t('customers.fields.emails')} />
      <Row gutter={16}>
        {half(
          <Form.Item name="wechat" label={t('customers.fields.wechat')} rules={[zodRule(shape.wechat, t)]}>
            <Input autoComplete="off" />
          </Form.Item>,
        )}
        {half(
          <Form.Item name="website" label={t('customers.fields.website')} rules={[zodRule(shape.website, t)]}>
            <Input inputMode="url" autoComplete="off" placeholder="https://" />
          </Form.Item>,
        )}
      </Row>

      <Divider titlePlacement="start" style={sectionStyle}>{t('customers.sections.region')}</Divider>
      <RegionFields country={country} />
      <Form.Item name="address" label={t('customers.fields.address')} rules={[zodRule(shape.address, t)]}>
        <Input autoComplete="off" />
      </Form.Item>

      <Divider titlePlacement="start" style={sectionStyle}>{t('customers.sections.classification')}</Divider>
      <Row gutter={16}>
        {half(<ChoiceField name="grade" label={t('customers.fields.grade')} options={options.grades} optional />)}
        {half(<ChoiceField name="stage" label={t('customers.fields.stage')} options={options.stages} />)}
        {half(<ChoiceField name="source" label={t('customers.fields.source')} options={options.sources} optional />)}
        {half(<ChoiceField name="status" label={t('customers.fields.status')} options={options.statuses} />)}
        {half(
          <Form.Item name="ownerId" label={t('customers.fields.ownerId')}>
            <OwnerSelect
              allowClear
              placeholder={t('customers.unassigned')}
              knownLabels={customer?.ownerId && customer.ownerName ? { [customer.ownerId]: customer.ownerName } : undefined}
            />
          </Form.Item>,
        )}
        {half(
          <Form.Item name="nextFollowUpAt" label={t('customers.fields.nextFollowUpAt')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>,
        )}
      </Row>
      <Form.Item name="tags" label={t('customers.fields.tags')} rules={[zodRule(shape.tags, t)]}>
        <Select mode="tags" tokenSeparators={[',', '，']} placeholder={t('customers.hints.tags')} />
      </Form.Item>
      <Form.Item name="description" label={t('customers.fields.description')} rules={[zodRule(shape.description, t)]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
      </Form.Item>

      <CustomFieldsSection
        title={t('customers.sections.custom')}
        fields={customFields}
        stored={customer?.custom ?? {}}
        currency={currency}
      />

      <Collapse
        activeKey={sensitiveOpen ? ['sensitive'] : []}
        onChange={(keys) => setSensitiveOpen(keys.length > 0)}
        style={{ marginBottom: 24 }}
        items={[
          {
            key: 'sensitive',
            label: t('customers.sections.sensitive'),
            forceRender: true,
            children: (
              <>
                <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
                  {t('customers.hints.sensitive')}
                </Typography.Paragraph>
                {(['idNumber', 'bankAccount'] as const).map((field) => (
                  <Form.Item
                    key={field}
                    name={field}
                    label={t(`customers.fields.${field}`)}
                    extra={masked(field) ? t('customers.hints.masked') : undefined}
                    rules={masked(field) ? [] : [zodRule(shape[field], t)]}
                  >
                    <Input autoComplete="off" disabled={masked(field)} />
                  </Form.Item>
                ))}
              </>
            ),
          },
        ]}
      />

      <DuplicateWarning check={duplicateCheck} />
      {problem.error?.code === 'ownership_conflict' ? (
        <OwnershipConflict
          error={problem.error}
          onOverride={
            can('customers:assign')
              ? () => {
                  overrideOwnership.current = true;
                  form.submit();
                }
              : undefined
          }
        />
      ) : (
        <FormProblem state={problem} onReload={onReload ? () => void reload() : undefined} />
      )}
      <FormActions
        onCancel={onCancel}
        submitLabel={customer ? t('common.save') : t('customers.createSubmit')}
        loading={create.isPending || update.isPending}
        testId="customer-submit"
      />
    </Form>
  );
}

function EditCustomer({
  customerId,
  customFields,
  onSaved,
  onCancel,
}: {
  customerId: string;
  customFields: CustomField[];
  onSaved: (c: Customer) => void;
  onCancel: () => void;
}) {
  const customer = useCustomer(customerId);
  if (customer.isPending) return <PageSkeleton rows={10} />;
  if (customer.isError) return <ErrorState error={customer.error} onRetry={() => void customer.refetch()} />;
  return (
    <CustomerForm
      customer={customer.data}
      customFields={customFields}
      onSaved={onSaved}
      onCancel={onCancel}
      onReload={async () => (await customer.refetch()).data}
    />
  );
}

interface CustomerDrawerProps {
  mode: CustomerDrawerMode | null;
  onClose: () => void;
  /** After a successful save; the drawer closes itself. */
  onSaved?: (customer: Customer, mode: CustomerDrawerMode) => void;
}

export function CustomerDrawer({ mode, onClose, onSaved }: CustomerDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <FormDrawer<CustomerDrawerMode>
      mode={mode}
      onClose={onClose}
      width={640}
      title={(shown) => (shown.kind === 'edit' ? t('customers.editTitle') : t('customers.createTitle'))}
    >
      {(shown) => {
        const saved = (customer: Customer) => {
          void message.success(shown.kind === 'create' ? t('customers.created', { name: customer.name }) : t('customers.saved'));
          onClose();
          onSaved?.(customer, shown);
        };
        return (
          <WithCustomFields object="customer">
            {(customFields) =>
              shown.kind === 'create' ? (
                <CustomerForm customFields={customFields} onSaved={saved} onCancel={onClose} />
              ) : (
                <EditCustomer
                  key={shown.customerId}
                  customerId={shown.customerId}
                  customFields={customFields}
                  onSaved={saved}
                  onCancel={onClose}
                />
              )
            }
          </WithCustomFields>
        );
      }}
    </FormDrawer>
  );
}
