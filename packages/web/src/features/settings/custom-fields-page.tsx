// 自定义字段: the extra fields admins define for customers and contacts. A field's key and
// type never change once saved (records store values under the key); retiring one archives it.
import { PlusOutlined } from '@ant-design/icons';
import { customFieldObjects, customFieldTypes, type CustomField } from '@kehu/shared';
import { App, Button, Card, Col, Flex, Form, Input, InputNumber, Row, Select, Switch, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateCustomField, useCustomFields, useUpdateCustomField, type CustomFieldBody } from '../../api/custom-fields';
import { ErrorState } from '../../components/error-state';
import { FormDrawer } from '../../components/form-drawer';
import { FormActions, FormProblem, useFormProblem } from '../../components/forms';
import { PageHeader } from '../../components/page-header';
import { currentLocale } from '../../i18n';

type FieldObject = (typeof customFieldObjects)[number];
type Mode = { kind: 'create'; object: FieldObject } | { kind: 'edit'; field: CustomField };

interface Values {
  key: string;
  type: CustomField['type'];
  label: CustomField['label'];
  options: { value: string; label: string }[];
  required: boolean;
  archived: boolean;
  position: number;
}

const withOptions = (type: CustomField['type'] | undefined) => type === 'select' || type === 'multi_select';
const text = (value: string | undefined) => value?.trim() || undefined;

function FieldForm({ mode, onDone }: { mode: Mode; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const problem = useFormProblem(form);
  const create = useCreateCustomField();
  const update = useUpdateCustomField();
  const field = mode.kind === 'edit' ? mode.field : null;
  const type = Form.useWatch('type', form);

  const onFinish = (v: Values) => {
    problem.clear();
    const label = { 'zh-CN': v.label['zh-CN'].trim(), 'zh-TW': text(v.label['zh-TW']), 'en-US': text(v.label['en-US']) };
    const options = withOptions(v.type) ? (v.options ?? []).map((o) => ({ value: o.value.trim(), label: { 'zh-CN': o.label.trim() } })) : undefined;
    const done = () => {
      void message.success(t('customFields.saved'));
      onDone();
    };
    if (mode.kind === 'create') {
      const body: CustomFieldBody = { object: mode.object, key: v.key.trim(), type: v.type, label, options, required: v.required, position: v.position };
      create.mutate(body, { onSuccess: done, onError: problem.onError });
      return;
    }
    update.mutate(
      { fieldId: mode.field.id, body: { label, options, required: v.required, archived: v.archived, position: v.position, version: mode.field.version } },
      { onSuccess: done, onError: problem.onError },
    );
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={onFinish}
      initialValues={
        field
          ? {
              key: field.key, type: field.type, label: field.label, required: field.required, archived: field.archived, position: field.position,
              options: field.options.map((o) => ({ value: o.value, label: o.label['zh-CN'] })),
            }
          : { type: 'text', required: false, archived: false, position: 0, options: [], label: { 'zh-CN': '' } }
      }
    >
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name={['label', 'zh-CN']} label={t('customFields.fields.labelZhCN')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input autoComplete="off" placeholder={t('customFields.fields.labelPlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="key"
            label={t('customFields.fields.key')}
            extra={field ? undefined : t('customFields.fields.keyHint')}
            rules={[{ required: true, message: t('validation.required') }, { pattern: /^[a-z][a-z0-9_]*$/, message: t('customFields.fields.keyInvalid') }]}
          >
            <Input autoComplete="off" disabled={Boolean(field)} placeholder="budget" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name={['label', 'zh-TW']} label={t('customFields.fields.labelZhTW')}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name={['label', 'en-US']} label={t('customFields.fields.labelEnUS')}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="type" label={t('customFields.fields.type')}>
            <Select disabled={Boolean(field)} options={customFieldTypes.map((value) => ({ value, label: t(`customFields.types.${value}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="position" label={t('customFields.fields.position')} extra={t('customFields.fields.positionHint')}>
            <InputNumber min={0} max={10000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      {withOptions(type) ? (
        <Form.List name="options">
          {(items, { add, remove }) => (
            <Form.Item label={t('customFields.fields.options')} required>
              <Flex vertical gap={8}>
                {items.map((item) => (
                  <Flex key={item.key} gap={8} align="flex-start">
                    <Form.Item name={[item.name, 'label']} noStyle rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
                      <Input placeholder={t('customFields.fields.optionLabel')} aria-label={t('customFields.fields.optionLabel')} />
                    </Form.Item>
                    <Form.Item name={[item.name, 'value']} noStyle rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
                      <Input placeholder={t('customFields.fields.optionValue')} aria-label={t('customFields.fields.optionValue')} style={{ maxWidth: 160 }} />
                    </Form.Item>
                    <Button onClick={() => remove(item.name)}>{t('common.delete')}</Button>
                  </Flex>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ value: '', label: '' })} data-testid="add-option">
                  {t('customFields.addOption')}
                </Button>
              </Flex>
            </Form.Item>
          )}
        </Form.List>
      ) : null}
      <Flex gap={24} wrap>
        <Form.Item name="required" label={t('customFields.fields.required')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {field ? (
          <Form.Item name="archived" label={t('customFields.fields.archived')} extra={t('customFields.fields.archivedHint')} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : null}
      </Flex>
      <FormProblem state={problem} onReload={onDone} />
      <FormActions onCancel={onDone} submitLabel={t('common.save')} loading={create.isPending || update.isPending} testId="custom-field-submit" />
    </Form>
  );
}

function FieldTable({ object, onEdit }: { object: FieldObject; onEdit: (field: CustomField) => void }) {
  const { t } = useTranslation();
  const fields = useCustomFields(object);
  if (fields.isError) return <ErrorState error={fields.error} onRetry={() => void fields.refetch()} />;
  const locale = currentLocale();
  const columns: ColumnsType<CustomField> = [
    {
      title: t('customFields.columns.label'),
      key: 'label',
      render: (_v, f) => (
        <Flex gap={6} align="center" wrap>
          <Typography.Text strong delete={f.archived}>{f.label[locale] || f.label['zh-CN']}</Typography.Text>
          {f.required ? <Tag color="red">{t('customFields.requiredTag')}</Tag> : null}
          {f.archived ? <Tag>{t('customFields.archivedTag')}</Tag> : null}
        </Flex>
      ),
    },
    { title: t('customFields.columns.key'), key: 'key', render: (_v, f) => <Typography.Text code>{f.key}</Typography.Text> },
    { title: t('customFields.columns.type'), key: 'type', render: (_v, f) => t(`customFields.types.${f.type}`) },
    {
      title: t('customFields.columns.options'),
      key: 'options',
      responsive: ['md'],
      render: (_v, f) => (f.options.length ? f.options.map((o) => o.label[locale] || o.label['zh-CN']).join('、') : '—'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_v, f) => (
        <Button type="link" size="small" onClick={() => onEdit(f)} data-testid={`edit-field-${f.key}`}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];
  return (
    <Table<CustomField>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={fields.data ?? []}
      loading={fields.isPending}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('customFields.empty') }}
      data-testid={`custom-fields-${object}`}
    />
  );
}

export function CustomFieldsPage() {
  const { t } = useTranslation();
  const [object, setObject] = useState<FieldObject>('customer');
  const [mode, setMode] = useState<Mode | null>(null);
  return (
    <>
      <PageHeader
        title={t('customFields.title')}
        description={t('customFields.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setMode({ kind: 'create', object })} data-testid="add-custom-field">
            {t('customFields.add')}
          </Button>
        }
      />
      <Card>
        <Tabs
          activeKey={object}
          onChange={(key) => setObject(key as FieldObject)}
          items={customFieldObjects.map((o) => ({
            key: o,
            label: t(`customFields.objects.${o}`),
            children: <FieldTable object={o} onEdit={(field) => setMode({ kind: 'edit', field })} />,
          }))}
        />
      </Card>
      <FormDrawer
        mode={mode}
        onClose={() => setMode(null)}
        title={(m) => (m.kind === 'create' ? t('customFields.createTitle', { object: t(`customFields.objects.${m.object}`) }) : t('customFields.editTitle'))}
      >
        {(m) => <FieldForm mode={m} onDone={() => setMode(null)} />}
      </FormDrawer>
    </>
  );
}
