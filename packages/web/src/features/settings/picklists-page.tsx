// 选项列表: the organization's industry and lifecycle-stage choices. Rows keep their order;
// a saved code never changes (records store it), so retiring an option means archiving it.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { picklistFields, type Picklist, type PicklistField, type PicklistOption } from '@kehu/shared';
import { App, Button, Card, Col, Flex, Form, Input, Row, Switch, Tabs, Tag, Typography, type FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { usePicklists, useUpdatePicklist } from '../../api/picklists';
import { ErrorState } from '../../components/error-state';
import { FormProblem, useFormProblem } from '../../components/forms';
import { PageHeader } from '../../components/page-header';
import { PageSkeleton } from '../../components/page-state';
import { useIsPhone } from '../../components/use-is-phone';

interface Row {
  value: string;
  label: PicklistOption['label'];
  archived: boolean;
  /** Added on this page and not saved yet: its code may still change and it may be removed. */
  isNew?: boolean;
}

interface Values {
  options: Row[];
}

// Stages and reasons are stored in fields that take lowercase codes only; industries take any letters.
const codePatterns: Record<PicklistField, RegExp> = {
  stage: /^[a-z0-9_]+$/, industry: /^[A-Za-z0-9_]+$/, win_reason: /^[a-z0-9_]+$/, loss_reason: /^[a-z0-9_]+$/, disqualify_reason: /^[a-z0-9_]+$/,
};

const toRows = (list: Picklist): Row[] => list.options.map((o) => ({ value: o.value, label: { ...o.label }, archived: o.archived }));

const text = (value: string | undefined) => value?.trim() || undefined;

function toOptions(rows: Row[]): PicklistOption[] {
  return rows.map((r) => ({
    value: r.value.trim(),
    label: { 'zh-CN': r.label['zh-CN'].trim(), 'zh-TW': text(r.label['zh-TW']), 'en-US': text(r.label['en-US']) },
    archived: r.archived,
  }));
}

function codeRules(field: PicklistField, form: FormInstance<Values>, index: number, t: TFunction): Rule[] {
  return [
    { required: true, whitespace: true, message: t('picklists.errors.valueRequired') },
    {
      pattern: codePatterns[field],
      message: field === 'stage' ? t('picklists.errors.stageValueInvalid') : t('picklists.errors.valueInvalid'),
    },
    {
      validator: (_rule, value: string | undefined) => {
        const rows = form.getFieldValue('options') as Row[];
        const code = value?.trim();
        const taken = rows.some((r, i) => i !== index && r.value.trim() === code);
        return code && taken ? Promise.reject(new Error(t('picklists.errors.valueDuplicate'))) : Promise.resolve();
      },
    },
  ];
}

function PicklistEditor({ list, onReload }: { list: Picklist; onReload: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<Values>();
  const update = useUpdatePicklist();
  const problem = useFormProblem(form);
  // preserve: the unregistered isNew flag must come along with the rows.
  const rows = Form.useWatch('options', { form, preserve: true }) as Row[] | undefined;
  const archivedCount = (rows ?? []).filter((r) => r?.archived).length;
  const title = t(`picklists.fields.${list.field}`);

  const onFinish = (values: Values) => {
    problem.clear();
    if (!values.options.some((r) => !r.archived)) {
      void message.error(t('picklists.errors.noneActive'));
      return;
    }
    update.mutate(
      { field: list.field, options: toOptions(values.options), version: list.version },
      {
        // The saved list has a new version, which starts the editor afresh from it.
        onSuccess: () => void message.success(t('picklists.saved', { name: title })),
        onError: problem.onError,
      },
    );
  };

  const reload = async () => {
    await onReload();
  };

  const header = isPhone ? null : (
    <Row gutter={8} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0', fontWeight: 600 }}>
      <Col md={3}>{t('picklists.columns.order')}</Col>
      <Col md={4}>{t('picklists.columns.value')}</Col>
      <Col md={4}>{t('picklists.columns.zhCN')}</Col>
      <Col md={4}>{t('picklists.columns.zhTW')}</Col>
      <Col md={4}>{t('picklists.columns.enUS')}</Col>
      <Col md={3}>{t('picklists.columns.archived')}</Col>
      <Col md={2} />
    </Row>
  );

  return (
    <Form<Values> form={form} name={`picklist-${list.field}`} initialValues={{ options: toRows(list) }} onFinish={onFinish}>
      <Typography.Paragraph type="secondary">
        {t('picklists.valueHint')}
        {archivedCount > 0 ? ` ${t('picklists.archivedCount', { n: archivedCount })}` : null}
      </Typography.Paragraph>
      {header}
      <Form.List name="options">
        {(fields, { add, remove, move }) => (
          <>
            {fields.map((f, index) => {
              const row = rows?.[index];
              const name = row?.label?.['zh-CN'] || row?.value || t('picklists.newOption');
              const cell = { style: { marginBottom: isPhone ? 8 : 0 } };
              return (
                <Row
                  key={f.key}
                  gutter={8}
                  align="top"
                  style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0', opacity: row?.archived ? 0.6 : 1 }}
                  data-testid="picklist-row"
                >
                  <Col xs={12} md={3}>
                    <Flex gap={4} align="center">
                      <Typography.Text type="secondary" style={{ width: 24 }}>
                        {index + 1}
                      </Typography.Text>
                      <Button size="small" icon={<ArrowUpOutlined aria-hidden />} disabled={index === 0} onClick={() => move(index, index - 1)} aria-label={t('picklists.moveUp', { name })} />
                      <Button size="small" icon={<ArrowDownOutlined aria-hidden />} disabled={index === fields.length - 1} onClick={() => move(index, index + 1)} aria-label={t('picklists.moveDown', { name })} />
                    </Flex>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name={[f.name, 'value']} rules={codeRules(list.field, form, index, t)} {...cell}>
                      <Input
                        aria-label={t('picklists.columns.value')}
                        placeholder={t('picklists.columns.value')}
                        disabled={!row?.isNew}
                        className="kehu-mono"
                        autoComplete="off"
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={4}>
                    <Form.Item name={[f.name, 'label', 'zh-CN']} rules={[{ required: true, whitespace: true, message: t('picklists.errors.labelRequired') }]} {...cell}>
                      <Input aria-label={t('picklists.columns.zhCN')} placeholder={t('picklists.columns.zhCN')} maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name={[f.name, 'label', 'zh-TW']} {...cell}>
                      <Input aria-label={t('picklists.columns.zhTW')} placeholder={t('picklists.columns.zhTW')} maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name={[f.name, 'label', 'en-US']} {...cell}>
                      <Input aria-label={t('picklists.columns.enUS')} placeholder={t('picklists.columns.enUS')} maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={3}>
                    <Flex gap={8} align="center" style={{ minHeight: 32 }}>
                      <Form.Item name={[f.name, 'archived']} valuePropName="checked" noStyle>
                        <Switch size="small" aria-label={`${t('picklists.columns.archived')} ${name}`} />
                      </Form.Item>
                      {row?.archived ? <Tag style={{ marginInlineEnd: 0 }}>{t('picklists.columns.archived')}</Tag> : null}
                      {isPhone ? <Typography.Text type="secondary">{row?.archived ? null : t('picklists.columns.archived')}</Typography.Text> : null}
                    </Flex>
                  </Col>
                  <Col xs={12} md={2} style={{ textAlign: 'end' }}>
                    {row?.isNew ? (
                      <Button type="text" danger icon={<DeleteOutlined aria-hidden />} onClick={() => remove(f.name)} aria-label={t('picklists.remove', { name })} />
                    ) : null}
                  </Col>
                </Row>
              );
            })}
            <Button
              type="dashed"
              block
              icon={<PlusOutlined aria-hidden />}
              style={{ marginTop: 12 }}
              onClick={() => add({ value: '', label: { 'zh-CN': '', 'zh-TW': '', 'en-US': '' }, archived: false, isNew: true } satisfies Row)}
              data-testid="picklist-add"
            >
              {t('picklists.add')}
            </Button>
          </>
        )}
      </Form.List>
      <div style={{ marginTop: 16 }}>
        <FormProblem state={problem} onReload={() => void reload()} />
      </div>
      <Flex justify="flex-end" gap={8}>
        <Button onClick={() => form.resetFields()}>{t('common.reset')}</Button>
        <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="picklist-save">
          {t('common.save')}
        </Button>
      </Flex>
    </Form>
  );
}

export function PicklistsPage() {
  const { t } = useTranslation();
  const lists = usePicklists();
  const refetch = () => lists.refetch();
  return (
    <>
      <PageHeader title={t('picklists.title')} description={t('picklists.description')} />
      {lists.isPending ? (
        <PageSkeleton rows={8} />
      ) : lists.isError ? (
        <Card>
          <ErrorState error={lists.error} onRetry={() => void lists.refetch()} />
        </Card>
      ) : (
        <Card>
          <Tabs
            items={picklistFields.flatMap((field) => {
              const list = lists.data[field];
              return list
                ? [
                    {
                      key: field,
                      label: <span data-testid={`picklist-tab-${field}`}>{t(`picklists.fields.${field}`)}</span>,
                      // A new version (saved here or reloaded) starts the editor afresh.
                      children: <PicklistEditor key={list.version} list={list} onReload={refetch} />,
                    },
                  ]
                : [];
            })}
          />
        </Card>
      )}
    </>
  );
}
