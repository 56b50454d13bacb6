// 获客表单: web-to-lead forms an admin designs — which fields, labelled in three languages,
// required or not, a consent text and a thank-you — with the hosted page's address and the
// snippet that embeds it in the company's site. Submissions become leads (source "web form").
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { leadFormFields, type LeadForm, type LeadFormField, type Locale } from '@kehu/shared';
import { App, Button, Checkbox, Col, Divider, Flex, Form, Input, Popconfirm, Row, Switch, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateLeadForm, useDeleteLeadForm, useLeadForms, useUpdateLeadForm } from '../../api/leads';
import { DataList } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { FormDrawer } from '../../components/form-drawer';
import { FormActions, FormProblem, useFormProblem } from '../../components/forms';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { currentLocale } from '../../i18n';

type Mode = { kind: 'create' } | { kind: 'edit'; form: LeadForm };
type Label = Partial<Record<Locale, string>>;

interface FieldRow {
  field: LeadFormField;
  included: boolean;
  required: boolean;
  label: Label;
}

interface Values {
  name: string;
  title: Label;
  consentText: Label;
  thanksText: Label;
  campaign?: string;
  enabled: boolean;
  fields: FieldRow[];
}

const langs: Locale[] = ['zh-CN', 'zh-TW', 'en-US'];
const clean = (label: Label) => Object.fromEntries(Object.entries(label).map(([k, v]) => [k, v?.trim() ?? '']).filter(([, v]) => v)) as Label;
/** A label the server takes: Simplified Chinese is the one every form must have. */
const toLabel = (label: Label) => ({ 'zh-CN': '', ...clean(label) }) as { 'zh-CN': string; 'zh-TW'?: string; 'en-US'?: string };
const orNull = (label: Label) => (clean(label)['zh-CN'] ? toLabel(label) : null);

function LabelInputs({ name, label, required = false, testId }: { name: (string | number)[]; label: string; required?: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Row gutter={8}>
      {langs.map((lang) => (
        <Col xs={24} sm={8} key={lang}>
          <Form.Item
            name={[...name, lang]}
            label={`${label}（${t(`leadForms.langs.${lang}`)}）`}
            rules={required && lang === 'zh-CN' ? [{ required: true, whitespace: true, message: t('validation.required') }] : []}
          >
            <Input maxLength={100} data-testid={testId ? `${testId}-${lang}` : undefined} />
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}

function LeadFormEditor({ form: existing, onSaved, onCancel }: { form?: LeadForm; onSaved: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const problem = useFormProblem(form);
  const create = useCreateLeadForm();
  const update = useUpdateLeadForm();
  const here = currentLocale();
  // New fields start labelled in the admin's language (and Simplified Chinese, which every form needs).
  const defaultLabel = (field: LeadFormField): Label => ({ 'zh-CN': t(`leads.fields.${field}`), [here]: t(`leads.fields.${field}`) });
  const rows: FieldRow[] = leadFormFields.map((field) => {
    const used = existing?.fields.find((f) => f.field === field);
    return used
      ? { field, included: true, required: used.required, label: used.label }
      : { field, included: !existing && ['personName', 'companyName', 'mobile', 'needs'].includes(field), required: !existing && ['personName', 'mobile'].includes(field), label: defaultLabel(field) };
  });
  // The chosen fields first, in the form's order; the rest after.
  rows.sort((a, b) => {
    const ia = existing?.fields.findIndex((f) => f.field === a.field) ?? -1;
    const ib = existing?.fields.findIndex((f) => f.field === b.field) ?? -1;
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  const initialValues: Values = {
    name: existing?.name ?? '',
    title: existing?.title ?? { 'zh-CN': t('leadForms.defaults.title') },
    consentText: existing?.consentText ?? {},
    thanksText: existing?.thanksText ?? {},
    campaign: existing?.campaign ?? undefined,
    enabled: existing?.enabled ?? true,
    fields: rows,
  };

  const onFinish = () => {
    problem.clear();
    // All values, with the parts no input holds (each row's field code).
    const v = form.getFieldsValue(true) as Values;
    const body = {
      name: v.name.trim(),
      title: toLabel(v.title),
      fields: v.fields.filter((f) => f.included).map((f) => ({ field: f.field, required: f.required, label: toLabel(f.label) })),
      consentText: orNull(v.consentText),
      thanksText: orNull(v.thanksText),
      campaign: v.campaign?.trim() || null,
      enabled: v.enabled,
    };
    if (existing) update.mutate({ formId: existing.id, body: { ...body, version: existing.version } }, { onSuccess: onSaved, onError: problem.onError });
    else create.mutate(body, { onSuccess: onSaved, onError: problem.onError });
  };

  return (
    <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish} data-testid="lead-form-editor">
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="name" label={t('leadForms.fields.name')} extra={t('leadForms.hints.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input maxLength={100} data-testid="lead-form-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="campaign" label={t('leadForms.fields.campaign')} extra={t('leadForms.hints.campaign')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      <LabelInputs name={['title']} label={t('leadForms.fields.title')} required testId="lead-form-title" />
      <Divider titlePlacement="start">{t('leadForms.fields.fields')}</Divider>
      <Form.List name="fields">
        {(items) => (
          <Flex vertical gap={4}>
            {items.map((item) => (
              <FieldRowEditor key={item.key} index={item.name} />
            ))}
          </Flex>
        )}
      </Form.List>
      <Divider titlePlacement="start">{t('leadForms.fields.consentText')}</Divider>
      <Typography.Paragraph type="secondary">{t('leadForms.hints.consent')}</Typography.Paragraph>
      <LabelInputs name={['consentText']} label={t('leadForms.fields.consentShort')} />
      <LabelInputs name={['thanksText']} label={t('leadForms.fields.thanksText')} />
      <Form.Item name="enabled" label={t('leadForms.fields.enabled')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <FormProblem state={problem} />
      <FormActions onCancel={onCancel} submitLabel={t('common.save')} loading={create.isPending || update.isPending} testId="lead-form-submit" />
    </Form>
  );
}

function FieldRowEditor({ index }: { index: number }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<Values>();
  // preserve: the row's field code has no input of its own, but its value is still wanted.
  const row = Form.useWatch(['fields', index], { form, preserve: true }) as FieldRow | undefined;
  if (!row) return null;
  return (
    <div style={{ padding: '8px 12px', border: '1px solid #f0f0f0', borderRadius: 8, background: row.included ? '#fff' : '#fafafa' }} data-testid={`form-field-${row.field}`}>
      <Flex gap={16} align="center" wrap>
        <Form.Item name={[index, 'included']} valuePropName="checked" noStyle>
          <Checkbox data-testid={`form-field-${row.field}-include`}>
            <Typography.Text strong={row.included}>{t(`leads.fields.${row.field}`)}</Typography.Text>
          </Checkbox>
        </Form.Item>
        {row.included ? (
          <Form.Item name={[index, 'required']} valuePropName="checked" noStyle>
            <Checkbox>{t('leadForms.fields.required')}</Checkbox>
          </Form.Item>
        ) : null}
      </Flex>
      {row.included ? (
        <Row gutter={8} style={{ marginTop: 8 }}>
          {langs.map((lang) => (
            <Col xs={24} sm={8} key={lang}>
              <Form.Item
                name={[index, 'label', lang]}
                style={{ marginBottom: 0 }}
                rules={lang === 'zh-CN' ? [{ required: true, whitespace: true, message: t('validation.required') }] : []}
              >
                <Input size="small" maxLength={100} placeholder={t(`leadForms.langs.${lang}`)} aria-label={`${t(`leads.fields.${row.field}`)} ${t(`leadForms.langs.${lang}`)}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      ) : null}
    </div>
  );
}

function Snippet({ form }: { form: LeadForm }) {
  const { t } = useTranslation();
  const copy = { tooltips: [t('common.copy'), t('common.copied')] };
  return (
    <Flex vertical gap={4} style={{ minWidth: 0 }}>
      <Typography.Text copyable={{ text: form.hostedUrl, ...copy }} data-testid="lead-form-url">
        <a href={form.hostedUrl} target="_blank" rel="noreferrer">{form.hostedUrl}</a>
      </Typography.Text>
      <Typography.Text type="secondary" copyable={{ text: form.embedSnippet, ...copy }} style={{ fontSize: 12 }}>
        {t('leadForms.copySnippet')}
      </Typography.Text>
    </Flex>
  );
}

export function LeadFormsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const forms = useLeadForms();
  const remove = useDeleteLeadForm();
  const [mode, setMode] = useState<Mode | null>(null);

  const columns: ColumnsType<LeadForm> = [
    {
      key: 'name',
      title: t('leadForms.fields.name'),
      render: (_, f) => (
        <Flex vertical>
          <Typography.Text strong>{f.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.fields.map((x) => t(`leads.fields.${x.field}`)).join('、')}</Typography.Text>
        </Flex>
      ),
    },
    { key: 'status', title: t('leadForms.fields.enabled'), render: (_, f) => (f.enabled ? <Tag color="green">{t('leadForms.on')}</Tag> : <Tag>{t('leadForms.off')}</Tag>) },
    { key: 'count', title: t('leadForms.fields.submissionCount'), align: 'right', render: (_, f) => f.submissionCount },
    { key: 'url', title: t('leadForms.fields.hostedUrl'), render: (_, f) => <Snippet form={f} /> },
    {
      key: 'actions',
      title: '',
      width: 100,
      render: (_, f) => (
        <Flex gap={4}>
          <Button type="text" icon={<EditOutlined aria-hidden />} aria-label={t('common.edit')} onClick={() => setMode({ kind: 'edit', form: f })} />
          <Popconfirm
            title={t('leadForms.deleteConfirm', { name: f.name })}
            onConfirm={() => remove.mutate(f.id, { onSuccess: () => void message.success(t('leadForms.deleted')) })}
          >
            <Button type="text" danger icon={<DeleteOutlined aria-hidden />} aria-label={t('common.delete')} />
          </Popconfirm>
        </Flex>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('leadForms.title')}
        description={t('leadForms.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setMode({ kind: 'create' })} data-testid="add-lead-form">
            {t('leadForms.create')}
          </Button>
        }
      />
      {forms.isPending ? (
        <PageSkeleton />
      ) : forms.isError ? (
        <ErrorState error={forms.error} onRetry={() => void forms.refetch()} />
      ) : (
        <DataList<LeadForm>
          data={forms.data}
          rowKey={(f) => f.id}
          columns={columns}
          renderCard={(f) => (
            <Flex vertical gap={4}>
              <Flex justify="space-between">
                <Typography.Link strong onClick={() => setMode({ kind: 'edit', form: f })}>{f.name}</Typography.Link>
                <Typography.Text type="secondary">{t('leadForms.submissions', { count: f.submissionCount })}</Typography.Text>
              </Flex>
              <Snippet form={f} />
            </Flex>
          )}
          empty={
            <EmptyState
              description={t('leadForms.empty')}
              action={<Button type="primary" onClick={() => setMode({ kind: 'create' })}>{t('leadForms.create')}</Button>}
            />
          }
          testId="lead-forms"
        />
      )}
      <FormDrawer<Mode> mode={mode} onClose={() => setMode(null)} width={760} title={(m) => (m.kind === 'edit' ? t('leadForms.editTitle', { name: m.form.name }) : t('leadForms.create'))}>
        {(m) => (
          <LeadFormEditor
            form={m.kind === 'edit' ? m.form : undefined}
            onSaved={() => {
              void message.success(t('leadForms.saved'));
              setMode(null);
            }}
            onCancel={() => setMode(null)}
          />
        )}
      </FormDrawer>
    </>
  );
}

